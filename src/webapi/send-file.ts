import { pipeline } from 'node:stream/promises';
import type { Context } from 'koa';
import type { OpenFile } from '../library/disk.ts';
import { BINARY_HEADERS } from './binary.ts';
import { etagOf, planAnswer } from './ranges.ts';

/**
 * `Content-Disposition` for a file name of any script: `filename*` carries the UTF-8 name
 * (RFC 6266, RFC 8187) and `filename` an ASCII stand-in for the few clients that know only it.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 8187's attr-char allows only ! among them.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A write cut short because the client went away: the end of the answer, not a failure. */
export function clientLeft(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

export interface FileAnswer {
  file: OpenFile;
  name: string;
  type: string;
  attachment: boolean;
}

/**
 * Writes an open file as the answer: 200 whole, 206 one range, 304 when the client's copy is
 * current, 416 for a range past the end (SPEC §14). The bytes are streamed from the descriptor
 * with backpressure (stream.pipeline); a client that leaves mid-way ends the pipeline, which
 * destroys the read stream and so closes the descriptor. Resolves with the status sent.
 */
export async function sendFile(ctx: Context, { file, name, type, attachment }: FileAnswer): Promise<number> {
  const { handle, size, mtimeMs } = file;
  const etag = etagOf(file);
  const common = {
    ...BINARY_HEADERS,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': new Date(mtimeMs).toUTCString(),
    // Private: the bytes may be behind a session. no-cache: kept, but revalidated (a 304).
    'Cache-Control': 'private, no-cache',
  };
  const plan = planAnswer(ctx.req.headers, size, { etag, mtimeMs });
  if (plan.status === 304 || plan.status === 416) {
    await handle.close();
    ctx.res.writeHead(plan.status, plan.status === 416 ? { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } : common);
    ctx.res.end();
    return plan.status;
  }
  const start = plan.status === 206 ? plan.start : 0;
  const end = plan.status === 206 ? plan.end : size - 1;
  ctx.res.writeHead(plan.status, {
    ...common,
    'Content-Type': type,
    'Content-Length': String(end - start + 1),
    'Content-Disposition': contentDisposition(attachment ? 'attachment' : 'inline', name),
    ...(plan.status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (size === 0 || ctx.method === 'HEAD') {
    await handle.close();
    ctx.res.end();
    return plan.status;
  }
  // autoClose (the default): the descriptor is closed when the stream ends or is destroyed.
  const stream = handle.createReadStream({ start, end });
  try {
    await pipeline(stream, ctx.res);
  } catch (err) {
    if (!clientLeft(err)) throw err;
  }
  return plan.status;
}
