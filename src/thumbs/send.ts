import type { Context } from 'koa';
import { readFile, stat } from 'node:fs/promises';
import { BINARY_HEADERS } from '../binary-headers.ts';

/** A thumbnail as it is sent: immutable for its key, so it may be kept in memory. */
export interface ThumbBytes {
  bytes: Buffer;
  etag: string;
  lastModified: Date;
}

/**
 * Recently sent thumbnails, in memory, up to a byte budget. A cache file never changes once
 * written (its name is its content's key), so a copy here is never stale; what leaves the
 * cache folder (GC, an operator's rm) only stops being found here once it is evicted.
 */
export class HotThumbs {
  readonly #max: number;
  #bytes = 0;
  readonly #entries = new Map<string, ThumbBytes>();

  constructor(maxBytes: number) {
    this.#max = maxBytes;
  }

  /** The thumbnail file `file`, if it is in memory. */
  peek(file: string): ThumbBytes | undefined {
    return this.#entries.get(file);
  }

  /** The thumbnail file `file` (named by `etag`), from memory or from the disk; undefined when absent. */
  async get(file: string, etag: string): Promise<ThumbBytes | undefined> {
    const hit = this.#entries.get(file);
    if (hit) {
      // Most recently used last: eviction takes the first.
      this.#entries.delete(file);
      this.#entries.set(file, hit);
      return hit;
    }
    let found: ThumbBytes;
    try {
      const [st, bytes] = await Promise.all([stat(file), readFile(file)]);
      found = { bytes, etag, lastModified: new Date(Math.floor(st.mtimeMs / 1000) * 1000) };
    } catch {
      return undefined;
    }
    if (found.bytes.length <= this.#max / 16) {
      this.#entries.set(file, found);
      this.#bytes += found.bytes.length;
      for (const [k, v] of this.#entries) {
        if (this.#bytes <= this.#max) break;
        this.#entries.delete(k);
        this.#bytes -= v.bytes.length;
      }
    }
    return found;
  }
}

/**
 * Whether the request's validators match (RFC 9110 §13.1): If-None-Match wins over
 * If-Modified-Since. Without `lastModified` only the ETag counts.
 */
export function notModified(ctx: Context, etag: string, lastModified: Date | undefined): boolean {
  const inm = ctx.get('If-None-Match');
  if (inm) return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
  const ims = ctx.get('If-Modified-Since');
  if (!ims || !lastModified) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && lastModified.getTime() <= since;
}

/**
 * Writes a thumbnail answer (SPEC §14): the bytes, or 304 when the client's copy is current.
 * `revalidate`: the URL does not change with the thumbnail, so a kept copy must be checked first.
 */
export function sendThumb(ctx: Context, thumb: ThumbBytes, revalidate = false): number {
  const headers: Record<string, string | number> = {
    ...BINARY_HEADERS,
    ETag: thumb.etag,
    'Last-Modified': thumb.lastModified.toUTCString(),
    // An item's or an album's URL changes with the thumbnail (its `sig`), so a copy may be kept
    // as long as the client likes.
    'Cache-Control': revalidate ? 'private, no-cache' : 'private, max-age=31536000',
  };
  // A URL whose thumbnail may become another one (an older file) is judged by the ETag alone.
  if (notModified(ctx, thumb.etag, revalidate ? undefined : thumb.lastModified)) {
    ctx.res.writeHead(304, headers);
    ctx.res.end();
    return 304;
  }
  ctx.res.writeHead(200, { ...headers, 'Content-Type': 'image/jpeg', 'Content-Length': thumb.bytes.length });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : thumb.bytes);
  return 200;
}
