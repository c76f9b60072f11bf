import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Duplicate } from '../ops/item-copy.ts';
import type { Action } from '../ops/running.ts';

function remove(call: Call<{ id: string[] }>) {
  return call.services.ops.photoDelete(call.user as User, call.raw.id, call.params.id);
}

function copy(call: Call<{ id: string[]; sharepath: string; mode: 'copy' | 'move'; duplicate: Duplicate }>) {
  const { params } = call;
  return call.services.ops.photoCopy(call.user as User, call.raw.id, params.id, params.sharepath, params.mode, params.duplicate);
}

/** Stops the copy/move or delete started with this exact `id` string; matching nothing is still a success. */
function cancel(call: Call<{ action: Action }>): void {
  call.services.ops.cancel('SYNO.PhotoStation.Photo', call.params.action, call.raw.id);
}

export const operations = {
  delete: remove,
  copy,
  cancel,
} satisfies Handlers;
