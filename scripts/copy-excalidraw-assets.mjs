// Self-hosts Excalidraw's canvas fonts. Excalidraw fetches them at runtime
// from `${window.EXCALIDRAW_ASSET_PATH}fonts/<Family>/<file>.woff2` and falls
// back to esm.sh, which these machines (and privacy-minded users) cannot
// reach. The whiteboard sets the asset path to /excalidraw-assets/, so the
// package's dist/prod/fonts tree is mirrored to public/excalidraw-assets/fonts.
// Runs on every install: files already present with the same size are skipped.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(root, 'node_modules', '@excalidraw', 'excalidraw', 'dist', 'prod', 'fonts');
const target = path.join(root, 'public', 'excalidraw-assets', 'fonts');

if (!existsSync(source)) {
  // Not fatal: a partial install should still finish, and the fallback only costs the fonts.
  console.warn(`excalidraw assets: ${path.relative(root, source)} is missing; whiteboard fonts will not be self-hosted`);
  process.exit(0);
}

let copied = 0;
let total = 0;
function mirror(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      mirror(src, dst);
      continue;
    }
    total++;
    // Font files carry their content hash in the name, so a size match is enough to skip.
    if (existsSync(dst) && statSync(dst).size === statSync(src).size) continue;
    copyFileSync(src, dst);
    copied++;
  }
}
mirror(source, target);
console.log(`excalidraw assets: ${copied} of ${total} font files copied to ${path.relative(root, target)}`);
