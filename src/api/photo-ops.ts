import { psId, psIds } from '../library/uids.ts';
import { route } from '../webapi/route.ts';
import { cancelAction, idString, nonEmptyIdList } from '../webapi/schema.ts';
import { answerOnWire } from './reasons.ts';

// Ids and the destination may be given as uids (SPEC §17); the cancel key stays the `id` as sent.

export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, async (call) =>
  answerOnWire(await call.services.ops.photoDelete(call.user, call.raw.id, psIds(call.services.library, call.params.id)), call.info),
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
  async ({ params, user, raw, services, info }) =>
    answerOnWire(await services.ops.photoCopy(user, raw.id, psIds(services.library, params.id), psId(services.library, params.sharepath), params.mode, params.duplicate), info),
);

/** Stops the copy/move or delete started with this exact `id` string; matching nothing is still a success. */
export const cancel = route('user', { type: 'object', properties: { action: cancelAction, id: { type: 'string', maxLength: 10_000_000 } }, required: ['action'] }, (call): void => {
  call.services.ops.cancel('items', call.params.action, call.raw.id);
});
