import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { commentsAllowed } from '../library/comments.ts';
import type { ItemRow } from '../library/items.ts';
import type { Library } from '../library/library.ts';
import { formatLocal } from '../library/present.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../codes.ts';
import { itemFor } from './browse-common.ts';

/** The item, when the caller may browse it (492 otherwise; 491 for an id naming nothing). */
async function browsable(library: Library, user: User | null, id: string, password?: string): Promise<{ item: ItemRow; album: AlbumRow }> {
  const found = itemFor(library, id);
  if (!(await library.rights.of(user, found.album, password)).browse) throw new WebApiError(Code.CommentAccessDeny, 'No browse right on the item');
  return found;
}

async function list({ params, services, user }: Call<{ id: string; password?: string }>) {
  const { library } = services;
  const { item } = await browsable(library, user, params.id, params.password);
  return {
    comments: library.comments.list(item.id).map((c) => ({ id: `comment_${c.id}`, name: c.name, email: c.email, comment: c.comment, date: formatLocal(c.created_at) })),
  };
}

interface CreateParams {
  id: string;
  name?: string;
  email?: string;
  comment: string;
  password?: string;
}

async function create({ params, services, user }: Call<CreateParams>) {
  const { library } = services;
  const name = params.name !== undefined && params.name.trim() !== '' ? params.name : user?.username;
  if (name === undefined) throw new WebApiError(Code.CommentValidateFail, 'Expected `name` (a guest must give one)');
  if (params.comment.trim() === '') throw new WebApiError(Code.CommentValidateFail, 'Expected a non-blank `comment`');
  const { item, album } = await browsable(library, user, params.id, params.password);
  if (!commentsAllowed(album)) throw new WebApiError(Code.CommentAccessDeny, 'The album does not allow comments');
  let id: number;
  try {
    id = library.comments.add(item.id, { name, email: params.email ?? '', comment: params.comment }, library.config.now());
  } catch (err) {
    throw new WebApiError(Code.CommentCreateFail, `Index write failed: ${(err as Error).message}`);
  }
  return { id: `comment_${id}` };
}

async function remove({ params, services, user }: Call<{ id: string; comment_id: string }>) {
  const { library } = services;
  const m = /^comment_(\d{1,15})$/.exec(params.comment_id);
  if (!m) throw new WebApiError(Code.CommentValidateFail, `Expected \`comment_id\` as comment_<n>, got \`${params.comment_id}\``);
  const { item, album } = itemFor(library, params.id);
  if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.CommentAccessDeny, 'No manage right on the album');
  if (!library.comments.remove(item.id, Number(m[1]))) throw new WebApiError(Code.CommentValidateFail, 'The item has no such comment');
}

export const handlers = { list, create, delete: remove } satisfies Handlers;
