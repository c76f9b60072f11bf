import { Code, WebApiError } from '../codes.ts';
import type { ErrorCode, ItemError } from '../codes.ts';
import type { DomainError, Reason } from '../errors.ts';
import { isAlbumId } from '../library/ids.ts';
import type { ItemResult } from '../ops/results.ts';

/**
 * Where the domain's reasons become the wire's codes (docs/protocol.md, "Error codes"). The
 * domain says why (`no-manage`); each API says how its clients hear it (419 for an album, 457 for
 * a photo). One scheme: a table per API (and, where one method speaks otherwise, per method),
 * only for what differs from the defaults below; the same lookup serves a refused call and each
 * item of a long operation's answer.
 */
export type CodeTable = Partial<Record<Reason, ErrorCode>>;

/** Photo's long operations (Photo.delete, Photo.copy): 456 bad or unknown ids, 457 rights, 458 conflict. */
const photoOperations: CodeTable = {
  'bad-input': Code.PhotoBadParams,
  'not-found': Code.PhotoBadParams,
  'bad-destination': Code.PhotoBadParams,
  'no-access': Code.PhotoAccessDeny,
  'no-upload': Code.PhotoAccessDeny,
  'no-manage': Code.PhotoAccessDeny,
  conflict: Code.PhotoSelectConflict,
  exists: Code.BatchConflict,
};

/** Album's long operations (Album.delete, Album.move): 101 bad or unknown ids, 456 a bad destination, 419 rights, 425 conflict. */
const albumOperations: CodeTable = {
  'bad-input': Code.BadRequest,
  'not-found': Code.BadRequest,
  'bad-destination': Code.PhotoBadParams,
  'no-access': Code.AlbumNoManageRight,
  'no-upload': Code.AlbumNoManageRight,
  'no-manage': Code.AlbumNoManageRight,
  conflict: Code.AlbumSelectConflict,
  exists: Code.BatchConflict,
};

/**
 * A Batch unit's codes speak the language of its source (SPEC §12): Photo's for an item,
 * Album's for an album, with Batch's own 425 for a clash with `ask` on either.
 */
const batchItemUnit: CodeTable = {
  ...photoOperations,
  conflict: Code.AlbumSelectConflict,
  // A source that cannot cross spaces (an album) or an id that does not decode there.
  'bad-input': Code.PhotoBadParams,
};
const batchAlbumUnit: CodeTable = albumOperations;

/** Keyed by API name, or `<API name>.<method>` for a method whose codes differ from its API's. */
const tables: Record<string, CodeTable> = {
  'SYNO.PhotoStation.Photo': {
    'no-access': Code.PhotoAccessDeny,
    'no-upload': Code.PhotoAccessDeny,
    'no-manage': Code.PhotoAccessDeny,
    conflict: Code.PhotoSelectConflict,
  },
  'SYNO.PhotoStation.Photo.delete': photoOperations,
  'SYNO.PhotoStation.Photo.copy': photoOperations,
  'SYNO.PhotoStation.Album.delete': albumOperations,
  'SYNO.PhotoStation.Album.move': albumOperations,
  // Its items are named by photo ids, refused as the Photo API refuses them.
  'SYNO.PhotoStation.PhotoTag': { 'bad-input': Code.PhotoBadParams, 'not-found': Code.PhotoBadParams },
  'SYNO.PhotoStation.File': {
    'not-found': Code.FileDirNotExists,
    exists: Code.FileUploadCantWrite,
    'create-failed': Code.FileUploadCantWrite,
    'no-upload': Code.FileAccessDeny,
    'no-manage': Code.FileAccessDeny,
  },
  // A refused request (SPEC §12); its units have their own tables (unitCode).
  'SYNO.PhotoStation.Batch': {
    'bad-input': Code.BatchBadParams,
    // `from_space`/`to_space` naming a space that is not served (SPEC §18).
    'not-found': Code.BatchBadParams,
    'bad-selection': Code.BatchSelectionError,
    'queue-full': Code.BatchQueueFull,
    'too-many': Code.BatchTooManyItems,
    conflict: Code.BatchConflict,
  },
  'SYNO.PhotoStation.BackgroundTask': { 'not-found': Code.BatchTaskNotFound },
  // 610 an entry that is not there, 101 a link on the way back, a restore's name clash per item.
  'SYNO.PhotoStation.Trash': { 'not-found': Code.TrashNotFound, unsafe: Code.BadRequest, exists: Code.BatchConflict },
};

