import { health } from '@/lib/api/health';
import { checkDb } from '@/server/db/client';
import { getRuntime } from '@/server/env';
import { apiRoute, Reply } from '@/server/routes/api-route';

export const dynamic = 'force-dynamic';

const startedAt = Date.now();

export const GET = apiRoute(health, { signedIn: false }, async () => {
  const database = await checkDb();
  const body = {
    status: database.ok ? ('ok' as const) : ('degraded' as const),
    app: { status: 'up' as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
    db: database.ok
      ? { status: 'up' as const, mode: getRuntime().dbMode, latencyMs: database.latencyMs }
      : { status: 'down' as const, mode: getRuntime().dbMode, error: database.error },
  };
  return new Reply(body, { status: database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
});
