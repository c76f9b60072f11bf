import { route } from '../webapi/route.ts';
import { cancelAction, idString, nonEmptyIdList } from '../webapi/schema.ts';

export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, (call) =>
  call.services.ops.photoDelete(call.user, call.raw.id, call.params.id),
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
  ({ params, user, raw, services }) => services.ops.photoCopy(user, raw.id, params.id, params.sharepath, params.mode, params.duplicate),
);

/** Stops the copy/move or delete started with this exact `id` string; matching nothing is still a success. */
export const cancel = route(
  'user',
  { type: 'object', properties: { action: cancelAction, id: { type: 'string', maxLength: 10_000_000 } }, required: ['action'] },
  (call): void => {
    call.services.ops.cancel('SYNO.PhotoStation.Photo', call.params.action, call.raw.id);
  },
);
