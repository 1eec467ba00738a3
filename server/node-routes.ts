/** Every route server/app.ts answers before Next (see ./routes/node-route.ts). */
import { uploadChunkRoute } from './recordings/upload-route';
import type { NodeRoute } from './routes/node-route';

export const NODE_ROUTES: readonly NodeRoute[] = [uploadChunkRoute];

/** The route serving this request, with its path parameters, if one of ours does. */
export function findNodeRoute(pathname: string): { route: NodeRoute; params: Record<string, string> } | null {
  for (const route of NODE_ROUTES) {
    const params = route.match(pathname);
    if (params) return { route, params };
  }
  return null;
}
