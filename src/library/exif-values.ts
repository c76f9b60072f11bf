import type { Db } from '../db/open.ts';
import { yieldToLoop } from '../runtime/yield.ts';
import type { AlbumScope } from './visibility.ts';

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

/** Rows read between two turns of the event loop: the walk reads every photo of the library. */
const SLICE = 2000;

/**
 * The distinct values of one kind among the photos of the albums in `albums` ('all': every album), as they
 * read, in order: numbers by size, words by letters. Photos without the tag add nothing. The
 * index is walked by row id in slices with a turn of the event loop between them: one scan of a
 * million photos' EXIF held the loop for seconds; the values seen, few, are gathered in a set.
 */
export async function exifValues(db: Db, kind: ExifKind, albums: AlbumScope | 'all'): Promise<string[]> {
  const scope = albums === 'all' ? '' : 'AND album_id IN (SELECT value FROM json_each(?))';
  const tag = kind === 'rating' ? undefined : EXIF_KINDS[kind][0];
  const value = tag === undefined ? 'rating' : `json_extract(exif, '$.${tag}')`;
  const where = tag === undefined ? '' : 'AND exif IS NOT NULL';
  const slice = db.prepare<unknown[], { id: number; v: unknown }>(
    `SELECT id, ${value} AS v FROM items WHERE id > ? AND kind = 'photo' ${where} ${scope} ORDER BY id LIMIT ${SLICE}`,
  );
  const seen = new Set<unknown>();
  for (let after = 0; ;) {
    const rows = albums === 'all' ? slice.all(after) : slice.all(after, albums.json);
    for (const r of rows) if (r.v !== null && r.v !== undefined) seen.add(r.v);
    if (rows.length < SLICE) break;
    after = (rows[rows.length - 1] as { id: number }).id;
    await yieldToLoop();
  }
  const raw = [...seen];
  if (tag === undefined) return (raw as number[]).sort((a, b) => a - b).map(String);
  const field = EXIF_KINDS[kind as keyof typeof EXIF_KINDS][1];
  const numeric = raw.every((v) => typeof v === 'number');
  const sorted = numeric ? (raw as number[]).sort((a, b) => a - b) : raw.map(String).sort((a, b) => a.localeCompare(b));
  const shown = sorted.map((v) => String(shownExif({ [tag]: v })[field])).filter((s) => s !== '');
  return [...new Set(shown)];
}
