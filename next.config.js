// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons, the Postgres driver and the job queue (pg-boss, which must be the
  // custom server's one instance) must stay real node_modules requires;
  // @touch4it/ical-timezones reads its zone files from disk:
  // bundling them breaks their binary and dynamic lookups.
  // yjs and its companions: the room's board component renders on the server,
  // and a bundled copy beside the board server's would be a second yjs in one
  // process, which breaks yjs's constructor checks (and it warns about it).
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'nodemailer', 'pg-boss', 'ical-generator', '@touch4it/ical-timezones', 'yjs', 'y-protocols', 'y-websocket', 'lib0'],
};
export default nextConfig;
