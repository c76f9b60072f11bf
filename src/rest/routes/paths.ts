import { SYNC_LIMIT } from '../../batch/plan.ts';
import { UnsafePathError } from '../../library/disk.ts';
import { IdError, albumId, baseName, checkAlbumPath, decodeAlbumId, decodeItemId, isAlbumId, itemId, parentPath } from '../../library/ids.ts';
import type { Library } from '../../library/library.ts';
import { kindOf } from '../../library/media.ts';
import type { TaskRow, UnitSpec } from '../../tasks/store.ts';
import { BATCH_API } from '../../batch/kinds.ts';
import { runUnits, submitUnits, taskOutcomes } from '../batch-client.ts';
import type { UnitOutcome } from '../batch-client.ts';
import { requireAbility } from '../caller.ts';
import type { RestRoute, Schema } from '../declare.ts';
import { RestError } from '../declare.ts';
import { MAX_ENTRIES } from '../limits.ts';
import { requireSpace, space, spaceNamed } from './space.ts';
import { crossSpaces } from '../../spaces/cross.ts';
import type { Services } from '../../services.ts';
import type { Caller } from '../caller.ts';

/**
 * Seed 004, the media-hosting batch move: paths relative to the space's root, a per-item status
 * (200 moved under `rename`, with the final `path`; 204 moved under `ask` or `overwrite`; 409
 * `SameNameDirectoryOrFileExists` when `ask` met a clash; 403, 404, 500), and a task to poll for
 * large or `async` requests. Paths become Photo Station ids here, checked segment by segment
 * (ids.ts: no `..`, no hidden names) and against symlinks on the disk (disk.ts): a path never
 * leads outside the photo root. Every move is a Batch unit.
 */

/** The one library of this server (`<library>` in the seed's paths). */
const LIBRARY = 'main';
const library = { description: '`main`: the only library of this server; anything else is 404.', schema: { type: 'string' } };

interface Operation {
  from: string;
  to: string;
  fromSpaceId?: string;
  conflictResolutionStrategy?: 'ask' | 'rename' | 'overwrite';
  moveAuthority?: boolean;
}

const segments = { type: 'array', items: { type: 'string' } } as const;
const itemResult: Schema = {
  type: 'object',
  properties: {
    status: { enum: [200, 204, 403, 404, 409, 500], description: '200: moved under `rename` (see `path`); 204: moved under `ask` or `overwrite`; 403/404/409/500: not moved.' },
    from: { ...segments, description: "The request's `from`, as path segments." },
    to: { ...segments, description: "The request's `to`, as path segments." },
    path: { ...segments, description: 'Status 200: the final path, which differs from `to` after a clash (`1 (1).jpg`).' },
    code: { const: 'SameNameDirectoryOrFileExists', description: 'Status 409: `ask` met a name clash; nothing moved.' },
    moveAuthority: { type: 'boolean', description: 'Echoed when the request item carried it.' },
  },
  required: ['status', 'from', 'to'],
};

function requireLibrary(params: Record<string, string>): void {
  if (params.library !== LIBRARY) throw new RestError(404, 'No such library');
}

/** `foo/bar` (leading and trailing slashes tolerated) as a checked relative path, or 400. */
function relPath(raw: string, what: string): string {
  const rel = raw.replace(/^\/+|\/+$/g, '');
  if (rel === '') throw new RestError(400, `Expected \`${what}\` to name something below the space's root`);
  try {
    checkAlbumPath(rel);
  } catch (err) {
    if (err instanceof IdError) throw new RestError(400, `Bad \`${what}\`: ${err.message}`);
    throw err;
  }
  return rel;
}

/** The id of what is at `rel`: an album, else an item (by its extension); a missing album or a file that is no item gets an album id that the engine answers 404 for. */
function sourceId(lib: Library, rel: string): string {
  if (lib.albums.byPath(rel)) return albumId(rel);
  const kind = kindOf(baseName(rel));
  return kind ? itemId(parentPath(rel), baseName(rel), kind) : albumId(rel);
}

/** A unit's `from` and `to` as paths, read back from the unit (for a task's results). */
function unitPaths(o: Pick<UnitOutcome, 'source' | 'dest' | 'name'>): { from: string; to: string } {
  let from: string;
  if (isAlbumId(o.source)) from = decodeAlbumId(o.source);
  else {
    const ref = decodeItemId(o.source);
    from = ref.albumPath === '' ? ref.name : `${ref.albumPath}/${ref.name}`;
  }
  const destPath = decodeAlbumId(o.dest ?? '');
  const name = o.name ?? baseName(from);
  return { from, to: destPath === '' ? name : `${destPath}/${name}` };
}

