import type { UnitSpec } from '../../tasks/store.ts';
import { runUnits } from '../batch-client.ts';
import { requireAbility } from '../caller.ts';
import type { RestRoute, Schema } from '../declare.ts';
import { RestError } from '../declare.ts';
import { MAX_ENTRIES } from '../limits.ts';
import { albumRef, itemRef } from '../refs.ts';

/**
 * Seeds 000 and 003, the Image API: bare JSON arrays of the ids done, as the request named them
 * (Photo Station ids or uids). Both seed documents list the answer in the reverse order of the
 * request (the last id named comes first); the routes answer the same way. An entry that names
 * no image, or an album that does not exist, or that the engine could not move (rights, a
 * vanished file) is simply not in the array: the seeds report only what was done.
 */

const idList: Schema = { type: 'array', items: { type: 'string', maxLength: 20000 }, minItems: 1, maxItems: MAX_ENTRIES };
const doneIds: Schema = { type: 'array', items: { type: 'string' }, description: 'The ids done, as the request named them, last named first.' };

export const moveImages: RestRoute = {
  id: 'moveImages',
  seed: '000',
  method: 'post',
  path: '/api/v1/images/move',
  summary: 'Move multiple images across multiple albums',
  description:
    'Each `move_operations[<image id>]=<album id>` moves one image (a photo or a video; a Photo Station id or a uid) into the album (an album id or uid; empty: the root). ' +
    'A name taken in the destination is kept and the image takes the first free `name (n)` (SPEC §9 `rename`). The token needs `manage` on each source album and `upload` on each destination (403). ' +
    'Up to 1 000 images move within the request; more run as a background task that the request waits for (so a restart resumes it). Journaled units of the Batch engine (SPEC §10, §12).',
  body: {
    types: ['application/x-www-form-urlencoded', 'application/json'],
    description: 'Form: `move_operations[<image id>]=<album id>&...`; JSON: `{"move_operations": {"<image id>": "<album id>"}}`.',
    schema: {
      type: 'object',
      properties: { move_operations: { type: 'object', additionalProperties: { type: 'string', maxLength: 20000 }, minProperties: 1, maxProperties: MAX_ENTRIES } },
      required: ['move_operations'],
    },
  },
  answers: { 200: { description: 'The ids of the images moved, as the request named them.', schema: doneIds } },
  async handler({ services, caller, body }) {
    const { library } = services;
    const ops = (body as { move_operations: Record<string, string> }).move_operations;
    const named: string[] = [];
    const units: UnitSpec[] = [];
    const sources: string[] = [];
    const dests: string[] = [];
    for (const [rawFrom, rawTo] of Object.entries(ops)) {
      const from = itemRef(library, rawFrom);
      const to = albumRef(library, rawTo);
      if (!from || !to) continue;
      named.push(rawFrom);
      units.push({ source: from.id, dest: to.id, duplicate: 'rename' });
      sources.push(from.ref.albumPath);
      dests.push(to.path);
    }
    requireAbility(caller, library, sources, 'manage');
    requireAbility(caller, library, dests, 'upload');
    const outcomes = units.length === 0 ? [] : await runUnits(services, caller.user, 'move', units);
    const done = named.filter((_, i) => (outcomes[i]?.result.status ?? 500) < 300);
    return { status: 200, body: done.reverse() };
  },
};

export const deleteImages: RestRoute = {
  id: 'deleteImages',
  seed: '003',
  method: 'delete',
  path: '/api/v1/images',
  summary: 'Delete images',
  description:
    "Deletes the images named by `image_ids[]` (Photo Station ids or uids) to the trash (SPEC §11). The token needs `manage` on each image's album (403). " +
    '`image_ids[]` may also come in the query string, for clients that send no body with DELETE.',
  body: {
    types: ['application/x-www-form-urlencoded', 'application/json'],
    required: false,
    description: 'Form: `image_ids[]=<id>&image_ids[]=<id>`; JSON: `{"image_ids": ["<id>", ...]}`.',
    schema: { type: 'object', properties: { image_ids: idList } },
  },
  answers: { 200: { description: 'The ids of the images deleted, as the request named them.', schema: doneIds } },
  async handler({ services, caller, body, ctx }) {
    const { library } = services;
    let ids = (body as { image_ids?: string[] } | undefined)?.image_ids;
    if (ids === undefined) {
      const query = new URLSearchParams(ctx.querystring);
      ids = [...query.getAll('image_ids[]'), ...query.getAll('image_ids')];
    }
    if (ids.length === 0) throw new RestError(400, 'Expected `image_ids[]`');
    if (ids.length > MAX_ENTRIES) throw new RestError(400, `Expected at most ${MAX_ENTRIES} ids`);
    const named: string[] = [];
    const units: UnitSpec[] = [];
    const albums: string[] = [];
    const seen = new Set<string>();
    for (const raw of ids) {
      const ref = itemRef(library, raw);
      if (!ref || seen.has(ref.id)) continue;
      seen.add(ref.id);
      named.push(raw);
      units.push({ source: ref.id });
      albums.push(ref.ref.albumPath);
    }
    requireAbility(caller, library, albums, 'manage');
    const outcomes = units.length === 0 ? [] : await runUnits(services, caller.user, 'delete', units);
    const done = named.filter((_, i) => (outcomes[i]?.result.status ?? 500) < 300);
    return { status: 200, body: done.reverse() };
  },
};
