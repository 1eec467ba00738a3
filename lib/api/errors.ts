/**
 * The one error body every API route answers with, and the typed error the
 * browser turns it into. The server's `errorResponse` builds bodies of this
 * schema; `apiFetch` parses them back.
 */
import { z } from 'zod';

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Per-field messages of a 422, keyed by the field's dotted path ("(body)" for the whole body). */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Codes `apiFetch` sets itself, for failures that have no server error body. */
export const ClientErrorCode = {
  /** The request never got an HTTP answer: offline, DNS, refused connection. Status 0. */
  Network: 'network',
  /** The caller's AbortSignal fired. Status 0. */
  Aborted: 'aborted',
  /** An answer came, but its body is not what the contract says (or not JSON). Status is the HTTP status. */
  BadResponse: 'bad_response',
} as const;

export class ApiError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer came (network failure, abort). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** No answer reached us: worth retrying, unlike a refusal. */
  get isNetwork(): boolean {
    return this.code === ClientErrorCode.Network;
  }
}
