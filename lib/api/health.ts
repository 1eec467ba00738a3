/** Liveness and database state, for operators and load balancers. 503 (same body) when the database is down. */
import { z } from 'zod';
import { defineRoute } from './contract';

const dbMode = z.string();

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  app: z.object({ status: z.literal('up'), uptimeSeconds: z.number() }),
  db: z.union([
    z.object({ status: z.literal('up'), mode: dbMode, latencyMs: z.number() }),
    z.object({ status: z.literal('down'), mode: dbMode, error: z.string() }),
  ]),
});

export const health = defineRoute({ method: 'GET', path: '/api/health', response: healthSchema });
