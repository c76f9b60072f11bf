import busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'koa';
import type { UploadedFile } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';
import { formPairs, pairsOf } from './form-pairs.ts';
import { addPairs } from './params.ts';
import type { RawParams } from './params.ts';
import { logFailure } from '../log.ts';
import { streamFs } from '../runtime/fsx.ts';
import type { Log } from '../log.ts';

export interface BodyLimits {
  bodyLimit: number;
  uploadLimit: number;
  tmpDir: string;
  /** For clean-up failures after a broken body (a temporary file that could not be removed). */
  log: Log;
}

/**
 * Reads the request's parameters: the query string first, then the body, so that the body wins
 * on a clash (docs/protocol.md §1). Forms are decoded here rather than with `qs`, which silently drops keys
 * past 1 000 and turns long bracket lists into objects: seed 000 sends one bracket key per item.
 */
export async function readParams(ctx: Context, limits: BodyLimits): Promise<{ params: RawParams; file?: UploadedFile }> {
  const params = readQuery(ctx);
  if (ctx.method !== 'POST') return { params };
  const type = ctx.request.type;
  if (type === 'multipart/form-data') {
    const file = await readMultipart(ctx, params, limits);
    return { params, file };
  }
  if (type === 'application/x-www-form-urlencoded') {
    addPairs(params, await formPairs(await readText(ctx, limits.bodyLimit)));
  } else if (type === 'application/json' || type === 'text/json') {
    const text = await readText(ctx, limits.bodyLimit);
    if (text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new WebApiError(Code.BadRequest, 'Expected the JSON body to parse');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new WebApiError(Code.BadRequest, 'Expected the JSON body to be an object');
      }
      Object.assign(params, body);
    }
  }
  // Any other content type: the body carries no parameters and is left unread.
  return { params };
}

/** The query string's parameters: all a GET has, read without a promise. */
export function readQuery(ctx: Context): RawParams {
  const params: RawParams = Object.create(null) as RawParams;
  const query = ctx.querystring;
  if (query !== '') addPairs(params, pairsOf(query));
  return params;
}

function tooLarge(limit: number): WebApiError {
  return new WebApiError(Code.BadRequest, `Expected a body of at most ${limit} bytes`);
}

/**
 * Refuses a body over the limit with an envelope rather than a cut connection: the rest of the
 * body is left unread and the connection is closed once the answer is sent. (Destroying the
 * request would destroy the socket too, and the client would see no answer at all.)
 */
function refuse(ctx: Context, limit: number): WebApiError {
  ctx.req.pause();
  ctx.set('Connection', 'close');
  return tooLarge(limit);
}

/** What a multipart body holds besides its file: the text fields (at most `bodyLimit`) and part headers. */
const MULTIPART_SLACK = 64 * 1024;

/** Past the limit, at most this much more of a body is read (and discarded) to keep the connection. */
const DRAIN_MAX = 16 * 1024 * 1024;

/**
 * An upload over `PHOTOSTATION_UPLOAD_LIMIT` (SPEC §19): 520. Unless `drain`, the rest of the
 * body is not read and the connection closes after the answer, rather than reading gigabytes
 * only to discard them. (Closing on unread data can reset the connection before a client reads
 * the answer, hence draining when little is left.)
 */
function overUpload(ctx: Context, limit: number, drain = false): WebApiError {
  if (!drain) {
    ctx.req.pause();
    ctx.set('Connection', 'close');
  }
  return new WebApiError(Code.FileUploadError, `The file is over the upload limit of ${limit} bytes`);
}

function readText(ctx: Context, limit: number): Promise<string> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) return Promise.reject(refuse(ctx, limit));
  return new Promise((resolve, reject) => new TextBody(ctx, limit, resolve, reject));
}

/**
 * A form or JSON body read whole, up to `limit` bytes. A class rather than closures: under tsx,
 * every named closure made per request is named at run time (esbuild's keepNames, an
 * `Object.defineProperty` of about 1 µs), and a request made four.
 */
class TextBody {
  readonly #ctx: Context;
  readonly #limit: number;
  readonly #resolve: (text: string) => void;
  readonly #reject: (error: unknown) => void;
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(ctx: Context, limit: number, resolve: (text: string) => void, reject: (error: unknown) => void) {
    this.#ctx = ctx;
    this.#limit = limit;
    this.#resolve = resolve;
    this.#reject = reject;
    this.onData = this.onData.bind(this);
    this.onEnd = this.onEnd.bind(this);
    this.onError = this.onError.bind(this);
    const req = ctx.req;
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onError);
    req.on('aborted', this.onError);
  }

  onData(chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#stop();
      this.#reject(refuse(this.#ctx, this.#limit));
    } else this.#chunks.push(chunk);
  }

  onEnd(): void {
    this.#stop();
    this.#resolve(Buffer.concat(this.#chunks).toString('utf8'));
  }

  onError(): void {
    this.#stop();
    this.#reject(new WebApiError(Code.BadRequest, 'The client aborted the body'));
  }

  #stop(): void {
    const req = this.#ctx.req;
    req.off('data', this.onData);
    req.off('end', this.onEnd);
    req.off('error', this.onError);
    req.off('aborted', this.onError);
  }
}

