/**
 * The one way the browser calls our API. It fills the path, sends JSON,
 * checks `resp.ok`, and parses both outcomes: a success body with the
 * route's response schema, an error body with the shared error schema. Every
 * failure becomes an `ApiError`, so callers tell "offline" (status 0, code
 * 'network') from "refused" (the server's status and message).
 */
import type { z } from 'zod';
import { fillPath, type PathParams, type RequestBody, type ResponseBody, type RouteContract } from './contract';
import { ApiError, ClientErrorCode, errorBodySchema } from './errors';

export interface FetchOptions {
  signal?: AbortSignal;
  /** Lets the request outlive the page (for saves sent while leaving). */
  keepalive?: boolean;
  /** Absolute origin for callers outside a page (tests, scripts); pages use relative paths. */
  baseUrl?: string;
}

type ParamsPart<C extends RouteContract> = keyof PathParams<C['path']> extends never ? { params?: undefined } : { params: PathParams<C['path']> };
type BodyPart<C extends RouteContract> = C['request'] extends z.ZodType ? { body: RequestBody<C> } : { body?: undefined };
export type ApiInput<C extends RouteContract> = ParamsPart<C> & BodyPart<C> & FetchOptions;
/** The input may be left out when the route needs neither params nor a body. */
type InputArgs<C extends RouteContract> = object extends ParamsPart<C> & BodyPart<C> ? [input?: ApiInput<C>] : [input: ApiInput<C>];

const clientCodes = new Set<string>(Object.values(ClientErrorCode));

export async function apiFetch<C extends RouteContract>(contract: C, ...[input]: InputArgs<C>): Promise<ResponseBody<C>> {
  const path = fillPath(contract.path, (input?.params ?? {}) as Record<string, string>);
  const what = `${contract.method} ${path}`;
  const url = input?.baseUrl ? new URL(path, input.baseUrl).toString() : path;
  const sendsBody = contract.request !== null;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (sendsBody) headers['content-type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: contract.method,
      headers,
      body: sendsBody ? JSON.stringify(input?.body) : undefined,
      signal: input?.signal,
      keepalive: input?.keepalive,
      credentials: 'same-origin',
    });
    text = await response.text();
  } catch (error) {
    if (input?.signal?.aborted) throw new ApiError(0, ClientErrorCode.Aborted, `${what} was cancelled.`);
    throw new ApiError(0, ClientErrorCode.Network, `Could not reach the server for ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  if (!response.ok) throw errorFrom(response.status, text, what);
  if (contract.response === null) return null as ResponseBody<C>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(response.status, ClientErrorCode.BadResponse, `The answer to ${what} (HTTP ${response.status}) is not JSON.`);
  }
  const parsed = contract.response.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    throw new ApiError(
      response.status,
      ClientErrorCode.BadResponse,
      `The answer to ${what} (HTTP ${response.status}) is not what this page expects: ${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data as ResponseBody<C>;
}

function errorFrom(status: number, text: string, what: string): ApiError {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): described below by its status.
  }
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.fields);
  return new ApiError(status, ClientErrorCode.BadResponse, `${what} failed with HTTP ${status}, and the answer carries no error message.`);
}

/** The server's own message for a refusal, or null when it sent none (no answer, or a body without one). */
export function serverMessage(error: ApiError): string | null {
  return clientCodes.has(error.code) ? null : error.message;
}

/**
 * The words a page shows for a failed call: the server's message when it gave
 * one, `offline` when no answer came, else `refused(status)`. Anything but an
 * ApiError is a bug in the caller and is rethrown.
 */
export function failureMessage(error: unknown, words: { offline: string; refused: (status: number) => string }): string {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 0) return words.offline;
  return serverMessage(error) ?? words.refused(error.status);
}
