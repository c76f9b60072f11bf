import { psId, psIds } from '../library/uids.ts';
import { route } from '../webapi/route.ts';
import { cancelAction, idString, nonEmptyIdList } from '../webapi/schema.ts';
import { answerOnWire } from './reasons.ts';

// Ids and the destination may be given as uids (SPEC §17); the cancel key stays the `id` as sent.

/** Album.delete: every album to the trash (manage on each, else 419). */
export const remove = route('user', { type: 'object', properties: { id: nonEmptyIdList }, required: ['id'] }, async (call) =>
  answerOnWire(await call.services.ops.albumDelete(call.user, call.raw.id, psIds(call.services.library, call.params.id)), call.info),
);

/**
 * Album.move. `duplicate` is checked by the library, not the schema, so that a bad destination
 * (456) is reported before a missing `duplicate` (101), in the seed's order.
 */
export const move = route(
  'user',
  { type: 'object', properties: { id: nonEmptyIdList, sharepath: idString, duplicate: { type: 'string', maxLength: 64 } }, required: ['id', 'sharepath'] },
  async (call) =>
    answerOnWire(
      await call.services.ops.albumMove(
        call.user,
        call.raw.id,
        psIds(call.services.library, call.params.id),
        psId(call.services.library, call.params.sharepath),
        call.params.duplicate,
      ),
      call.info,
    ),
);

/** Stops the operation started with this exact `id` string; matching nothing is still a success. */
export const cancel = route('user', { type: 'object', properties: { action: cancelAction, id: { type: 'string', maxLength: 10_000_000 } }, required: ['action'] }, (call): void => {
  call.services.ops.cancel('albums', call.params.action, call.raw.id);
});