/**
 * Streams a multipart body: text fields join the parameters; the first file part goes straight
 * to a temporary file under the data folder, so an upload never sits whole in memory and a cut
 * connection never leaves a half file under the photo root.
 */
function readMultipart(ctx: Context, params: RawParams, limits: BodyLimits): Promise<UploadedFile | undefined> {
  return new Promise((resolve, reject) => {
    // Declared too large for any file within the limit: refused before a byte is written.
    if (Number(ctx.get('content-length') || 0) > limits.uploadLimit + limits.bodyLimit + MULTIPART_SLACK) {
      reject(overUpload(ctx, limits.uploadLimit));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: ctx.req.headers,
        limits: { fieldSize: limits.bodyLimit, fields: 100_000, files: 1, fileSize: limits.uploadLimit, parts: 100_001 },
      });
    } catch {
      reject(new WebApiError(Code.BadRequest, 'Expected a multipart body with a boundary'));
      return;
    }
    let file: UploadedFile | undefined;
    let part: (NodeJS.ReadableStream & { destroy(error?: Error): void }) | undefined;
    let writing: Promise<void> = Promise.resolve();
    let fieldBytes = 0;
    let failed = false;
    /** `drain`: read and discard the rest of the body (keeps the connection); otherwise it is left unread. */
    const fail = (err: WebApiError, drain = true) => {
      if (failed) return;
      failed = true;
      ctx.req.unpipe(bb);
      if (drain) ctx.req.resume();
      // A cut connection never ends the part: end it (and the parser) here, or the write (and
      // its temporary file) would wait forever and never be removed.
      part?.destroy(err);
      bb.destroy();
      // `writing` may itself have failed (that may be why we are here): its error is superseded
      // by `err`, and must not escape as an unhandled rejection.
      void writing
        .catch((e: unknown) => e === err || logFailure(limits.log, 'upload part failed after the body broke')(e))
        .then(() =>
          file ? unlink(file.tmpPath).catch(logFailure(limits.log, "could not remove a broken upload's temporary file", { path: file.tmpPath }, ['ENOENT'])) : undefined,
        )
        .then(() => reject(err));
    };
    bb.on('field', (name, value) => {
      // busboy reports a part without a `name` in its Content-Disposition as a field named
      // undefined; it carries no parameter. (Throwing here would escape as an uncaught exception.)
      if (typeof name !== 'string') return;
      // ... and a value it could not decode (a part declaring a charset it does not know, such as
      // `utf-16`) as undefined.
      if (typeof value !== 'string') return fail(new WebApiError(Code.BadRequest, `Expected field \`${name.slice(0, 40)}\` in a known charset`));
      fieldBytes += name.length + value.length;
      if (fieldBytes > limits.bodyLimit) return fail(tooLarge(limits.bodyLimit));
      addPairs(params, [[name, value]]);
    });
    bb.on('file', (_name, stream, info) => {
      // After a failure nobody will remove a new temporary file: discard the part instead.
      if (failed) {
        stream.resume();
        return;
      }
      const tmpPath = path.join(limits.tmpDir, `upload-${randomBytes(8).toString('hex')}`);
      const entry: UploadedFile = { tmpPath, filename: info.filename ?? '', mimeType: info.mimeType, size: 0, truncated: false };
      file = entry;
      part = stream;
      stream.on('data', (chunk: Buffer) => (entry.size += chunk.length));
      stream.on('limit', () => {
        entry.truncated = true;
        const declared = Number(ctx.get('content-length') || 0);
        const drain = declared > 0 && declared <= limits.uploadLimit + DRAIN_MAX;
        // Not from inside busboy's own write: it goes on using the part after emitting 'limit',
        // and destroying the parser now would make it throw (an uncaught exception).
        setImmediate(() => fail(overUpload(ctx, limits.uploadLimit, drain), drain));
      });
      // streamFs: the file-system fault switch reaches the temporary file too (ENOSPC mid-upload).
      const out = createWriteStream(tmpPath, streamFs());
      // A pipeline cut early settles before the stream has even opened (created) the file: wait
      // for its 'close', or the file would be removed before it exists and then left behind.
      const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
      writing = pipeline(stream, out).finally(() => closed);
      writing.catch(() => fail(new WebApiError(Code.FileUploadCantWrite, 'Could not write the upload to the temporary folder')));
    });
    bb.on('filesLimit', () => {});
    bb.on('error', () => fail(new WebApiError(Code.BadRequest, 'Expected a well-formed multipart body')));
    bb.on('close', () => {
      writing.then(
        () => {
          if (!failed) resolve(file);
        },
        () => {},
      );
    });
    ctx.req.on('aborted', () => fail(new WebApiError(Code.BadRequest, 'The client aborted the body')));
    ctx.req.pipe(bb);
  });
}
