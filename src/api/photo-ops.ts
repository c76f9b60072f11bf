import { Code } from '../codes.ts';
import { psId, psIds } from '../library/uids.ts';
import { route } from '../webapi/route.ts';
import { cancelAction, idString, nonEmptyIdList } from '../webapi/schema.ts';
import { answerOnWire, withCodes } from './reasons.ts';
import type { CodeTable } from './reasons.ts';

// Ids and the destination may be given as uids (SPEC §17); the cancel key stays the `id` as sent.

/** Photo's codes for the domain's reasons (docs/protocol.md): 456 bad or unknown ids, 457 rights, 458 conflict. */
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

export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, (call) =>
  withCodes(codes, async () => answerOnWire(await call.services.ops.photoDelete(call.user, call.raw.id, psIds(call.services.library, call.params.id)), codes)),
);

export const copy = route(
  'user',
  {
    type: 'object',
    properties: {
      id: nonEmptyIdList,
      sharepath: idString,
      mode: { type: 'string', enum: ['copy', 'move'] },
      duplicate: { type: 'string', enum: ['rename', 'ignore', 'overwrite'] },
    },
    required: ['id', 'sharepath', 'mode', 'duplicate'],
  },
  ({ params, user, raw, services }) =>
    withCodes(codes, async () =>
      answerOnWire(await services.ops.photoCopy(user, raw.id, psIds(services.library, params.id), psId(services.library, params.sharepath), params.mode, params.duplicate), codes),
    ),
);

/** Stops the copy/move or delete started with this exact `id` string; matching nothing is still a success. */
export const cancel = route('user', { type: 'object', properties: { action: cancelAction, id: { type: 'string', maxLength: 10_000_000 } }, required: ['action'] }, (call): void => {
  call.services.ops.cancel('items', call.params.action, call.raw.id);
});
