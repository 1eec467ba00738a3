// `npm run build`: a production build plus the fingerprint that lets
// `npm start` know the build matches the sources.
import { buildApp } from '../server/boot/next-build';
import { PROJECT_ROOT } from '../server/app';

await buildApp(PROJECT_ROOT);
