/**
 * Is this error the database being out of reach (stopped, restarting, the
 * network down), rather than a bad query? Such a failure is temporary and says
 * nothing about the request, so routes answer 503 and clients retry.
 *
 * Prisma reports a refused connection as P1001 (its driver adapter's kind is
 * `DatabaseNotReachable`); a connection that dies mid-query comes straight
 * from `pg` as "Connection terminated…"; Postgres shutting down sends SQLSTATE
 * class 08 (connection exception) or 57P01–57P03 (admin shutdown, crash
 * shutdown, cannot connect now).
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SQLSTATE = /^(08...|57P0[123])$/;
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

interface Inspectable {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as Inspectable;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (PRISMA_CODES.has(code) || SQLSTATE.test(code) || NODE_CODES.has(code))) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (ADAPTER_KINDS.has(String(adapter.kind)) || SQLSTATE.test(String(adapter.originalCode ?? '')))) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  return isDatabaseUnreachable(e.cause, depth + 1);
}
