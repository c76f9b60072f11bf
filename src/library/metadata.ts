import exifr from 'exifr';
import { fstatSync, lstat, read } from 'node:fs';
import { readFileTags } from './file-tags.ts';
import { imageSize, isHeif } from './image-size.ts';
import type { ItemKind } from './media.ts';
import { closeFd, openedAt, openFd } from './safe-open.ts';
import type { FileTags } from './tags.ts';

/** What the index keeps of a file's own metadata (SPEC §8: "from the file where it has them"). */
export interface Metadata {
  taken_at: number;
  width: number;
  height: number;
  orientation: number;
  lat: number | null;
  lng: number | null;
  title: string;
  description: string;
  /** JSON of the tags `additional=photo_exif` answers, or null. */
  exif: string | null;
}

/**
 * How much of a file is read for its metadata: first HEAD_BYTES (an EXIF block is at most 64 KiB
 * and comes first in most JPEGs), then up to MAX_HEAD_BYTES only when that did not hold the pixel
 * size or any tag (a big ICC or XMP block before them).
 */
const HEAD_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 128 * 1024;
/** EXIF dates are wall-clock without a zone; exifr revives them in local time. Keep the wall clock. */
function wallClock(d: unknown): number | undefined {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return undefined;
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\0+$/, '').trim() : '';
}

/** Up to `length` bytes from `position`, in a buffer not zero-filled first (every byte returned was read). */
function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  return new Promise((resolve, reject) => read(fd, buf, 0, length, position, (err, n) => (err ? reject(err) : resolve(buf.subarray(0, n)))));
}

function fallbackOf(mtimeMs: number): Metadata {
  return { taken_at: wallClockOfMtime(mtimeMs), width: 0, height: 0, orientation: 1, lat: null, lng: null, title: '', description: '', exif: null };
}

/**
 * Reads taken date, size, orientation, GPS, title and description from the file's first bytes
 * (EXIF via exifr, pixel size from the image header). Anything missing falls back: the taken
 * date to the file's mtime, the rest to empty. Never throws for a damaged file.
 */
export async function readMetadata(file: string, kind: ItemKind, mtimeMs: number): Promise<Metadata> {
  return (await readMetadataAndTags(file, kind, mtimeMs)).meta;
}

/** As readMetadata, plus the keywords and people the file names (file-tags.ts). */
export async function readMetadataAndTags(file: string, kind: ItemKind, mtimeMs: number): Promise<{ meta: Metadata; tags?: FileTags }> {
  // The size only bounds the first read; not knowing it, read a whole head.
  const facts = await readFileFacts(file, kind, { size: MAX_HEAD_BYTES, mtime: mtimeMs });
  return facts ? { meta: facts.meta, ...(facts.tags ? { tags: facts.tags } : {}) } : { meta: fallbackOf(mtimeMs) };
}

/** What the index keeps of a file: its size and mtime (ms, truncated) and its own metadata. */
export interface FileFacts {
  size: number;
  mtime: number;
  meta: Metadata;
  /** Keywords and people, when the file names any. */
  tags?: FileTags;
}

/** Size and mtime of a plain file, as the index keeps them; undefined for anything else. */
function factsOf(st: { isFile(): boolean; size: number; mtimeMs: number }): { size: number; mtime: number } | undefined {
  return st.isFile() ? { size: st.size, mtime: Math.trunc(st.mtimeMs) } : undefined;
}

function lstatFacts(file: string): Promise<{ size: number; mtime: number } | undefined> {
  return new Promise((resolve) => lstat(file, (err, st) => resolve(err ? undefined : factsOf(st))));
}

/**
 * As readMetadata, plus the file's size and mtime; undefined when `file` is not a plain file
 * reached without following a link (gone, a link, a folder now). `known` is what the index
 * already holds; without it (a file found by its directory entry alone) size and mtime come
 * from the open file. A plain file that cannot be opened (no read permission) gets the fallbacks.
 * `real`: the file's path with no link in it; a file opened anywhere else is not read.
 */
