import { checkAlbumPath, checkName, decoded, itemId } from '../library/ids.ts';
import { kindOf } from '../library/media.ts';
import type { ItemKind } from '../library/media.ts';
import { storeUpload, uploadDestination } from '../library/upload.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import type { CallFor } from '../webapi/route.ts';
import { text } from '../webapi/schema.ts';

const uploadParams = {
  type: 'object',
  properties: {
    dest_folder_path: { type: 'string', maxLength: 8192, default: '' },
    duplicate: { type: 'string', enum: ['ignore', 'rename', 'overwrite'], default: 'rename' },
    filename: { type: 'string', maxLength: 4096 },
    mtime: { type: 'number', minimum: 0, maximum: 1e15 },
    title: text,
    description: text,
  },
} as const;

/**
 * DS photo sends `mtime` in milliseconds, form scripts in seconds. 10^11 seconds is the year 5138
 * while 10^11 milliseconds is 1973, so anything above it can only be milliseconds.
 */
export function mtimeMs(mtime: number | undefined): number | undefined {
  // Some scripts send 0 for "unknown"; a 1970 file time is never what they mean.
  if (mtime === undefined || mtime === 0) return undefined;
  return mtime > 1e11 ? Math.round(mtime) : Math.round(mtime * 1000);
}

async function upload(call: CallFor<typeof uploadParams, 'user'>, kind: ItemKind) {
  const { params, file, user, services } = call;
  const lib = services.library;
  if (!file) throw new WebApiError(Code.FileNoFile, 'Expected a file part');
  const name = params.filename || file.filename;
  decoded('Bad destination folder', () => checkAlbumPath(params.dest_folder_path));
  decoded('Bad file name', () => checkName(name));
  if (kindOf(name) !== kind) throw new WebApiError(Code.FileExtError, `Expected a ${kind} extension, got \`${name}\``);
  if (file.truncated) throw new WebApiError(Code.FileUploadError, `The file is over the upload limit of ${services.config.uploadLimit} bytes`);
  // An UploadError is a DomainError: the File API's table (src/api/reasons.ts) gives its code.
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
}

export const uploadphoto = route('user', uploadParams, (call) => upload(call, 'photo'));
export const uploadvideo = route('user', uploadParams, (call) => upload(call, 'video'));
