// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons and the Postgres driver must stay real node_modules requires:
  // bundling them breaks their binary and dynamic lookups.
  serverExternalPackages: ['@node-rs/argon2', 'pg', '@prisma/adapter-pg', 'nodemailer'],
};
export default nextConfig;
