// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons and the Postgres driver must stay real node_modules requires:
  // bundling them breaks their binary and dynamic lookups.
  // yjs and its companions: the room's board component renders on the server,
  // and a bundled copy beside the board server's would be a second yjs in one
  // process, which breaks yjs's constructor checks (and it warns about it).
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'nodemailer', 'yjs', 'y-protocols', 'y-websocket', 'lib0'],
};
export default nextConfig;
