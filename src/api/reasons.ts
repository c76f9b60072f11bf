import { Code } from '../codes.ts';
import type { ErrorCode, ItemError } from '../codes.ts';
import type { DomainError, Reason } from '../errors.ts';

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
const byDefault: Record<Exclude<Reason, 'bad-input' | 'not-found'>, ErrorCode> = {
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
};

/** The code `api` answers for `reason`; `badRequest` is the called method's bad-parameter code. */
export function codeOf(api: string | undefined, reason: Reason, badRequest: ErrorCode): ErrorCode {
  const mapped = api === undefined ? undefined : byApi[api]?.[reason];
  if (mapped !== undefined) return mapped;
  if (reason === 'bad-input' || reason === 'not-found') return badRequest;
  return byDefault[reason];
}

/** A DomainError as the envelope carries it: its code, and its per-item failures as codes. */
export function wireError(api: string | undefined, error: DomainError, badRequest: ErrorCode): { code: ErrorCode; errors?: ItemError[] } {
  const code = codeOf(api, error.reason, badRequest);
  if (!error.items) return { code };
  return { code, errors: error.items.map((i) => ({ id: i.id, code: codeOf(api, i.reason, badRequest) })) };
}
