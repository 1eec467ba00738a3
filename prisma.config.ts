// Config for the Prisma CLI only (generate; migrate deploy on machines that can
// fetch Prisma's schema engine). The app itself never reads this file.
// It must not throw when DATABASE_URL is unset: `prisma generate` needs no database.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // eslint-disable-next-line no-restricted-properties -- CLI config, outside server/env.ts by necessity
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
