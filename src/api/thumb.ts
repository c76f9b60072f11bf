import type { Call, Handlers } from '../services.ts';
import type { Cover } from '../library/covers.ts';
import { isAlbumId } from '../library/ids.ts';
import { sendThumb } from '../thumbs/send.ts';
import type { ThumbSize } from '../thumbs/sizes.ts';
import { BinaryAnswer } from '../webapi/binary.ts';
import { Code, WebApiError } from '../codes.ts';
import { albumFor, itemFor } from './browse-common.ts';

interface GetParams {
  id: string;
  size: ThumbSize;
  password?: string;
}

/** The item whose thumbnail answers for `id`: the item itself, or an album's cover. 501 / 502 / 503 before any work. */
async function target({ params, services, user }: Call<GetParams>): Promise<Cover> {
  const { library } = services;
  if (isAlbumId(params.id)) {
    const album = albumFor(library, params.id);
    if (!(await library.rights.of(user, album, params.password)).browse) throw new WebApiError(Code.ThumbAccessDeny, 'No browse right on the album');
    const cover = library.covers.of(album, (id) => library.visibility.canBrowse(user, id));
    if (!cover) throw new WebApiError(Code.ThumbNoCover, 'The album has no cover');
    return cover;
  }
  const { item, album } = itemFor(library, params.id);
  if (!(await library.rights.of(user, album, params.password)).browse) throw new WebApiError(Code.ThumbAccessDeny, 'No browse right on the album');
  return { row: item, albumPath: album.path };
}

async function get(call: Call<GetParams>) {
  const { row, albumPath } = await target(call);
  const thumb = await call.services.thumbs.thumbnail(row, albumPath, call.params.size);
  if (typeof thumb === 'string') throw new WebApiError(Code.ThumbFileNotExists, `No thumbnail: ${thumb}`);
  return new BinaryAnswer(async (ctx) => sendThumb(ctx, thumb));
}

export const handlers = { get } satisfies Handlers;
