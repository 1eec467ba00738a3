/**
 * Boots Mockroom: configuration, database, Next, realtime, in that order, and
 * returns a handle that shuts it all down in reverse.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { CloseCode } from '../lib/realtime/close-codes';
import { CLIENT_IP_HEADER } from './auth/client-ip';
import { resolveDatabase, type ResolvedDatabase } from './boot/database';
import { startBackgroundJobs } from './boot/jobs';
import { ensureDemoAccounts, type DemoLogin } from './boot/demo-accounts';
import { ensureBuilt } from './boot/next-build';
import { disconnectDb } from './db/client';
import { closeRawPools } from './db/raw-pool';
import { createEdgeGuard, type EdgeGuard } from './edge/guard';
import { eventBus } from './events/bus';
import { getEnv, publishRuntime, type DbMode, type Env } from './env';
import { readOrCreateSecret } from './local-secrets';
import { log } from './log';
import { attachSocketIo } from './realtime/socket-io';
import { attachUpgradeDispatcher } from './realtime/upgrade';
import { BoardServer } from './realtime/yjs/board-server';
import { logCaptureMode } from './recordings/egress/config';
import { loadScenarioLibrary, publishLibrary } from './scenarios/library';
import { startRecordingSweeps } from './recordings/sweep';
import { findNodeRoute } from './node-routes';
import { trackReliability } from './matching/reliability';
import { TimerService } from './timer/service';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningApp {
  url: string;
  port: number;
  dbMode: DbMode;
  /** Where the embedded cluster's data lives (it moves out of DATA_DIR as root in a private folder). */
  dbLocation?: string;
  demoLogins: DemoLogin[];
  close(): Promise<void>;
}

