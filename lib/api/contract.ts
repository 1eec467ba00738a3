/**
 * The shape of one HTTP route as both sides see it: method, path pattern,
 * request and response schemas, and the success status. The browser's
 * `apiFetch` and the server's route wrappers take the same object, so a form
 * and its route cannot drift apart.
 */
import type { z } from 'zod';
import '../validation/zod-config';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `'/api/interviews/:id/notes/:noteId'` → `'id' | 'noteId'`. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

export interface RouteContract<
  M extends Method = Method,
  P extends string = string,
  Req extends z.ZodType | null = z.ZodType | null,
  Res extends z.ZodType | null = z.ZodType | null,
> {
  method: M;
  /** Path pattern; `:name` segments are filled (URL-encoded) from `params`. */
  path: P;
  /** The JSON body's schema, or null for a route that takes no body. */
  request: Req;
  /** The success body's schema, or null for 204 No Content. */
  response: Res;
  /** The success status: 200 unless stated; a null response means 204. */
  status: number;
}

export function defineRoute<
  const M extends Method,
  const P extends string,
  Req extends z.ZodType | null = null,
  Res extends z.ZodType | null = null,
>(route: { method: M; path: P; request?: Req; response: Res; status?: number }): RouteContract<M, P, Req, Res> {
  return {
    method: route.method,
    path: route.path,
    request: (route.request ?? null) as Req,
    response: route.response,
    status: route.status ?? (route.response === null ? 204 : 200),
  };
}

/** What the caller sends: path params when the path has any, a body when the route takes one. */
export type RequestBody<C extends RouteContract> = C['request'] extends z.ZodType ? z.input<C['request']> : undefined;
export type ResponseBody<C extends RouteContract> = C['response'] extends z.ZodType ? z.output<C['response']> : null;
/** What a server handler may return: the schema's input (it is parsed on the way out). */
export type ResponseData<C extends RouteContract> = C['response'] extends z.ZodType ? z.input<C['response']> : null;

export function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${pattern}`);
    return encodeURIComponent(value);
  });
}
