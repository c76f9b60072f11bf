import type { Db } from '../db/open.ts';

/** The EXIF tags the index keeps per photo (metadata.ts), as they read in an answer. */
export interface ShownExif {
  camera: string;
  camera_model: string;
  exposure: string;
  aperture: string;
  iso: number | '';
  focal_length: string;
  lens: string;
  flash: string;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/**
 * How the stored EXIF values read, in every answer that shows them (Photo.list's `photo_exif`,
 * Photo.listexif), so a value listed by one is the value the other shows.
 */
export function shownExif(tags: Record<string, unknown>): ShownExif {
  const t = tags.ExposureTime;
  return {
    camera: text(tags.Make),
    camera_model: text(tags.Model),
    exposure: typeof t === 'number' && t > 0 ? (t >= 1 ? `${t} sec` : `1/${Math.round(1 / t)} sec`) : '',
    aperture: typeof tags.FNumber === 'number' ? `F${tags.FNumber}` : '',
    iso: typeof tags.ISO === 'number' ? tags.ISO : '',
    focal_length: typeof tags.FocalLength === 'number' ? `${tags.FocalLength} mm` : '',
    lens: text(tags.LensModel),
    flash: text(tags.Flash),
  };
}

/**
 * The kinds Photo.listexif lists, by Photo Station's names (`aperature` is its spelling; the
 * `_v2` names are what its later web page asks, answered the same), each with the stored tag it
 * reads and the field of shownExif that spells it.
 */
export const EXIF_KINDS = {
  camera_make: ['Make', 'camera'],
  camera_model: ['Model', 'camera_model'],
  lens: ['LensModel', 'lens'],
  lens_v2: ['LensModel', 'lens'],
  exposure: ['ExposureTime', 'exposure'],
  aperature: ['FNumber', 'aperture'],
  aperture: ['FNumber', 'aperture'],
  iso: ['ISO', 'iso'],
  focal_length: ['FocalLength', 'focal_length'],
  focal_length_v2: ['FocalLength', 'focal_length'],
  flash: ['Flash', 'flash'],
  flash_v2: ['Flash', 'flash'],
} as const satisfies Record<string, readonly [string, keyof ShownExif]>;

export type ExifKind = keyof typeof EXIF_KINDS | 'rating';

/**
 * The distinct values of one kind among the photos of `albumIds` ('all': every album), as they
 * read, in order: numbers by size, words by letters. Photos without the tag add nothing.
 */
export function exifValues(db: Db, kind: ExifKind, albumIds: readonly number[] | 'all'): string[] {
  const scope = albumIds === 'all' ? '' : 'AND album_id IN (SELECT value FROM json_each(?))';
  const args = albumIds === 'all' ? [] : [JSON.stringify(albumIds)];
  if (kind === 'rating') {
    const sql = `SELECT DISTINCT rating FROM items WHERE kind = 'photo' ${scope} ORDER BY rating`;
    return (
      db
        .prepare(sql)
        .pluck()
        .all(...args) as number[]
    ).map(String);
  }
  const [tag, field] = EXIF_KINDS[kind];
  const sql = `SELECT DISTINCT json_extract(exif, '$.${tag}') AS v FROM items WHERE kind = 'photo' AND exif IS NOT NULL ${scope} AND v IS NOT NULL`;
  const raw = db
    .prepare(sql)
    .pluck()
    .all(...args) as unknown[];
  const numeric = raw.every((v) => typeof v === 'number');
  const sorted = numeric ? (raw as number[]).sort((a, b) => a - b) : raw.map(String).sort((a, b) => a.localeCompare(b));
  const shown = sorted.map((v) => String(shownExif({ [tag]: v })[field])).filter((s) => s !== '');
  return [...new Set(shown)];
}
