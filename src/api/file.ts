import { IdError, checkAlbumPath, checkName, itemId } from '../library/ids.ts';
import { kindOf } from '../library/media.ts';
import type { ItemKind } from '../library/media.ts';
import { UploadError, storeUpload, uploadDestination } from '../library/upload.ts';
import type { Duplicate, UploadFailure } from '../library/upload.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import type { ErrorCode } from '../webapi/codes.ts';

interface UploadParams {
  dest_folder_path: string;
  duplicate: Duplicate;
  filename?: string;
  mtime?: number;
  title?: string;
  description?: string;
}

const codeOf: Record<UploadFailure, ErrorCode> = {
  unsafe: Code.FileBadParams,
  'no-folder': Code.FileDirNotExists,
  occupied: Code.FileUploadCantWrite,
  write: Code.FileUploadCantWrite,
  denied: Code.FileAccessDeny,
};

/**
 * DS photo sends `mtime` in milliseconds, form scripts in seconds. 10^11 seconds is the year 5138
 * while 10^11 milliseconds is 1973, so anything above it can only be milliseconds.
 */
export function mtimeMs(mtime: number | undefined): number | undefined {
  // Some scripts send 0 for "unknown"; a 1970 file time is never what they mean.
  if (mtime === undefined || mtime === 0) return undefined;
  return mtime > 1e11 ? Math.round(mtime) : Math.round(mtime * 1000);
}

function checked(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof IdError) throw new WebApiError(Code.FileBadParams, err.message);
    throw err;
  }
}

async function upload(call: Call<UploadParams>, kind: ItemKind) {
  const { params, file, user, services } = call;
  const lib = services.library;
  if (!file) throw new WebApiError(Code.FileNoFile, 'Expected a file part');
  const name = params.filename || file.filename;
  checked(() => checkAlbumPath(params.dest_folder_path));
  checked(() => checkName(name));
  if (kindOf(name) !== kind) throw new WebApiError(Code.FileExtError, `Expected a ${kind} extension, got \`${name}\``);
  if (file.truncated) throw new WebApiError(Code.FileUploadError, `The file is over the upload limit of ${services.config.uploadLimit} bytes`);
  try {
    const album = await uploadDestination(lib, params.dest_folder_path);
    const rights = lib.rights.granted(user, album);
    if (!rights.upload) throw new WebApiError(Code.FileAccessDeny, 'No upload right on the destination album');
    const result = await storeUpload(lib, album, {
      tmpPath: file.tmpPath,
      name,
      kind,
      duplicate: params.duplicate,
      mayReplace: rights.manage,
      trash: call.services.ops.engine.trash,
      mtimeMs: mtimeMs(params.mtime),
      title: params.title,
      description: params.description,
    });
    // Its thumbnails are made in the background now, not when the first listing asks.
    if (result.item && result.outcome !== 'ignored' && call.services.config.thumbBackground) call.services.thumbs.enqueue([result.item.id]);
    return { id: itemId(album.path, result.name, kind) };
  } catch (err) {
    if (err instanceof UploadError) throw new WebApiError(codeOf[err.kind], err.message);
    throw err;
  }
}

export const handlers = {
  uploadphoto: (call: Call<UploadParams>) => upload(call, 'photo'),
  uploadvideo: (call: Call<UploadParams>) => upload(call, 'video'),
} satisfies Handlers;
