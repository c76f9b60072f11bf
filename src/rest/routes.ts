import type { RestRoute } from './declare.ts';
import { assetsSync, bulkMoveAssets } from './routes/assets.ts';
import { deleteImages, moveImages } from './routes/images.ts';
import { batchMove, batchTask } from './routes/paths.ts';

/** Every REST route (SPEC §17), once: the router and /api/openapi.json both read this list. */
export function restRoutes(): RestRoute[] {
  return [moveImages, deleteImages, bulkMoveAssets, assetsSync, batchMove, batchTask];
}
