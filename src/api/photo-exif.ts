import path from 'node:path';
import { UnsafePathError } from '../library/disk.ts';
import { exifLines } from '../library/exif-display.ts';
import type { ExifLine } from '../library/exif-display.ts';
import { EXIF_KINDS, exifValues } from '../library/exif-values.ts';
import type { ExifKind } from '../library/exif-values.ts';
import { readHead } from '../library/metadata.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';
import { idString, password, publicShareId } from '../webapi/schema.ts';
import { itemFor } from './browse-common.ts';
import { requireItemBrowse } from './share-common.ts';

/** Photo.getexif: what the file says, read from the file now (the index keeps only a few tags). */
export const getexif = route('guest', { type: 'object', properties: { id: idString, public_share_id: publicShareId, password }, required: ['id'] }, async (call) => {
  const { params, services } = call;
  const { library } = services;
  const { item, album } = itemFor(library, params.id);
  await requireItemBrowse(call, { item, album }, undefined, Code.PhotoAccessDeny);
  let dir: string;
  try {
    dir = await library.disk.safe(album.path);
  } catch (err) {
    if (err instanceof UnsafePathError) throw new WebApiError(Code.PhotoBadParams, err.message);
    throw err;
  }
  const real = path.join(await library.disk.realRoot(), album.path, item.name);
  const head = item.kind === 'photo' ? await readHead(path.join(dir, item.name), real) : undefined;
  const exifs: ExifLine[] = head ? await exifLines(head) : [];
  return { total: exifs.length, exifs };
});

const exifKinds = ['rating', ...Object.keys(EXIF_KINDS)] as ExifKind[];

/**
 * Photo.listexif: the values one EXIF field takes across the library, for the web page's search
 * filters. Only photos the caller may browse count: a camera seen only in a private album is no
 * one else's business. `rating_<n>` as Photo Station's ids; others hex the value, as album ids do.
 */
export const listexif = route('guest', { type: 'object', properties: { type: { type: 'string', enum: exifKinds } }, required: ['type'] }, async ({ params, services, user }) => {
  const { library } = services;
  const kind = params.type as ExifKind;
  const names = await exifValues(library.db, kind, library.visibility.browsableScope(user));
  const tags = names.map((name) => ({ id: `${kind}_${kind === 'rating' ? name : Buffer.from(name, 'utf8').toString('hex')}`, name, type: 'exif', tag_type: kind }));
  return { total: tags.length, tags };
});
