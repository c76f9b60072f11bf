import { Code } from '../codes.ts';
import type { ErrorCode, ItemError } from '../codes.ts';
import { DomainError } from '../errors.ts';
import type { Reason } from '../errors.ts';
import type { ItemResult } from '../ops/results.ts';
import { WebApiError } from '../codes.ts';

/**
 * Where the domain's reasons become the wire's codes (docs/protocol.md, "Error codes"). The
 * domain says why (`no-manage`); each API says how its clients hear it (419 for an album, 457 for
 * a photo). One table per API, only for what differs from the defaults below.
 */
const byApi: Record<string, Partial<Record<Reason, ErrorCode>>> = {
  'SYNO.PhotoStation.Photo': {
    'no-access': Code.PhotoAccessDeny,
    'no-upload': Code.PhotoAccessDeny,
    'no-manage': Code.PhotoAccessDeny,
    conflict: Code.PhotoSelectConflict,
  },
  // Its items are named by photo ids, refused as the Photo API refuses them.
  'SYNO.PhotoStation.PhotoTag': { 'bad-input': Code.PhotoBadParams, 'not-found': Code.PhotoBadParams },
  'SYNO.PhotoStation.File': {
    'not-found': Code.FileDirNotExists,
    exists: Code.FileUploadCantWrite,
    'create-failed': Code.FileUploadCantWrite,
    'no-upload': Code.FileAccessDeny,
    'no-manage': Code.FileAccessDeny,
  },
  'SYNO.PhotoStation.Batch': {
    'bad-selection': Code.BatchSelectionError,
    conflict: Code.BatchConflict,
  },
  'SYNO.PhotoStation.BackgroundTask': { 'not-found': Code.BatchTaskNotFound },
  'SYNO.PhotoStation.Trash': { 'not-found': Code.TrashNotFound },
};

/**
 * What a reason means when an API has no entry for it: the album codes, since albums are what
 * most of the domain guards, and never 100 (an unmapped reason is still the client's mistake or a
 * refusal, not a server fault). `bad-input` and `not-found` are absent on purpose: they take the
 * method's own bad-parameter code (an id naming nothing is a bad parameter, as in Photo Station).
 */
const byDefault: Record<Exclude<Reason, 'bad-input' | 'not-found' | 'bad-destination'>, ErrorCode> = {
  'no-access': Code.AlbumNoAccessRight,
  'no-upload': Code.AlbumNoUploadRight,
  'no-manage': Code.AlbumNoManageRight,
  'not-admin': Code.NoPermission,
  exists: Code.AlbumHasExist,
  conflict: Code.AlbumSelectConflict,
  'create-failed': Code.AlbumCreateFail,
  'edit-failed': Code.AlbumEditFail,
  'delete-failed': Code.AlbumDeleteFail,
  'queue-full': Code.BatchQueueFull,
  'too-many': Code.BatchTooManyItems,
  'bad-selection': Code.BatchSelectionError,
  unsafe: Code.BadRequest,
  // A disk or index failure the caller cannot fix (logged where it happened): the album family's
  // failure code, as Photo Station answers a failed edit, not 100.
  failed: Code.AlbumEditFail,
};

/** The code `api` answers for `reason`; `badRequest` is the called method's bad-parameter code. */
export function codeOf(api: string | undefined, reason: Reason, badRequest: ErrorCode): ErrorCode {
  const mapped = api === undefined ? undefined : byApi[api]?.[reason];
  if (mapped !== undefined) return mapped;
  if (reason === 'bad-input' || reason === 'not-found' || reason === 'bad-destination') return badRequest;
  return byDefault[reason];
}

/** A DomainError as the envelope carries it: its code, and its per-item failures as codes. */
export function wireError(api: string | undefined, error: DomainError, badRequest: ErrorCode): { code: ErrorCode; errors?: ItemError[] } {
  const code = codeOf(api, error.reason, badRequest);
  if (!error.items) return { code };
  return { code, errors: error.items.map((i) => ({ id: i.id, code: codeOf(api, i.reason, badRequest) })) };
}

/**
 * The long operations' APIs (Photo/Album move and copy, Trash, Batch, BackgroundTask) map with an
 * explicit table of their own, passed where they call into the planners (src/ops). A reason such a
 * table does not list is 100 (and a bug). TODO(#14): fold these tables into `byApi` above.
 */
export type CodeTable = Partial<Record<Reason, ErrorCode>>;

export function codeFor(table: CodeTable, reason: Reason): ErrorCode {
  return table[reason] ?? Code.Unknown;
}

/** Runs a call into the domain, turning its DomainError into this API's code. */
export async function withCodes<T>(table: CodeTable, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw new WebApiError(codeFor(table, err.reason), err.message);
    throw err;
  }
}

/** A long operation's per-item results on the wire (SPEC §10 ext): `error` is this API's code. */
export function itemsOnWire(items: ItemResult[], table: CodeTable): { id: string; status: number; new_id: string | null; error: number | null }[] {
  return items.map((r) => ({ id: r.id, status: r.status, new_id: r.new_id, error: r.reason === null ? null : codeFor(table, r.reason) }));
}

/** A long operation's answer with its items on the wire. */
export function answerOnWire<A extends { items: ItemResult[] }>(answer: A, table: CodeTable): Omit<A, 'items'> & { items: ReturnType<typeof itemsOnWire> } {
  return { ...answer, items: itemsOnWire(answer.items, table) };
}