export async function readFileFacts(file: string, kind: ItemKind, known?: { size: number; mtime: number }, real?: string): Promise<FileFacts | undefined> {
  // Nothing of a video is read; one the index knows needs nothing from the disk at all.
  if (kind !== 'photo' && known) return { ...known, meta: fallbackOf(known.mtime) };
  let fd: number;
  try {
    fd = await openFd(file);
  } catch {
    // Gone, a link (O_NOFOLLOW), or a plain file this process may not read: only the last has facts.
    const seen = await lstatFacts(file);
    const stat = seen && (known ?? seen);
    return stat && { ...stat, meta: fallbackOf(stat.mtime) };
  }
  try {
    if (real !== undefined && !openedAt(fd, real)) return undefined;
    // fstat of an open descriptor resolves no path and waits on nothing: cheaper inline than a
    // trip through the thread pool. O_NOFOLLOW made sure it is the file itself, not a link.
    const stat = known ?? factsOf(fstatSync(fd));
    if (!stat) return undefined; // a folder (open succeeds on one) or a device
    const fallback = fallbackOf(stat.mtime);
    // A video found by its directory entry: its size and mtime, from the file opened at its place.
    if (kind !== 'photo') return { ...stat, meta: fallback };
    let head = await readAt(fd, Math.max(1, Math.min(stat.size, HEAD_BYTES)), 0);
    let parsed = await parseHead(head, fallback);
    if (!parsed.complete && head.length === HEAD_BYTES) {
      head = Buffer.concat([head, await readAt(fd, MAX_HEAD_BYTES - HEAD_BYTES, HEAD_BYTES)]);
      parsed = await parseHead(head, fallback);
    }
    return { ...stat, meta: parsed.meta, ...(parsed.tags ? { tags: parsed.tags } : {}) };
  } catch {
    return undefined; // EISDIR: a folder now
  } finally {
    await closeFd(fd);
  }
}

/**
 * One object for every parse: exifr keeps the options it derives in a module-level Map keyed by
 * the options object's identity, never evicted (`Options.useCached`), so a literal per call kept
 * one set of derived options (about 6 KB) per file read, for the life of the process.
 */
const EXIF_OPTIONS = { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, translateValues: false, mergeOutput: true };

/** The metadata in `head`; complete when it held both the pixel size and EXIF tags. */
async function parseHead(head: Buffer, fallback: Metadata): Promise<{ meta: Metadata; tags?: FileTags; complete: boolean }> {
  const size = imageSize(head);
  const named = await readFileTags(head);
  const found = named ? { tags: named } : {};
  let exifTags: Record<string, unknown> | undefined;
  try {
    exifTags = (await exifr.parse(head, EXIF_OPTIONS)) as Record<string, unknown> | undefined;
  } catch {
    exifTags = undefined;
  }
  if (!exifTags) return { meta: { ...fallback, width: size?.width ?? 0, height: size?.height ?? 0 }, ...found, complete: false };
  const tags = exifTags;
  const lat = num(tags.latitude);
  const lng = num(tags.longitude);
  const exif: Record<string, unknown> = {};
  for (const key of ['Make', 'Model', 'ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'Flash', 'LensModel']) {
    const v = tags[key];
    if (typeof v === 'string' || typeof v === 'number') exif[key] = typeof v === 'string' ? str(v) : v;
  }
  const meta = {
    taken_at: wallClock(tags.DateTimeOriginal) ?? wallClock(tags.CreateDate) ?? wallClock(tags.ModifyDate) ?? fallback.taken_at,
    width: size?.width ?? num(tags.ExifImageWidth) ?? num(tags.ImageWidth) ?? 0,
    height: size?.height ?? num(tags.ExifImageHeight) ?? num(tags.ImageHeight) ?? 0,
    // A HEIF reader turns the picture by the file's own irot/imir; an EXIF Orientation there only
    // repeats it (HEIF says to ignore it), and applying both would turn the picture twice.
    orientation: isHeif(head) ? 1 : (num(tags.Orientation) ?? 1),
    lat: lat !== undefined && lng !== undefined ? lat : null,
    lng: lat !== undefined && lng !== undefined ? lng : null,
    title: str(tags.XPTitle) || str(tags.ImageDescription),
    description: str(tags.XPComment) || str(tags.UserComment),
    exif: Object.keys(exif).length > 0 ? JSON.stringify(exif) : null,
  };
  return { meta, ...found, complete: size !== undefined };
}

/**
 * The first bytes of a plain file (up to the most the metadata pass reads), opened as the pass
 * opens files: no link followed, and only at `real`. Undefined when it cannot be read there.
 */
export async function readHead(file: string, real: string): Promise<Buffer | undefined> {
  let fd: number;
  try {
    fd = await openFd(file);
  } catch {
    return undefined;
  }
  try {
    if (!openedAt(fd, real) || !fstatSync(fd).isFile()) return undefined;
    return await readAt(fd, MAX_HEAD_BYTES, 0);
  } catch {
    return undefined;
  } finally {
    await closeFd(fd);
  }
}

/** The mtime as the wall clock of the server's zone, matching what EXIF dates mean. */
export function wallClockOfMtime(mtimeMs: number): number {
  return wallClock(new Date(mtimeMs)) ?? mtimeMs;
}
