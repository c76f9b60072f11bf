import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Action } from '../ops/running.ts';

/** Album.delete: every album to the trash (manage on each, else 419). */
function remove(call: Call<{ id: string[] }>) {
  return call.services.ops.albumDelete(call.user as User, call.raw.id, call.params.id);
}

/**
 * Album.move. `duplicate` is checked by the library, not the schema, so that a bad destination
 * (456) is reported before a missing `duplicate` (101), in the seed's order.
 */
function move(call: Call<{ id?: string[]; sharepath?: string; duplicate?: string }>) {
  const { params } = call;
  return call.services.ops.albumMove(call.user as User, call.raw.id, params.id, params.sharepath, params.duplicate);
}

/** Stops the operation started with this exact `id` string; matching nothing is still a success. */
function cancel(call: Call<{ action: Action }>): void {
  call.services.ops.cancel('SYNO.PhotoStation.Album', call.params.action, call.raw.id);
}

export const operations = {
  delete: remove,
  move,
  cancel,
} satisfies Handlers;
