import { checkDb } from '@/server/db/client';
import { getRuntime } from '@/server/env';

export const dynamic = 'force-dynamic';

const startedAt = Date.now();

export async function GET() {
  const database = await checkDb();
  const body = {
    status: database.ok ? 'ok' : 'degraded',
    app: { status: 'up', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
    db: database.ok
      ? { status: 'up', mode: getRuntime().dbMode, latencyMs: database.latencyMs }
      : { status: 'down', mode: getRuntime().dbMode, error: database.error },
  };
  return Response.json(body, { status: database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
