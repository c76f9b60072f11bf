import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context, Middleware, Next } from 'koa';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import { logFailure } from '../log.ts';
import { checkAlbumPath, checkName, decoded } from '../library/ids.ts';
import { kindOf } from '../library/media.ts';
import { UploadError, storeUpload, uploadDestination } from '../library/upload.ts';
import type { Duplicate, UploadFailure } from '../library/upload.ts';
import type { Services } from '../services.ts';
import { readQuery } from '../webapi/body.ts';
import { presentedSid } from '../webapi/session.ts';
import { mtimeMs } from './file.ts';

/** Where Photo Station's Lightroom publish plugin uploads (SPEC §15). */
export const LIGHTROOM_UPLOAD_PATH = '/photo/include/asst_file_upload.php';

/** What the plugin says for each refusal; it shows `err_msg` to its user. */
const messageOf: Record<UploadFailure, string> = {
  unsafe: 'Bad album path',
  'no-folder': 'The album does not exist',
  occupied: 'Cannot write the file',
  write: 'Cannot write the file',
  denied: 'No permission to replace the file',
};

class Refused extends Error {}

/** Percent-decoded header text: Lightroom encodes every byte that is not a letter or digit (`/` as `%2F`). */
function header(ctx: Context, name: string): string {
  const raw = ctx.get(name);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new Refused(`Bad encoding of ${name}`);
  }
}

/**
 * Counts the body and stops writing it past the upload limit, still reading it to its end: a
 * request cut short (what failing the pipeline would do) gets no answer the plugin could show.
 */
class Limit extends Transform {
  size = 0;
  readonly #limit: number;
  constructor(limit: number) {
    super();
    this.#limit = limit;
  }
  get over(): boolean {
    return this.size > this.#limit;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.over) done();
    else done(null, chunk);
  }
}

function answer(ctx: Context, body: { success: true } | { success: false; err_msg: string }): void {
  ctx.status = 200;
  ctx.set('Cache-Control', 'no-cache, no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(body);
}

/** The session as the WebAPI finds it (docs/protocol.md §5): parameters, X-SYNO-TOKEN, the PHPSESSID cookie. */
function caller(ctx: Context, services: Services): User {
  const sid = presentedSid(ctx, readQuery(ctx));
  const user = sid === undefined ? undefined : services.live.userOf(sid, services.config.now());
  if (!user || user.disabled) throw new Refused('Not logged in');
  return user;
}

/** The album path of X-PATH: a path under the photo root, slashes at either end ignored. */
function albumPathOf(ctx: Context): string {
  const p = header(ctx, 'x-path').replace(/^\/+|\/+$/g, '');
  decoded('Bad X-PATH', () => checkAlbumPath(p));
  return p;
}

function duplicateOf(ctx: Context): Duplicate {
  const d = ctx.get('x-duplicate').trim().toLowerCase();
  if (d === '') return 'rename';
  if (d !== 'overwrite' && d !== 'ignore' && d !== 'rename') throw new Refused('Expected X-DUPLICATE overwrite, ignore or rename');
  return d;
}

/** Drains what the client sends: a refusal answered before its body would cut the connection. */
async function discard(ctx: Context): Promise<void> {
  if (ctx.req.readableEnded) return;
  ctx.req.resume();
  await new Promise<void>((resolve) => {
    ctx.req.once('end', resolve);
    ctx.req.once('close', resolve);
  });
}

/**
 * One file of a Lightroom publish: the body is the file's raw bytes, the rest travels in headers.
 * The original (`X-UPLOAD-TYPE: ORIG_FILE`) goes through the same upload rules as File.uploadphoto
 * (rights, extensions, streamed to a temporary file, then stored atomically by storeUpload).
 * Thumbnails the plugin renders (`THUM_*`) and its other extras (`CUST_TITLE`, `MP4_*`) are
 * accepted and discarded: this server makes its own thumbnails. `X-IS-BATCH-FIRST-FILE` and
 * `X-IS-BATCH-LAST-FILE` mark a publish's bounds, which need nothing here.
 */
async function receive(ctx: Context, services: Services): Promise<void> {
  const user = caller(ctx, services);
  const uploadType = ctx.get('x-upload-type').trim().toUpperCase() || 'ORIG_FILE';
  if (uploadType !== 'ORIG_FILE') {
    await discard(ctx);
    return;
  }
  const albumPath = albumPathOf(ctx);
  const name = header(ctx, 'x-orig-fname');
  decoded('Bad X-ORIG-FNAME', () => checkName(name));
  const kind = kindOf(name);
  if (!kind) throw new Refused(`Not a photo or video extension: ${name}`);
  const duplicate = duplicateOf(ctx);
  const modified = Number(ctx.get('x-last-modified-time') || '0');
  const lib = services.library;
  const album = await uploadDestination(lib, albumPath);
  const rights = lib.rights.granted(user, album);
  if (!rights.upload) throw new Refused('No upload permission on the album');

  const tmpPath = path.join(services.config.tmpDir, `upload-${randomBytes(8).toString('hex')}`);
  try {
    const limit = new Limit(services.config.uploadLimit);
    await pipeline(ctx.req, limit, createWriteStream(tmpPath));
    if (limit.over) throw new Refused(`The file is over the upload limit of ${services.config.uploadLimit} bytes`);
    await storeUpload(lib, album, {
      tmpPath,
      name,
      kind,
      duplicate,
      mayReplace: rights.manage,
      trash: services.ops.engine.trash,
      mtimeMs: Number.isFinite(modified) && modified > 0 && modified < 1e15 ? mtimeMs(modified) : undefined,
    });
    lib.photoLog.noteCall('Lightroom', 'asst_file_upload', user.username, { filename: name, dest_folder_path: albumPath }, 0);
  } finally {
    // storeUpload moved it unless it failed first: ENOENT is the normal case.
    await unlink(tmpPath).catch(logFailure(services.config.log, "could not remove a Lightroom upload's temporary file", { path: tmpPath }, ['ENOENT']));
  }
}

/** The Lightroom upload path; everything else goes on. Every answer is `{success}` JSON, HTTP 200. */
export function lightroomUpload(services: Services): Middleware {
  return async function lightroom(ctx: Context, next: Next) {
    if (ctx.path !== LIGHTROOM_UPLOAD_PATH) return next();
    if (ctx.method !== 'POST') {
      answer(ctx, { success: false, err_msg: 'Expected a POST' });
      return undefined;
    }
    try {
      await receive(ctx, services);
      answer(ctx, { success: true });
    } catch (err) {
      let message: string;
      if (err instanceof Refused) message = err.message;
      else if (err instanceof UploadError) message = messageOf[err.kind];
      // A malformed header (decoded() in albumPathOf, receive): its message says which.
      else if (err instanceof DomainError) message = err.message;
      else {
        services.config.log({ level: 'error', msg: 'unexpected exception', api: 'asst_file_upload', stack: (err as Error)?.stack ?? String(err) });
        message = 'Upload failed';
      }
      await discard(ctx).catch(logFailure(services.config.log, 'could not drain a refused Lightroom upload', {}, ['ECONNRESET']));
      answer(ctx, { success: false, err_msg: message });
    }
    return undefined;
  };
}
