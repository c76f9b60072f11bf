import exifr from 'exifr';
import { open } from 'node:fs/promises';
import { imageSize } from './image-size.ts';
import type { ItemKind } from './media.ts';

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

const HEAD_BYTES = 128 * 1024;

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

async function readHead(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Reads taken date, size, orientation, GPS, title and description from the file's first bytes
 * (EXIF via exifr, pixel size from the image header). Anything missing falls back: the taken
 * date to the file's mtime, the rest to empty. Never throws for a damaged file.
 */
export async function readMetadata(file: string, kind: ItemKind, mtimeMs: number): Promise<Metadata> {
  const fallback: Metadata = { taken_at: wallClockOfMtime(mtimeMs), width: 0, height: 0, orientation: 1, lat: null, lng: null, title: '', description: '', exif: null };
  if (kind !== 'photo') return fallback;
  let head: Buffer;
  try {
    head = await readHead(file);
  } catch {
    return fallback;
  }
  const size = imageSize(head);
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(head, { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, translateValues: false, mergeOutput: true })) as
      | Record<string, unknown>
      | undefined;
  } catch {
    tags = undefined;
  }
  if (!tags) return { ...fallback, width: size?.width ?? 0, height: size?.height ?? 0 };
  const lat = num(tags.latitude);
  const lng = num(tags.longitude);
  const exif: Record<string, unknown> = {};
  for (const key of ['Make', 'Model', 'ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'Flash', 'LensModel']) {
    const v = tags[key];
    if (typeof v === 'string' || typeof v === 'number') exif[key] = typeof v === 'string' ? str(v) : v;
  }
  return {
    taken_at: wallClock(tags.DateTimeOriginal) ?? wallClock(tags.CreateDate) ?? wallClock(tags.ModifyDate) ?? fallback.taken_at,
    width: size?.width ?? num(tags.ExifImageWidth) ?? num(tags.ImageWidth) ?? 0,
    height: size?.height ?? num(tags.ExifImageHeight) ?? num(tags.ImageHeight) ?? 0,
    orientation: num(tags.Orientation) ?? 1,
    lat: lat !== undefined && lng !== undefined ? lat : null,
    lng: lat !== undefined && lng !== undefined ? lng : null,
    title: str(tags.XPTitle) || str(tags.ImageDescription),
    description: str(tags.XPComment) || str(tags.UserComment),
    exif: Object.keys(exif).length > 0 ? JSON.stringify(exif) : null,
  };
}

/** The mtime as the wall clock of the server's zone, matching what EXIF dates mean. */
export function wallClockOfMtime(mtimeMs: number): number {
  return wallClock(new Date(mtimeMs)) ?? mtimeMs;
}