/**
 * What a reason means when no table has an entry for it: the album codes, since albums are what
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

/** `reason` through one table, then the defaults; `badRequest` is the called method's bad-parameter code. */
function lookup(table: CodeTable | undefined, reason: Reason, badRequest: ErrorCode): ErrorCode {
  const mapped = table?.[reason];
  if (mapped !== undefined) return mapped;
  if (reason === 'bad-input' || reason === 'not-found' || reason === 'bad-destination') return badRequest;
  return byDefault[reason];
}

/** The code `api` (and its `method`, when that has a table of its own) answers for `reason`. */
export function codeOf(api: string | undefined, reason: Reason, badRequest: ErrorCode, method?: string): ErrorCode {
  const table = api === undefined ? undefined : ((method !== undefined ? tables[`${api}.${method}`] : undefined) ?? tables[api]);
  return lookup(table, reason, badRequest);
}

/** A DomainError as the envelope carries it: its code, and its per-item failures as codes. */
export function wireError(api: string | undefined, error: DomainError, badRequest: ErrorCode, method?: string): { code: ErrorCode; errors?: ItemError[] } {
  const code = codeOf(api, error.reason, badRequest, method);
  if (!error.items) return { code };
  return { code, errors: error.items.map((i) => ({ id: i.id, code: codeOf(api, i.reason, badRequest, method) })) };
}

/** The call a long operation's answer is for, as the access log names it (dispatch fills it in). */
export interface Called {
  api?: string;
  method?: string;
}

/**
 * A long operation's per-item results on the wire (SPEC §10 ext): `error` is the code its API
 * (or method) gives the item's reason. The long operations' tables name every bad-parameter
 * reason, so the fallback for those is only the general 101.
 */
export function itemsOnWire(items: ItemResult[], call: Called): { id: string; status: number; new_id: string | null; error: number | null }[] {
  return items.map((r) => ({ id: r.id, status: r.status, new_id: r.new_id, error: r.reason === null ? null : codeOf(call.api, r.reason, Code.BadRequest, call.method) }));
}

/** A long operation's answer with its items on the wire. */
export function answerOnWire<A extends { items: ItemResult[] }>(answer: A, call: Called): Omit<A, 'items'> & { items: ReturnType<typeof itemsOnWire> } {
  return { ...answer, items: itemsOnWire(answer.items, call) };
}

/** A Batch unit's `error` on the wire, by its source's kind; a number was stored as a code before reasons existed. */
export function unitCode(source: string, error: Reason | number | null | undefined): number | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'number') return error;
  return isAlbumId(source) ? lookup(batchAlbumUnit, error, Code.BadRequest) : lookup(batchItemUnit, error, Code.PhotoBadParams);
}

/**
 * Runs `work` (synchronous or not); an error of the domain module's own class `kind` (a group, a
 * smart album, an account: each names its mistakes in words) becomes the bad-request answer,
 * 101 with its message; anything else goes on as it is.
 */
export function badRequestOn<T>(kind: abstract new (...args: never[]) => Error, work: () => T): T {
  const answer = (err: unknown): never => {
    if (err instanceof kind) throw new WebApiError(Code.BadRequest, err.message);
    throw err;
  };
  try {
    const out = work();
    return (out instanceof Promise ? out.catch(answer) : out) as T;
  } catch (err) {
    return answer(err);
  }
}
