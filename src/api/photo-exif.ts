import path from 'node:path';
import { UnsafePathError } from '../library/disk.ts';
import { exifLines } from '../library/exif-display.ts';
import type { ExifLine } from '../library/exif-display.ts';
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