/** One unit's outcome in seed 004's per-item shape. */
function itemJson(o: UnitOutcome, paths: { from: string; to: string }, moveAuthority: boolean | undefined) {
  const r = o.result;
  const out: Record<string, unknown> = { status: 500 };
  if (r.status < 300) {
    out.status = o.duplicate === 'rename' ? 200 : 204;
  } else if (r.status === 403 || r.status === 404 || r.status === 409) out.status = r.status;
  // Keys in the seed's order: status, moveAuthority, path, from, to.
  if (moveAuthority !== undefined) out.moveAuthority = moveAuthority;
  if (out.status === 200 && r.path) out.path = r.path.split('/');
  out.from = paths.from.split('/');
  out.to = paths.to.split('/');
  if (r.reason === 'exists') out.code = 'SameNameDirectoryOrFileExists';
  return out;
}

export const batchMove: RestRoute = {
  id: 'batchMove',
  seed: '004',
  method: 'post',
  path: '/api/v1/batch/{library}/{space}',
  summary: 'Rename or move files and folders by path',
  description:
    "With `?move`: each `{from, to}` moves (and may rename) the file or folder at `from` to the path `to`, both relative to the space's root. `conflictResolutionStrategy`: `rename` (the default for files: the " +
    'first free `name (n)`), `ask` (the default for folders: 409, nothing moved), `overwrite` (files only: the replaced file goes to the trash; for a folder it is `ask`). ' +
    'A file keeps its kind (a photo stays a photo; otherwise 400). Paths with `..`, hidden names or a symlink on the way are refused (400 / 403) before anything moves. ' +
    '`fromSpaceId`, when it names another space (`-` or a user name), moves the file from that space into this one (SPEC §18: files only, answered at once, no `async`; 404 when that space is not served). The token needs `manage` where each source is and `upload` where it goes (403). ' +
    'Up to 1 000 items answer when done; with `async=true` or more items the answer is `{taskId}`: poll `GET /api/v1/task/{library}/{space}/{taskId}`. `user_id` is ignored: the token says who calls.',
  params: { library, space },
  query: {
    move: { description: 'The operation: `move` (the only one).', schema: { type: 'string' } },
    async: { description: '`true`: run as a task and answer `{taskId}` at once.', schema: { type: 'string', enum: ['true', 'false'] } },
    user_id: { description: "Ignored (the seed's admin impersonation is not offered).", schema: { type: 'string' } },
  },
  body: {
    types: ['application/json'],
    description: 'A JSON array of operations.',
    schema: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ENTRIES,
      items: {
        type: 'object',
        properties: {
          from: { type: 'string', minLength: 1, maxLength: 4096 },
          to: { type: 'string', minLength: 1, maxLength: 4096 },
          fromSpaceId: { type: 'string', maxLength: 256 },
          conflictResolutionStrategy: { enum: ['ask', 'rename', 'overwrite'] },
          moveAuthority: { type: 'boolean' },
        },
        required: ['from', 'to'],
        additionalProperties: false,
      },
    },
  },
  answers: {
    200: {
      description: '`{result: [...]}`, one entry per operation in order; or `{taskId}` for a task.',
      schema: {
        oneOf: [
          { type: 'object', properties: { result: { type: 'array', items: itemResult } }, required: ['result'] },
          { type: 'object', properties: { taskId: { type: 'string' } }, required: ['taskId'] },
        ],
      },
    },
  },
  async handler({ services: all, caller: who, params, query, body }) {
    requireLibrary(params);
    const { id: spaceId, services, caller } = await requireSpace(params, all, who);
    if (query.move === undefined) throw new RestError(400, 'Expected the operation in the query: `?move`');
    const lib = services.library;
    const ops = body as Operation[];
    const units: UnitSpec[] = [];
    const paths: { from: string; to: string }[] = [];
    const sources: string[] = [];
    const dests: string[] = [];
    // Operations whose `fromSpaceId` names another space cross into this one (SPEC §18): run apart, answered in place.
    const crossing = new Map<number, Operation>();
    for (const [i, op] of ops.entries()) {
      if (op.fromSpaceId !== undefined && op.fromSpaceId !== spaceId) {
        crossing.set(i, op);
        continue;
      }
      const from = relPath(op.from, 'from');
      const to = relPath(op.to, 'to');
      try {
        await lib.disk.safe(from);
        await lib.disk.safe(parentPath(to));
      } catch (err) {
        if (err instanceof UnsafePathError) throw new RestError(403, 'A path crosses a symbolic link');
        throw err;
      }
      const source = sourceId(lib, from);
      const folder = isAlbumId(source);
      const name = baseName(to);
      if (!folder && kindOf(name) !== decodeItemId(source).kind) throw new RestError(400, `Expected \`${op.to}\` to keep the file's kind`);
      const wanted = op.conflictResolutionStrategy;
      const duplicate = folder ? (wanted === 'rename' ? 'rename' : 'ask') : (wanted ?? 'rename');
      units.push({ source, dest: albumId(parentPath(to)), name: name === baseName(from) ? null : name, duplicate });
      paths.push({ from, to });
      sources.push(folder ? from : parentPath(from));
      dests.push(parentPath(to));
    }
    requireAbility(caller, lib, sources, 'manage');
    requireAbility(caller, lib, dests, 'upload');
    if (crossing.size > 0) {
      if (query.async === 'true') throw new RestError(400, 'Moves between spaces (`fromSpaceId`) are answered at once: no `async`');
      const local = await runUnits(services, caller.user, 'move', units);
      const crossed = await crossInto(all, who, spaceId, crossing);
      const result: unknown[] = [];
      let next = 0;
      for (const [i, op] of ops.entries()) {
        const c = crossed.get(i);
        result.push(c ?? itemJson(local[next] as UnitOutcome, paths[next] as { from: string; to: string }, op.moveAuthority));
        if (!c) next++;
      }
      return { status: 200, body: { result } };
    }
    if (query.async === 'true' || units.length > SYNC_LIMIT) {
      const task = await submitUnits(services, caller.user, 'move', { form: 'units' }, units);
      return { status: 200, body: { taskId: task.taskid } };
    }
    const outcomes = await runUnits(services, caller.user, 'move', units);
    return { status: 200, body: { result: outcomes.map((o, i) => itemJson(o, paths[i] as { from: string; to: string }, ops[i]?.moveAuthority)) } };
  },
};

