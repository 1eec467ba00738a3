import { defineConfig } from 'vitest/config';

const alias = { '@': new URL('.', import.meta.url).pathname };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          // Cheap suites first: a broken unit stops nobody waiting on a browser.
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.ts', 'lib/**/*.test.ts', 'server/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts real server processes; two at a time fits 2 cores.
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          // Attacks that must keep failing: abuse of the board, cross-site posts,
          // oversized bodies, headers, lockouts. Real server, real Postgres.
          name: 'security',
          environment: 'node',
          sequence: { groupOrder: 2 },
          include: ['tests/security/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          sequence: { groupOrder: 3 },
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
