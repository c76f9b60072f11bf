import type { AlbumType } from '../config.ts';
import { videoToolsAvailable } from '../thumbs/ffmpeg.ts';
import type { VideoFacts } from '../thumbs/ffmpeg.ts';
import { ALL_SIZES_STATUS, thumbSizeJson } from '../thumbs/sizes.ts';
import type { AlbumRow } from './albums.ts';
import type { Cover } from './covers.ts';
import { shownExif } from './exif-values.ts';
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
  /** The album's cover (covers.ts), for `thumbnail_status` and `thumb_size`. */
  cover: () => Cover | undefined;
  /** The album's public link as its managers read it (SPEC §18); undefined: not answered. */
  publicShare?: () => unknown;
}

/**
 * `thumbnail_status` (SPEC §14): every size for an item this server can make thumbnails of, else
 * `default`. A video needs ffmpeg; whether it is there is known once, at start, for the process.
 */
export function thumbnailStatus(item: Pick<ItemRow, 'kind'> | undefined): string {
  if (!item) return 'default';
  return item.kind === 'photo' || videoToolsAvailable() ? ALL_SIZES_STATUS : 'default';
}

export function albumJson(album: AlbumRow, facts: AlbumFacts, additional: Additional) {
  let extra: Record<string, unknown> | null = null;
  if (additional.size > 0) {
    extra = {};
    // Integer seconds, as Photo Station sends it: clients do arithmetic on it.
    if (additional.has('album_createdate')) extra.album_createdate = Math.floor(album.created_at / 1000);
    if (additional.has('album_permission')) {
      const r = facts.rights();
      extra.album_permission = { browse: r.browse, upload: r.upload, manage: r.manage };
    }
    if (additional.has('album_sorting')) extra.album_sorting = { sort_by: album.sort_by, sort_direction: album.sort_direction };
    // The root album cannot be deleted; any other needs manage (docs/protocol.md §6).
    if (additional.has('delete_permission')) extra.delete_permission = album.depth > 0 && facts.rights().manage;
    if (additional.has('file_location')) extra.file_location = album.path;
    if (additional.has('item_count')) extra.item_count = facts.counts();
    if (additional.has('thumb_size')) extra.thumb_size = thumbSizeJson(facts.cover()?.row);
    // Its public link is a credential: answered only where the caller may manage the album.
    const share = additional.has('public_share') ? facts.publicShare?.() : undefined;
    if (share !== undefined) extra.public_share = share;
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
      uid: album.uid,
    },
    additional: extra,
    thumbnail_status: thumbnailStatus(facts.cover()?.row),
  };
}

/** Photo Station's title of an untitled item: its file name without the extension. */
function defaultTitle(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** `additional=photo_exif`: the EXIF fields as shownExif spells them, with the date, size and position. */
function exifJson(item: ItemRow) {
  return {
    takendate: formatWallClock(item.taken_at),
    ...shownExif(item.exif ? (JSON.parse(item.exif) as Record<string, unknown>) : {}),
    resolution: `${item.width} x ${item.height}`,
    gps: item.lat !== null && item.lng !== null ? { lat: item.lat, lng: item.lng } : null,
  };
}

/** `additional.video_codec`: what ffprobe said (stored by the metadata pass), else what the index knows. */
function videoCodec(item: ItemRow): VideoFacts {
  const known = item.video ? (JSON.parse(item.video) as VideoFacts) : undefined;
  return (
    known ?? {
      container: extensionOf(item.name),
      vcodec: '',
      acodec: '',
      resolution_x: item.width,
      resolution_y: item.height,
      duration: 0,
      frame_bitrate: 0,
      video_bitrate: 0,
      audio_bitrate: 0,
    }
  );
}

export function itemJson(item: ItemRow, albumPath: string, pos: number, additional: Additional) {
  let extra: Record<string, unknown> | null = null;
  if (additional.size > 0) {
    extra = {};
    if (additional.has('photo_exif') && item.kind === 'photo') extra.photo_exif = exifJson(item);
    if (additional.has('thumb_size')) extra.thumb_size = thumbSizeJson(item);
    if (additional.has('video_codec') && item.kind === 'video') extra.video_codec = videoCodec(item);
    // Photo Station lists its converted copies here; this server makes none: the original only.
    if (additional.has('video_quality') && item.kind === 'video') {
      const { container, vcodec, acodec, resolution_x, resolution_y } = videoCodec(item);
      extra.video_quality = [{ id: 'original', container, vcodec, acodec, resolution_x, resolution_y, filesize: item.size, profile_name: 'original' }];
    }
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
    // `rotation`: the clockwise degrees set with Rotate.set (the file is never rewritten);
    // `rotated`: whether the stored pixels are not upright (EXIF orientation or a rotation);
    // `rotate_version`: counts rotations, for clients' cache busters.
    rotated: item.orientation !== 1 || (item.rotation ?? 0) !== 0,
    rotate_version: item.rotate_version ?? 0,
    rotation: item.rotation ?? 0,
    lat: item.lat,
    lng: item.lng,
    rating: item.rating,
    uid: item.uid,
  };
  // Newer clients read the position here, older ones read lat/lng above (SPEC §7).
  if (hasGps) info.gps = { lat: item.lat, lng: item.lng };
  return { id: itemId(albumPath, item.name, item.kind), type: item.kind, pos, info, additional: extra, thumbnail_status: thumbnailStatus(item) };
}
