/**
 * What a GET of a file answers, from its validators and the request's conditional and Range
 * headers (RFC 9110 §13, §14). Pure: send-file.ts does the writing.
 */

/** The validators a file is sent with. */
export interface Validators {
  /** A strong entity tag, quoted. */
  etag: string;
  /** The file's mtime in ms. */
  mtimeMs: number;
}

export type Plan = { status: 200 } | { status: 206; start: number; end: number } | { status: 304 } | { status: 416 };

/** One request header's value, as node gives them (absent, one, or repeated). */
type HeaderValue = string | string[] | undefined;

export interface RequestHeaders {
  'if-none-match'?: HeaderValue;
  'if-modified-since'?: HeaderValue;
  'if-range'?: HeaderValue;
  range?: HeaderValue;
}

const one = (v: HeaderValue): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/** The strong entity tag of a file: inode, size and mtime (ms), so a replaced file gets a new one. */
export function etagOf(file: { ino: number; size: number; mtimeMs: number }): string {
  return `"${file.ino.toString(16)}-${file.size.toString(16)}-${Math.trunc(file.mtimeMs).toString(16)}"`;
}

/** `If-None-Match` lists tags compared weakly (a `W/` prefix does not matter), or `*`. */
function noneMatch(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

/** HTTP dates have whole seconds; the file's mtime is compared at that precision. */
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * `If-Range` holds either an entity tag, compared strongly (a weak one never matches), or a date
 * that must be exactly the file's Last-Modified.
 */
function rangeStillValid(header: string, v: Validators): boolean {
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === v.etag;
  const date = Date.parse(value);
  return Number.isFinite(date) && seconds(date) === seconds(v.mtimeMs);
}

/**
 * The one range of a `Range: bytes=...` header against a file of `size` bytes:
 * - `ignore` when the header is not one valid byte range (another unit, bad syntax, a last byte
 *   before the first) or names several ranges: the whole file is answered with 200, which
 *   RFC 9110 §14.2 allows, rather than a multipart/byteranges answer no photo client asks for;
 * - `unsatisfiable` when the range starts at or past the end (or asks for the last 0 bytes);
 * - else the first and last byte, a last byte past the end clamped to it.
 */
export function parseRange(header: string, size: number): 'ignore' | 'unsatisfiable' | { start: number; end: number } {
  const m = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!m) return 'ignore';
  const specs = (m[1] as string).split(',').filter((s) => s.trim() !== '');
  if (specs.length !== 1) return 'ignore';
  const r = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0] as string);
  if (!r) return 'ignore';
  const [, first = '', last = ''] = r;
  if (first === '' && last === '') return 'ignore';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * The answer to a GET of a file: 304 when the client's copy is current (`If-None-Match` first;
 * `If-Modified-Since` only without it), else the Range if there is one and `If-Range` (when sent)
 * still holds, else the whole file.
 */
export function planAnswer(headers: RequestHeaders, size: number, v: Validators): Plan {
  const inm = one(headers['if-none-match']);
  if (inm !== undefined) {
    if (noneMatch(inm, v.etag)) return { status: 304 };
  } else {
    const ims = one(headers['if-modified-since']);
    const since = ims === undefined ? NaN : Date.parse(ims);
    if (Number.isFinite(since) && seconds(v.mtimeMs) <= seconds(since)) return { status: 304 };
  }
  const range = one(headers.range);
  if (range === undefined) return { status: 200 };
  const ifRange = one(headers['if-range']);
  if (ifRange !== undefined && !rangeStillValid(ifRange, v)) return { status: 200 };
  const parsed = parseRange(range, size);
  if (parsed === 'ignore') return { status: 200 };
  if (parsed === 'unsatisfiable') return { status: 416 };
  return { status: 206, ...parsed };
}
