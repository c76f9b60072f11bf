import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Strategy } from '../ops/clash.ts';
import { Code } from '../webapi/codes.ts';
import { answerOnWire, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

/** Trash's codes for the domain's reasons (SPEC §11): 610 an entry that is not there, 101 a link on the way back. */
const codes: CodeTable = {
  'not-found': Code.TrashNotFound,
  unsafe: Code.BadRequest,
  exists: Code.BatchConflict,
};

function list(call: Call<{ offset: number; limit: number }>) {
  return call.services.ops.trashList(call.user as User, call.params.offset, call.params.limit);
}

function restore(call: Call<{ id: number[]; duplicate: Strategy }>) {
  return withCodes(codes, async () => answerOnWire(await call.services.ops.trashRestore(call.user as User, call.raw.id, call.params.id, call.params.duplicate), codes));
}

function empty(call: Call<{ id?: number[] }>) {
  return withCodes(codes, async () => call.services.ops.trashEmpty(call.user as User, call.params.id));
}

export const handlers = { list, restore, empty } satisfies Handlers;