/** Waits for `work` up to `ms`; logs and returns false instead of hanging or throwing. */
async function settlesWithin(work: Promise<unknown>, ms: number, label?: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    work.then(
      () => true,
      (error: unknown) => {
        if (label) log.warn(`${label}: ${String(error)}`);
        return true;
      },
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  if (!outcome && label) log.warn(`${label} within ${ms} ms; continuing shutdown.`);
  return outcome;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The one place client addresses enter: replace whatever the client claimed.
 * Next builds its Headers from rawHeaders, so both views must be rewritten.
 */
function stampClientIp(req: IncomingMessage, ip: string) {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === CLIENT_IP_HEADER) raw.splice(i, 2);
  raw.push(CLIENT_IP_HEADER, ip);
  req.headers[CLIENT_IP_HEADER] = ip;
}

export async function startApp(env: Env = getEnv()): Promise<RunningApp> {
  const dev = env.NODE_ENV === 'development';
  const dataDir = path.resolve(PROJECT_ROOT, env.DATA_DIR);
  // Content first: a bad scenario stops start-up before anything is built or started.
  publishLibrary(loadScenarioLibrary(path.resolve(PROJECT_ROOT, env.SCENARIOS_DIR)));
  if (!dev) await ensureBuilt(PROJECT_ROOT);

  const authSecret = env.AUTH_SECRET ?? readOrCreateSecret(dataDir, 'auth-secret');
  const database = await resolveDatabase({ ...env, DATA_DIR: dataDir });
  try {
    return await serve(env, { dev, dataDir, authSecret, database });
  } catch (error) {
    // Never leave behind an embedded Postgres this failed start launched; one
    // it merely reattached to may be serving another process.
    if (database.startedHere) await database.stop().catch(() => {});
    throw error;
  }
}

interface ServeContext {
  dev: boolean;
  dataDir: string;
  authSecret: string;
  database: ResolvedDatabase;
}

async function serve(env: Env, { dev, dataDir, authSecret, database }: ServeContext): Promise<RunningApp> {
  const nextApp = next({ dev, dir: PROJECT_ROOT, quiet: !dev });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  let ready = false;
  // Built once the port (and so the allowed origins) is known; nothing is served before that.
  let guard: EdgeGuard | undefined;
  const server = createServer((req, res) => {
    stampClientIp(req, clientIp(req, env.TRUST_PROXY));
    if (guard && !guard(req, res)) return;
    if (!ready) {
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('Mockroom is starting, retry in a moment.');
      return;
    }
    if (env.METRICS_TOKEN && req.url === '/internal/metrics') return void serveMetrics(req, res);
    // Recording chunks, the busiest request, skip Next (server/routes/node-route.ts says why).
    const own = findNodeRoute((req.url ?? '/').split('?', 1)[0]!);
    if (own) {
      return void own.route.serve(req, res, own.params).catch((error: unknown) => {
        log.error(`request ${req.method} ${req.url} failed`, error);
        if (!res.headersSent) res.writeHead(500).end('Internal error');
      });
    }
    handle(req, res).catch((error: unknown) => {
      log.error(`request ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? new Error(`Port ${env.PORT} is already in use. Set PORT to a free port.`) : error;
  });
  server.on('error', (error) => log.error('HTTP server error', error));
  const port = (server.address() as AddressInfo).port;
  const url = env.APP_URL ?? `http://localhost:${port}`;
  const allowedOrigins = [...new Set([new URL(url).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
  publishRuntime({ databaseUrl: database.url, dbMode: database.mode, authSecret, appUrl: url, dataDir });
  logCaptureMode(env);
  guard = createEdgeGuard({ allowedOrigins, appUrl: url, livekitUrl: env.LIVEKIT_URL, dev });

  // The one timer service of this process: room commands and "interview ended" go through its cache.
  const timers = new TimerService(eventBus());
  // Late cancels and attendance of matched sessions, from the domain's events.
  const untrackReliability = trackReliability(eventBus());
  const io = attachSocketIo(server, allowedOrigins, { timers, events: eventBus() });
  const boards = new BoardServer();
  // Off unless METRICS_TOKEN is set; answered here, not by Next, so it can see the board server.
  const serveMetrics = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== `Bearer ${env.METRICS_TOKEN}`) return void res.writeHead(401).end();
    const body = { memory: process.memoryUsage(), cpu: process.cpuUsage(), uptimeSeconds: process.uptime(), boards: await boards.snapshotStats() };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const upgrades = attachUpgradeDispatcher(server, {
    allowedOrigins,
    nextUpgrade: dev ? nextApp.getUpgradeHandler() : undefined,
    documentChannel: boards.channel,
  });

  const demoEnabled = env.DEMO_ACCOUNTS ?? (database.mode === 'embedded' || dev);
  const demoLogins = demoEnabled ? await ensureDemoAccounts(dataDir) : [];
  // Before the first request: routes queue email and reminder jobs.
  const jobs = await startBackgroundJobs(env, database.url);
  ready = true;
  // Retention, and recordings a closed tab or a restart left unfinished: at start-up, then hourly.
  const sweeps = startRecordingSweeps({ retentionDays: env.RECORDING_RETENTION_DAYS });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      ready = false;
      // Stop accepting and ask every WebSocket peer to go (1001: reconnect later).
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of upgrades.wss.clients) ws.close(CloseCode.GoingAway, 'server shutting down');
      io.close();
      timers.close();
      untrackReliability();
      const sweepDone = sweeps.stop();
      // Peers get a moment for the close handshake; sockets that ignore it
      // (or that Next's HMR owns) would otherwise hold server.close() open.
      await settlesWithin(upgrades.drained(), Math.min(1000, env.SHUTDOWN_TIMEOUT_MS));
      upgrades.destroyAll();
      // In-flight HTTP requests get until the deadline.
      server.closeIdleConnections();
      if (!(await settlesWithin(stopped, env.SHUTDOWN_TIMEOUT_MS))) {
        log.warn(`Requests still open after ${env.SHUTDOWN_TIMEOUT_MS} ms: closing them.`);
        server.closeAllConnections();
      }
      // Every later step is bounded too: the embedded database must be stopped whatever happens above.
      await settlesWithin(boards.close(), 5000, 'board log did not flush');
      await settlesWithin(sweepDone, 5000, 'recording sweep did not stop');
      await settlesWithin(jobs.stop(), 6000, 'job queue did not stop');
      await settlesWithin(nextApp.close(), 5000, 'Next did not close');
      await settlesWithin(Promise.all([disconnectDb(), closeRawPools()]), 5000, 'database pool did not close');
      await database.stop();
    })());

  return { url, port, dbMode: database.mode, dbLocation: database.location, demoLogins, close };
}
