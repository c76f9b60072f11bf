import { BATCH_API } from '../../batch/kinds.ts';
import { parseSelection } from '../../batch/selection.ts';
import { isAlbumId } from '../../library/ids.ts';
import { selectionPsIds } from '../../library/uids.ts';
import type { TaskStatus } from '../../tasks/store.ts';
import { DomainError } from '../../errors.ts';
import { submitUnits } from '../batch-client.ts';
import { requireAbility } from '../caller.ts';
import type { RestRoute, Schema } from '../declare.ts';
import { RestError } from '../declare.ts';
import { MAX_ENTRIES } from '../limits.ts';
import { albumRef, itemRef } from '../refs.ts';
import { requireSpace, space } from './space.ts';

/**
 * Seed 002, the DAM bulk move: `{parent, selection}` answered with a `job.token` (our task id),
 * whose progress the client follows in the `sync` feed as `jobs` events. Errors in the seed's
 * envelope: `{success:false, error:{code, message}}`, `code` the HTTP status, or 1006 for a bad
 * selection or cursor.
 */

const SELECTION_ERROR = 1006;

const failSchema: Schema = {
  type: 'object',
  properties: { success: { const: false }, error: { type: 'object', properties: { code: { type: 'integer' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['success', 'error'],
};
const fail = (status: number, message: string) => ({ success: false, error: { code: status, message } });
const selectionError = (message: string) => new RestError(400, message, { success: false, error: { code: SELECTION_ERROR, message } });

/** Seed 002's `filter` (`["type", "is", "image"]`, or a list of such triples) as our search's item type. */
function searchType(filter: unknown): 'photo' | 'video' | undefined {
  if (filter === undefined) return undefined;
  const triples = Array.isArray(filter) && filter.every((f) => Array.isArray(f)) ? (filter as unknown[][]) : [filter];
  let type: 'photo' | 'video' | undefined;
  for (const t of triples) {
    if (!Array.isArray(t) || t.length !== 3 || t[0] !== 'type' || t[1] !== 'is') throw selectionError('Expected `filter` to be ["type", "is", "image" | "video"]');
    if (t[2] === 'image' || t[2] === 'photo') type = 'photo';
    else if (t[2] === 'video') type = 'video';
    else throw selectionError('Expected the type filter to be image or video');
  }
  return type;
}

/** A seed-002 selection element in the form of our Batch selections (SPEC §12); 1006 for any other shape. */
function element(el: unknown): unknown {
  if (typeof el === 'string') return el;
  if (el === null || typeof el !== 'object' || Array.isArray(el)) throw selectionError('Expected selection elements to be ids or objects');
  const o = el as Record<string, unknown>;
  if (o.exclude !== undefined && !(Array.isArray(o.exclude) && o.exclude.every((x) => typeof x === 'string'))) throw selectionError('Expected `exclude` to be a list of ids');
  if ('children' in o) return { children: o.children, ...(o.recursive !== undefined ? { recursive: o.recursive } : {}), ...(o.exclude ? { exclude: o.exclude } : {}) };
  if ('search' in o) {
    const s = o.search;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw selectionError('Expected `search` to be an object');
    const q = s as Record<string, unknown>;
    if (q.q !== undefined && typeof q.q !== 'string') throw selectionError('Expected `search.q` to be a string');
    const keyword = typeof q.q === 'string' ? q.q.trim() : '';
    const type = searchType(q.filter);
    return { search: { ...(keyword ? { keyword } : {}), ...(type ? { type } : {}) }, ...(o.exclude ? { exclude: o.exclude } : {}) };
  }
  throw selectionError('Expected a selection element to be an id, `{children, exclude}` or `{search, exclude}`');
}

export const bulkMoveAssets: RestRoute = {
  id: 'bulkMoveAssets',
  seed: '002',
  method: 'post',
  path: '/api/p/{space}/assets/bulk/move',
  summary: 'Move assets in bulk using a selection',
  description:
    'Moves the selected items and albums under `parent` (an album id or uid; it must exist) as a background job (a Batch task). `selection` elements: ids or uids, ' +
    '`{children: <album>, exclude: [ids]}` (the album\'s direct albums and items; `recursive: true` for every item below), `{search: {q, filter: ["type", "is", "image"|"video"]}, exclude}`. ' +
    'The selection is resolved when the job starts. A name taken at `parent` is kept and the moved one takes `name (n)`. The token needs `upload` on `parent` and `manage` where the selection reaches ' +
    '(a search: everything). Follow the job in `GET /api/p/{space}/sync` by its `job.token`.',
  params: { space },
  body: {
    types: ['application/json'],
    schema: {
      type: 'object',
      properties: {
        parent: { type: 'string', maxLength: 20000 },
        selection: { description: 'A JSON array of ids, `{children, exclude}` and `{search, exclude}` elements; anything else: 1006.' },
      },
      required: ['parent', 'selection'],
    },
  },
  answers: {
    200: {
      description: 'The job was queued.',
      schema: {
        type: 'object',
        properties: { success: { const: true }, result: { type: 'object', properties: { 'job.token': { type: 'string' } }, required: ['job.token'] }, data: { type: 'object' } },
        required: ['success', 'result', 'data'],
      },
    },
    400: { description: 'Bad request: missing parameters or wrong type or value (`error.code` 400), or a bad selection (`error.code` 1006).', schema: failSchema },
  },
  fail,
  failSchema,
  async handler({ services: all, caller: who, params, body }) {
    const { services, caller } = await requireSpace(params, all, who);
    const { library } = services;
    const { parent: rawParent, selection: raw } = body as { parent: string; selection: unknown };
    const parent = albumRef(library, rawParent);
    if (!parent || !library.albums.byPath(parent.path)) throw new RestError(400, '`parent` must be an existing album');
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_ENTRIES) throw selectionError(`Expected \`selection\` to be a list of 1-${MAX_ENTRIES} elements`);
    const selection = selectionPsIds(library, raw.map(element)) as unknown[];
    try {
      parseSelection(selection, library);
    } catch (err) {
      if (err instanceof DomainError && err.reason === 'bad-selection') throw selectionError(err.message);
      throw err;
    }
    requireAbility(caller, library, [parent.path], 'upload');
    requireAbility(caller, library, reach(services.library, selection), 'manage');
    const task = await submitUnits(services, caller.user, 'move', { form: 'selection', selection, to: parent.id, duplicate: 'rename' });
    return { status: 200, body: { success: true, result: { 'job.token': task.taskid }, data: {} } };
  },
};

/** The album paths a (checked) selection reaches, for the token's `manage`: a search reaches everything (the root). */
function reach(library: Parameters<typeof albumRef>[0], selection: unknown[]): string[] {
  const out: string[] = [];
  for (const el of selection) {
    if (typeof el === 'string') {
      if (isAlbumId(el)) {
        const path = albumRef(library, el)?.path;
        if (path !== undefined) out.push(path);
      } else {
        const ref = itemRef(library, el);
        if (ref) out.push(ref.ref.albumPath);
      }
    } else {
      const o = el as { children?: string; search?: unknown };
      if (o.children !== undefined) out.push(albumRef(library, o.children)?.path ?? '');
      else out.push('');
    }
  }
  return out;
}

/** Our task states in seed 002's four (cancelled and failed jobs are over: `done`). */
const JOB_STATUS: Record<TaskStatus, 'queued' | 'rejected' | 'processing' | 'done'> = {
  queued: 'queued',
  processing: 'processing',
  rejected: 'rejected',
  done: 'done',
  cancelled: 'done',
  failed: 'done',
};

const SYNC_PAGE = 500;

export const assetsSync: RestRoute = {
  id: 'assetsSync',
  seed: '002',
  method: 'get',
  path: '/api/p/{space}/sync',
  summary: 'Sync events: the progress of bulk jobs',
  description:
    "The caller's bulk move jobs (from this route and from SYNO.PhotoStation.Batch `move`) as seed 002's `jobs` events, in order, after `cursor` (start at 0; each answer's `cursor` is the one to send next). " +
    'Events come from the Sync feed (SPEC §12), at most 500 per answer.',
  params: bulkMoveAssets.params,
  query: { cursor: { description: 'The `cursor` of the previous answer; 0 (the default) from the start.', schema: { type: 'string', pattern: '^[0-9]{1,15}$' } } },
  answers: {
    200: {
      description: 'The events after `cursor`.',
      schema: {
        type: 'object',
        properties: {
          cursor: { type: 'integer' },
          events: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                type: { const: 'cc' },
                cursor: { type: 'integer' },
                action: { enum: ['CREATE', 'UPDATE'] },
                data_type: { const: 'jobs' },
                data_key: { type: 'string' },
                data: {
                  type: 'object',
                  properties: {
                    project_gid: { type: 'string' },
                    job: { const: 'bulk_move_assets' },
                    status: { enum: ['queued', 'rejected', 'processing', 'done'] },
                    info: { type: 'object', properties: { total: { type: 'integer' }, remaining: { type: 'integer' } } },
                    created_on: { type: 'number' },
                    updated_on: { type: 'number' },
                  },
                },
              },
            },
          },
        },
        required: ['cursor', 'events'],
      },
    },
    400: { description: 'A cursor that is not a non-negative integer (`error.code` 1006).', schema: failSchema },
  },
  fail,
  failSchema,
  async handler({ services: all, caller: who, params, query }) {
    const { id: gid, services, caller } = await requireSpace(params, all, who);
    const raw = query.cursor ?? '0';
    if (typeof raw !== 'string' || !/^[0-9]{1,15}$/.test(raw)) throw selectionError('Expected `cursor` to be a non-negative integer');
    const cursor = Number(raw);
    const { changes, tasks } = services;
    const latest = changes.latest();
    const found = changes.afterOfType(cursor, 'task', SYNC_PAGE);
    const owners = new Map<string, boolean>();
    const events = [];
    for (const e of found) {
      if (e.cursor > latest) break;
      let mine = owners.get(e.data_key);
      if (mine === undefined) {
        const task = tasks.store.get(e.data_key);
        mine = !!task && task.api === BATCH_API && task.method === 'move' && task.user_id === caller.user.id;
        owners.set(e.data_key, mine);
      }
      if (!mine) continue;
      const d = e.data as { status: TaskStatus; info: { total: number; remaining: number }; created_on: number; updated_on: number };
      events.push({
        type: 'cc',
        cursor: e.cursor,
        action: e.action,
        data_type: 'jobs',
        data_key: e.data_key,
        data: { project_gid: gid, job: 'bulk_move_assets', status: JOB_STATUS[d.status], info: d.info, created_on: d.created_on, updated_on: d.updated_on },
      });
    }
    const last = found[found.length - 1];
    const next = found.length === SYNC_PAGE && last ? last.cursor : Math.max(cursor, latest);
    return { status: 200, body: { cursor: next, events } };
  },
};
