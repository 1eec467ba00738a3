import { defineConfig } from 'vitest/config';

const alias = { '@': new URL('.', import.meta.url).pathname };

/**
 * E2E files that assert on wall-clock behaviour: recorder chunk gaps and
 * durations, the timer's skew between two browsers, call set-up, the room's
 * board-first ordering. A second
 * browser suite competing for the same 2 cores would test the machine, not us.
 */
const SERIAL_E2E = [
  // Asserts the panel waits for the board, whose fallback is a fixed delay.
  'tests/e2e/board-ready.test.ts',
  'tests/e2e/recording-devices.test.ts',
  'tests/e2e/recording-room.test.ts',
  'tests/e2e/room.test.ts',
  'tests/e2e/video.test.ts',
];

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
          // Browser suites two files at a time: each file has its own server and
          // database, so they only share the cores. Files whose assertions are
          // about real-time behaviour (media timing, clock skew) run alone in
          // 'e2e-serial' below, after these.
          name: 'e2e',
          environment: 'node',
          sequence: { groupOrder: 3 },
          include: ['tests/e2e/**/*.test.ts'],
          exclude: SERIAL_E2E,
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          // expect.poll waits for a state to appear; its 1 s default is shorter
          // than a save takes when two browser suites share 2 cores.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e-serial',
          environment: 'node',
          sequence: { groupOrder: 4 },
          include: SERIAL_E2E,
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
