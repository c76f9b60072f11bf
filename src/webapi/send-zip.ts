import type { ReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'koa';
import { ZipFile } from 'yazl';
import type { Disk } from '../library/disk.ts';
import type { ZipEntry } from '../library/zip-walk.ts';
import { BINARY_HEADERS } from './binary.ts';
import { clientLeft, contentDisposition } from './send-file.ts';

/**
 * Writes a ZIP archive of `entries` as it is built (SPEC §14 `getitem`): no temporary file, no
 * archive in memory. Files are stored, not recompressed (photos and videos are compressed
 * already). yazl switches to ZIP64 by itself for a file or an archive past 4 GiB.
 *
 * One file is open at a time: the next entry is opened (symlink-safe, Disk.openFile) only once
 * the previous one has been read to its end, and yazl reads only as fast as the client takes the
 * archive (pipeline's backpressure), so the walk of the index, the opens and the reads all move
 * at the client's pace. A file that is gone or is a link by then is left out. A client that
 * leaves ends the walk and destroys the file being read, which closes its descriptor.
 */
export async function sendZip(ctx: Context, filename: string, entries: AsyncIterable<ZipEntry>, disk: Disk): Promise<number> {
  const zip = new ZipFile();
  let current: ReadStream | undefined;
  let failed: Error | undefined;
  let left = false;
  let wake: () => void = () => {};
  const stop = () => {
    current?.destroy();
    wake();
  };
  // A file that changed size while it was read: the archive cannot be finished honestly.
  zip.on('error', (err: Error) => {
    failed = err;
    stop();
    ctx.res.destroy(err);
  });
  ctx.res.on('close', () => {
    // Finished, or cut by us after a failure (which is then reported as one).
    if (ctx.res.writableFinished || failed) return;
    left = true;
    stop();
  });

  ctx.res.writeHead(200, {
    ...BINARY_HEADERS,
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDisposition('attachment', filename),
    'Cache-Control': 'private, no-store',
  });
  // HEAD: the headers say what a GET would send; building an archive nobody reads is not worth it.
  if (ctx.method === 'HEAD') {
    ctx.res.end();
    return 200;
  }
  const sent = pipeline(zip.outputStream, ctx.res).catch((err: unknown) => {
    if (!clientLeft(err)) failed ??= err as Error;
  });

  for await (const entry of entries) {
    if (left || failed) break;
    if (entry.kind === 'dir') {
      zip.addEmptyDirectory(entry.zipPath, { mtime: new Date(entry.mtimeMs) });
      continue;
    }
    const file = await disk.openFile(entry.rel);
    if (!file) continue;
    if (left || failed) {
      await file.handle.close();
      break;
    }
    const stream = file.handle.createReadStream();
    current = stream;
    const read = new Promise<void>((resolve) => {
      wake = resolve;
      stream.once('close', resolve);
    });
    zip.addReadStreamLazy(entry.zipPath, { compress: false, size: file.size, mtime: new Date(file.mtimeMs) }, (cb) => cb(null, stream));
    await read;
    current = undefined;
  }
  if (!left && !failed) zip.end();
  await sent;
  if (failed && !left) throw failed;
  return 200;
}
