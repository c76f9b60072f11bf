import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Duplicate } from '../ops/item-copy.ts';

function list(call: Call<{ offset: number; limit: number }>) {
  return call.services.ops.trashList(call.user as User, call.params.offset, call.params.limit);
}

function restore(call: Call<{ id: number[]; duplicate: Duplicate }>) {
  return call.services.ops.trashRestore(call.user as User, call.raw.id, call.params.id, call.params.duplicate);
}

function empty(call: Call<{ id?: number[] }>) {
  return call.services.ops.trashEmpty(call.user as User, call.params.id);
}

export const handlers = { list, restore, empty } satisfies Handlers;
