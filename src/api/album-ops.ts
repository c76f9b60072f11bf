import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Action } from '../ops/running.ts';
import { Code } from '../webapi/codes.ts';
import { answerOnWire, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

/** Album's codes for the domain's reasons (SPEC §10): 101 bad or unknown ids, 456 a bad destination, 419 rights, 425 conflict. */
const codes: CodeTable = {
  'bad-input': Code.BadRequest,
  'not-found': Code.BadRequest,
  'bad-destination': Code.PhotoBadParams,
  'no-access': Code.AlbumNoManageRight,
  'no-upload': Code.AlbumNoManageRight,
  'no-manage': Code.AlbumNoManageRight,
  conflict: Code.AlbumSelectConflict,
  exists: Code.BatchConflict,
};

/** Album.delete: every album to the trash (manage on each, else 419). */
function remove(call: Call<{ id: string[] }>) {
  return withCodes(codes, async () => answerOnWire(await call.services.ops.albumDelete(call.user as User, call.raw.id, call.params.id), codes));
}

/**
 * Album.move. `duplicate` is checked by the library, not the schema, so that a bad destination
 * (456) is reported before a missing `duplicate` (101), in the seed's order.
 */
function move(call: Call<{ id?: string[]; sharepath?: string; duplicate?: string }>) {
  const { params } = call;
  return withCodes(codes, async () => answerOnWire(await call.services.ops.albumMove(call.user as User, call.raw.id, params.id, params.sharepath, params.duplicate), codes));
}

/** Stops the operation started with this exact `id` string; matching nothing is still a success. */
function cancel(call: Call<{ action: Action }>): void {
  call.services.ops.cancel('albums', call.params.action, call.raw.id);
}

export const operations = {
  delete: remove,
  move,
  cancel,
} satisfies Handlers;
