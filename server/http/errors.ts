/**
 * Domain errors and their one mapping to HTTP statuses. Route handlers throw
 * these (or let zod throw) and `route()` turns them into JSON responses.
 */
import { ZodError } from 'zod';
import type { ErrorBody } from '../../lib/api/errors';
import { isDatabaseUnreachable } from '../db/unreachable';

export type { ErrorBody };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, 'bad_request', message);
  }
}
export class UnauthorizedError extends HttpError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'unauthorized', message);
  }
}
export class ForbiddenError extends HttpError {
  constructor(message = 'You are not allowed to do that.') {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends HttpError {
  constructor(message = 'Not found.') {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}
export class UnsupportedMediaTypeError extends HttpError {
  constructor(message: string) {
    super(415, 'unsupported_media_type', message);
  }
}
/** Said the same way by routes and socket.io acks; the autosave shows "Offline — will retry" on it. */
export const DATABASE_UNREACHABLE_MESSAGE = 'The database is unreachable right now; the save will be retried.';
/** Seconds a client should wait before retrying while the database is out of reach. */
const DATABASE_RETRY_AFTER_SECONDS = 5;
export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number, message = 'Too many attempts. Try again later.') {
    super(429, 'rate_limited', message, { 'retry-after': String(retryAfterSeconds) });
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) fields[issue.path.join('.') || '(body)'] ??= issue.message;
    const body: ErrorBody = {
      error: { code: 'invalid_input', message: Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; '), fields },
    };
    return Response.json(body, { status: 422 });
  }
  if (error instanceof HttpError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    return Response.json(body, { status: error.status, headers: error.headers });
  }
  if (isDatabaseUnreachable(error)) {
    console.error('Database unreachable in route handler', error instanceof Error ? error.message : error);
    const body: ErrorBody = { error: { code: 'unavailable', message: DATABASE_UNREACHABLE_MESSAGE } };
    return Response.json(body, { status: 503, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } });
  }
  console.error('Unhandled error in route handler', error);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } } satisfies ErrorBody, { status: 500 });
}

/** Wraps a route handler so every thrown error is mapped in one place. */
export function route<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A 422 for one field that passed the schema but not a check against stored data. */
export function invalidField(path: (string | number)[], message: string): ZodError {
  return new ZodError([{ code: 'custom', path, message, input: undefined }]);
}

/** Reads a JSON body; a non-JSON body is a 422 that says so. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ZodError([{ code: 'custom', path: [], message: 'Request body must be valid JSON.', input: undefined }]);
  }
}
