/**
 * The Prisma client singleton. Kept on globalThis because Next bundles its own
 * copy of this module next to the custom server's: both must share one pool.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { getRuntime } from '../env';

const holder = globalThis as typeof globalThis & { __mockroomPrisma?: { url: string; client: PrismaClient } };

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

export function db(): PrismaClient {
  const { databaseUrl } = getRuntime();
  if (holder.__mockroomPrisma?.url !== databaseUrl) {
    holder.__mockroomPrisma = { url: databaseUrl, client: createPrismaClient(databaseUrl) };
  }
  return holder.__mockroomPrisma.client;
}

export async function disconnectDb(): Promise<void> {
  const current = holder.__mockroomPrisma;
  holder.__mockroomPrisma = undefined;
  await current?.client.$disconnect();
}

export async function checkDb(): Promise<{ ok: true; latencyMs: number } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    await db().$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: describeDbError(error) };
  }
}

/** A one-line reason for logs and /api/health; Prisma's messages start with blank lines and call sites. */
export function describeDbError(error: unknown): string {
  const driver = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: string; kind?: string } } } }).meta
    ?.driverAdapterError?.cause;
  if (driver?.originalMessage) return driver.originalMessage;
  if (driver?.kind) return driver.kind;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? (error instanceof Error ? error.name : 'unknown database error');
}
