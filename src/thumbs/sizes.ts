import { createHash } from 'node:crypto';

/** Thumbnail sizes (SPEC §14): the shorter side of each, never enlarged. */
export const THUMB_SIZES = { preview: 160, small: 320, large: 1280 } as const;
export type ThumbSize = keyof typeof THUMB_SIZES;
/** Largest first: each smaller size is made from the one before, not from the original. */
export const SIZE_ORDER: readonly ThumbSize[] = ['large', 'small', 'preview'];
/** `thumbnail_status` of an item that has thumbnails: every size, in Photo Station's order. */
export const ALL_SIZES_STATUS = 'preview,small,large';

/**
 * Bumped whenever the bytes made for the same source change (encoder settings, sizes): part of
 * every cache key, so old thumbnails are simply never asked for again and the GC takes them.
 */
export const RENDER_VERSION = 1;

/** What a thumbnail of an item depends on, as the index knows it. */
export interface ThumbSource {
  id: number;
  thumb_key?: number | null;
  size: number;
  mtime: number;
  width: number;
  height: number;
  orientation: number;
  rotation?: number;
}

/** Whether the upright picture has width and height swapped against the stored pixels. */
export function swapsSides(orientation: number, rotation: number): boolean {
  const exifQuarter = orientation >= 5 && orientation <= 8;
  const userQuarter = rotation === 90 || rotation === 270;
  return exifQuarter !== userQuarter;
}

/** The pixel size of one thumbnail of an upright `width` x `height` picture: shorter side to `side`, never enlarged. */
export function scaled(width: number, height: number, side: number): { width: number; height: number } {
  const short = Math.min(width, height);
  if (short <= side) return { width, height };
  const scale = side / short;
  return width <= height ? { width: side, height: Math.max(1, Math.round(height * scale)) } : { width: Math.max(1, Math.round(width * scale)), height: side };
}

/** What an item's cache key is made of. */
export type KeySource = Pick<ThumbSource, 'id' | 'thumb_key' | 'size' | 'mtime' | 'rotation'>;

/**
 * The cache key of an item's thumbnails: lowercase hex, the same for every size. It names the
 * content (size, mtime), the rotation and the item's stable identity (thumb_key, else the row
 * id), never its path: moving or renaming an item or its album keeps every input, so nothing of
 * the cache is touched. A changed file (size or mtime) or a new rotation gives a new key.
 */
export function thumbKey(src: KeySource): string {
  const identity = src.thumb_key ?? src.id;
  return createHash('sha256')
    .update(`${RENDER_VERSION}|${identity}|${src.size}|${src.mtime}|${src.rotation ?? 0}`)
    .digest('hex')
    .slice(0, 24);
}

type Dims = { resolutionx: number; resolutiony: number; mtime: number };
export type ThumbSizeJson = Record<ThumbSize, Dims> & { sig: string };

/**
 * `additional.thumb_size` (SPEC §14): each size's pixel dimensions, known from the item's
 * resolution before any thumbnail exists, the source's mtime in seconds, and the sig clients put
 * in thumbnail URLs. Without a source (an album with no cover): zeros and an empty sig, which
 * clients still parse (they crash on anything else).
 */
export function thumbSizeJson(src: ThumbSource | undefined): ThumbSizeJson {
  const zero = { resolutionx: 0, resolutiony: 0, mtime: 0 };
  if (!src) return { preview: zero, small: zero, large: zero, sig: '' };
  const swap = swapsSides(src.orientation, src.rotation ?? 0);
  const w = swap ? src.height : src.width;
  const h = swap ? src.width : src.height;
  const mtime = Math.floor(src.mtime / 1000);
  const dims = (side: number): Dims => {
    if (w <= 0 || h <= 0) return { resolutionx: 0, resolutiony: 0, mtime };
    const s = scaled(w, h, side);
    return { resolutionx: s.width, resolutiony: s.height, mtime };
  };
  return { preview: dims(THUMB_SIZES.preview), small: dims(THUMB_SIZES.small), large: dims(THUMB_SIZES.large), sig: thumbKey(src) };
}
