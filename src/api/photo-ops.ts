import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import type { Strategy } from '../ops/clash.ts';
import type { Action } from '../ops/running.ts';
import { Code } from '../webapi/codes.ts';
import { answerOnWire, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

/** Photo's codes for the domain's reasons (SPEC §10): 456 bad or unknown ids, 457 rights, 458 conflict. */
const codes: CodeTable = {
  'bad-input': Code.PhotoBadParams,
  'not-found': Code.PhotoBadParams,
  'bad-destination': Code.PhotoBadParams,
  'no-access': Code.PhotoAccessDeny,
  'no-upload': Code.PhotoAccessDeny,
  'no-manage': Code.PhotoAccessDeny,
  conflict: Code.PhotoSelectConflict,
  exists: Code.BatchConflict,
};

function remove(call: Call<{ id: string[] }>) {
  return withCodes(codes, async () => answerOnWire(await call.services.ops.photoDelete(call.user as User, call.raw.id, call.params.id), codes));
}

function copy(call: Call<{ id: string[]; sharepath: string; mode: 'copy' | 'move'; duplicate: Strategy }>) {
  const { params } = call;
  return withCodes(codes, async () => answerOnWire(await call.services.ops.photoCopy(call.user as User, call.raw.id, params.id, params.sharepath, params.mode, params.duplicate), codes));
}

/** Stops the copy/move or delete started with this exact `id` string; matching nothing is still a success. */
function cancel(call: Call<{ action: Action }>): void {
  call.services.ops.cancel('items', call.params.action, call.raw.id);
}

export const operations = {
  delete: remove,
  copy,
  cancel,
} satisfies Handlers;
