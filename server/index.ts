/**
 * Entry point for `npm start` and `npm run dev`: boots the app, prints where it
 * is and how to sign in, and shuts down cleanly on SIGTERM/SIGINT.
 */
import { PROJECT_ROOT, startApp, type RunningApp } from './app';
import { EnvError, getEnv, loadEnvFiles } from './env';
import { log } from './log';
import { scenarioLibrary } from './scenarios/library';

function printBanner(app: RunningApp) {
  const lines = [
    `Mockroom is ready at ${app.url}`,
    `  database: ${app.dbMode === 'embedded' ? `embedded Postgres (${app.dbLocation ?? 'DATA_DIR'})` : 'DATABASE_URL'}`,
    `  scenarios: ${scenarioLibrary().scenarios.length}`,
  ];
  if (app.demoLogins.length) {
    lines.push('  demo logins:');
    for (const login of app.demoLogins) lines.push(`    ${login.role.padEnd(12)} ${login.email.padEnd(28)} password: ${login.password}`);
  }
  console.log('\n' + lines.join('\n') + '\n');
}

async function main() {
  let env;
  try {
    loadEnvFiles(PROJECT_ROOT);
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      console.error('See .env.example for every variable and its format.');
      process.exit(1);
    }
    throw error;
  }

  const app = await startApp(env);
  printBanner(app);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    log.info(`${signal} received: shutting down (finishing requests, closing sockets, stopping the database)…`);
    app.close().then(
      () => {
        log.info('Shutdown complete.');
        process.exit(0);
      },
      (error: unknown) => {
        log.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

process.on('unhandledRejection', (reason) => log.error('Unhandled promise rejection (server stays up)', reason));

main().catch((error: unknown) => {
  console.error(`Mockroom failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