/**
 * The operations of a seed-004 request that name another space in `fromSpaceId`: each moves its
 * file from that space into this one (cross-space units, SPEC §18), with the token's abilities
 * checked in each space. Folders do not cross spaces (500, as the seed answers what it cannot do).
 */
async function crossInto(all: Services, who: Caller, spaceId: string, crossing: Map<number, Operation>): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  const bySource = new Map<string, number[]>();
  for (const [i, op] of crossing) bySource.set(op.fromSpaceId as string, [...(bySource.get(op.fromSpaceId as string) ?? []), i]);
  const target = await spaceNamed(spaceId, all, who);
  for (const [fromSpace, indexes] of bySource) {
    const source = await spaceNamed(fromSpace, all, who);
    const wanted = indexes.map((i) => {
      const op = crossing.get(i) as Operation;
      const from = relPath(op.from, 'from');
      const to = relPath(op.to, 'to');
      return { i, op, from, to, source: sourceId(source.services.library, from) };
    });
    requireAbility(
      source.caller,
      source.services.library,
      wanted.map((w) => parentPath(w.from)),
      'manage',
    );
    requireAbility(
      target.caller,
      target.services.library,
      wanted.map((w) => parentPath(w.to)),
      'upload',
    );
    const results = await crossSpaces(all, who.user, fromSpace, spaceId, true, () =>
      wanted.map((w) => ({ id: w.source, dest: albumId(parentPath(w.to)), name: baseName(w.to), strategy: w.op.conflictResolutionStrategy ?? 'rename' })),
    );
    for (const [k, w] of wanted.entries()) {
      const r = results[k];
      const status = !r
        ? 500
        : r.status < 300
          ? (w.op.conflictResolutionStrategy ?? 'rename') === 'rename'
            ? 200
            : 204
          : r.status === 403 || r.status === 404 || r.status === 409
            ? r.status
            : 500;
      const item: Record<string, unknown> = { status };
      if (w.op.moveAuthority !== undefined) item.moveAuthority = w.op.moveAuthority;
      if (status === 200 && r?.path) item.path = r.path.split('/');
      item.from = w.from.split('/');
      item.to = w.to.split('/');
      if (r?.reason === 'exists') item.code = 'SameNameDirectoryOrFileExists';
      out.set(w.i, item);
    }
  }
  return out;
}

function taskStatus(task: TaskRow, outcomes: UnitOutcome[]): 202 | 200 | 207 {
  if (task.status === 'queued' || task.status === 'processing') return 202;
  return task.status === 'done' && outcomes.every((o) => o.result.status < 300) ? 200 : 207;
}

export const batchTask: RestRoute = {
  id: 'batchTask',
  seed: '004',
  method: 'get',
  path: '/api/v1/task/{library}/{space}/{taskId}',
  summary: 'Query a batch task',
  description:
    "The task of an asynchronous batch move: `status` 202 while it runs, 200 when every item moved, 207 when some did not; `result` holds the items done so far, in order. Only the task's owner sees it (404 otherwise).",
  params: { library, space, taskId: { description: 'The `taskId` answered by the batch move.', schema: { type: 'string' } } },
  answers: {
    200: {
      description: 'A one-element array: the task.',
      schema: {
        type: 'array',
        items: {
          type: 'object',
          properties: { taskId: { type: 'string' }, status: { enum: [202, 200, 207] }, result: { type: 'array', items: itemResult } },
          required: ['taskId', 'status', 'result'],
        },
      },
    },
  },
  async handler({ services: all, caller: who, params }) {
    requireLibrary(params);
    const { services, caller } = await requireSpace(params, all, who);
    const task = services.tasks.store.get(params.taskId ?? '');
    if (!task || task.api !== BATCH_API || task.method !== 'move' || task.user_id !== caller.user.id) throw new RestError(404, 'No such task');
    const outcomes = taskOutcomes(services, task);
    const status = taskStatus(task, outcomes);
    const result = outcomes.filter((o) => o.result.status !== 202).map((o) => itemJson(o, unitPaths(o), undefined));
    return { status: 200, body: [{ taskId: task.taskid, status, result }] };
  },
};
