import type { AlbumType } from '../config.ts';
import type { AlbumRow } from './albums.ts';
import { albumId, childPath, itemId } from './ids.ts';
import type { ItemRow } from './items.ts';
import { extensionOf } from './media.ts';
import type { Rights } from './rights.ts';

/**
 * The JSON shapes of SPEC §7, in one place, so every API that answers albums or items (Album,
 * Photo, and later Tag, Search, Batch) answers the same thing. Nothing here touches the index:
 * callers pass what the shapes need.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `Y-m-d H:i:s` of a wall-clock time stored as UTC (taken dates: EXIF has no zone). */
export function formatWallClock(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `Y-m-d H:i:s` of an instant, in the server's zone (as Photo Station shows dates). */
export function formatLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What the caller asked for in `additional`; unknown values are simply never looked up. */
export type Additional = ReadonlySet<string>;

export interface AlbumFacts {
  /** Privacy type in force (own or inherited). */
  type: AlbumType;
  /** The caller's rights; asked only when `album_permission` or `delete_permission` is wanted. */
  rights: () => Rights;
  counts: () => { photo: number; video: number };
  /** Pixel size of the album's cover (first item), for `thumb_size`. */
  cover: () => { width: number; height: number } | undefined;
}

/** Thumbnail sizes Photo Station makes: longest side 320 (small), 800 (large), 1280 (preview). */
function thumbSizes(width: number, height: number): Record<string, { resolutionx: number; resolutiony: number }> {
  const out: Record<string, { resolutionx: number; resolutiony: number }> = {};
  if (width <= 0 || height <= 0) return out;
  for (const [name, side] of [['small', 320], ['large', 800], ['preview', 1280]] as const) {
    const scale = Math.min(1, side / Math.max(width, height));
    out[name] = { resolutionx: Math.max(1, Math.round(width * scale)), resolutiony: Math.max(1, Math.round(height * scale)) };
  }
  return out;
}

export function albumJson(album: AlbumRow, facts: AlbumFacts, additional: Additional) {
  let extra: Record<string, unknown> | null = null;
  if (additional.size > 0) {
    extra = {};
    if (additional.has('album_createdate')) extra.album_createdate = formatLocal(album.created_at);
    if (additional.has('album_permission')) {
      const r = facts.rights();
      extra.album_permission = { browse: r.browse, upload: r.upload, manage: r.manage };
    }
    if (additional.has('album_sorting')) extra.album_sorting = { sort_by: album.sort_by, sort_direction: album.sort_direction };
    // The root album cannot be deleted; any other needs manage (SPEC §5).
    if (additional.has('delete_permission')) extra.delete_permission = album.depth > 0 && facts.rights().manage;
    if (additional.has('file_location')) extra.file_location = album.path;
    if (additional.has('item_count')) extra.item_count = facts.counts();
    if (additional.has('thumb_size')) {
      const cover = facts.cover();
      extra.thumb_size = cover ? thumbSizes(cover.width, cover.height) : {};
    }
  }
  return {
    id: albumId(album.path),
    type: 'album' as const,
    info: {
      sharepath: album.path,
      name: album.name,
      title: album.title || album.name,
      description: album.description,
      hits: album.hits,
      type: facts.type,
      conversion: true,
      allow_comment: album.allow_comment === 1,
      allow_embed: false,
    },
    additional: extra,
    // No thumbnails are made by this server (yet): clients must not ask for them.
    thumbnail_status: 'none',
  };
}

/** Photo Station's title of an untitled item: its file name without the extension. */
function defaultTitle(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function exifJson(item: ItemRow) {
  const tags = item.exif ? (JSON.parse(item.exif) as Record<string, unknown>) : {};
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const exposure = typeof tags.ExposureTime === 'number' && tags.ExposureTime > 0
    ? tags.ExposureTime >= 1 ? `${tags.ExposureTime} sec` : `1/${Math.round(1 / tags.ExposureTime)} sec`
    : '';
  return {
    takendate: formatWallClock(item.taken_at),
    camera: text(tags.Make),
    camera_model: text(tags.Model),
    exposure,
    aperture: typeof tags.FNumber === 'number' ? `F${tags.FNumber}` : '',
    iso: typeof tags.ISO === 'number' ? tags.ISO : '',
    focal_length: typeof tags.FocalLength === 'number' ? `${tags.FocalLength} mm` : '',
    lens: text(tags.LensModel),
    flash: text(tags.Flash),
    resolution: `${item.width} x ${item.height}`,
    gps: item.lat !== null && item.lng !== null ? { lat: item.lat, lng: item.lng } : null,
  };
}

export function itemJson(item: ItemRow, albumPath: string, pos: number, additional: Additional) {
  let extra: Record<string, unknown> | null = null;
  if (additional.size > 0) {
    extra = {};
    if (additional.has('photo_exif') && item.kind === 'photo') extra.photo_exif = exifJson(item);
    if (additional.has('thumb_size')) extra.thumb_size = thumbSizes(item.width, item.height);
    if (additional.has('video_codec') && item.kind === 'video') {
      extra.video_codec = { container: extensionOf(item.name), vcodec: '', acodec: '', resolution_x: item.width, resolution_y: item.height };
    }
    // Photo Station lists its converted copies here; this server makes none.
    if (additional.has('video_quality') && item.kind === 'video') extra.video_quality = [];
    if (additional.has('file_location')) extra.file_location = childPath(albumPath, item.name);
  }
  const hasGps = item.lat !== null && item.lng !== null;
  const info: Record<string, unknown> = {
    name: item.name,
    title: item.title || defaultTitle(item.name),
    description: item.description,
    createdate: formatLocal(item.created_at),
    takendate: formatWallClock(item.taken_at),
    size: item.size,
    resolutionx: item.width,
    resolutiony: item.height,
    // EXIF orientation as Photo Station reports it: `rotation` is the EXIF value, `rotated` whether it is not upright.
    rotated: item.orientation !== 1,
    rotate_version: item.orientation !== 1 ? 1 : 0,
    rotation: item.orientation,
    lat: item.lat,
    lng: item.lng,
    rating: item.rating,
  };
  // Newer clients read the position here, older ones read lat/lng above (SPEC §7).
  if (hasGps) info.gps = { lat: item.lat, lng: item.lng };
  return { id: itemId(albumPath, item.name, item.kind), type: item.kind, pos, info, additional: extra, thumbnail_status: 'none' };
}
