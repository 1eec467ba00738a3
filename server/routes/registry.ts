/**
 * Every handler the route wrappers return carries a tag: the contract it
 * serves and the policy action it checks. The tags are the route registry
 * (tests/integration/policy-matrix.test.ts reads them); they are set as a
 * non-enumerable symbol property, so Next never sees them as an export.
 */
import type { RouteContract } from '../../lib/api/contract';
import type { Action } from '../interviews/policy';

export interface RouteTag {
  contract: RouteContract;
  /** The action authorized before the handler runs, or null for routes outside an interview. */
  action: Action | null;
}

const ROUTE_TAG = Symbol.for('mockroom.route');

export function tagRoute<F extends object>(handler: F, tag: RouteTag): F {
  Object.defineProperty(handler, ROUTE_TAG, { value: tag, enumerable: false });
  return handler;
}

export function routeTagOf(handler: unknown): RouteTag | undefined {
  if (typeof handler !== 'function') return undefined;
  return Reflect.get(handler, ROUTE_TAG) as RouteTag | undefined;
}
