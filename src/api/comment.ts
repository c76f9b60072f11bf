import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { COMMENT_LIMITS, commentsAllowed } from '../library/comments.ts';
import type { ItemRow } from '../library/items.ts';
import { formatLocal } from '../library/present.ts';
import { Code, WebApiError } from '../codes.ts';
import type { Call } from '../webapi/call.ts';
import { route } from '../webapi/route.ts';
import { idString, password, publicShareId } from '../webapi/schema.ts';
import { itemFor } from './browse-common.ts';
import { requireItemBrowse } from './share-common.ts';

const item = { ...idString, minLength: 1 } as const;

/** The item, when the caller may browse it (492 otherwise; 491 for an id naming nothing). */
async function browsable(call: Call<{ id: string; password?: string }>): Promise<{ item: ItemRow; album: AlbumRow }> {
  const found = itemFor(call.services.library, call.params.id);
  await requireItemBrowse(call, found, call.params.password, Code.CommentAccessDeny);
  return found;
}

/** Comments are allowed by the album, or, for a share's visitor, by the share (`enable_comment`). */
const commentsOpen = (user: User | null, album: AlbumRow): boolean => (user?.share ? user.share.enableComment : commentsAllowed(album));

export const list = route('guest', { type: 'object', properties: { id: item, password, public_share_id: publicShareId }, required: ['id'] }, async (call) => {
  const { library } = call.services;
  const { item } = await browsable(call);
  return {
    comments: library.comments.list(item.id).map((c) => ({ id: `comment_${c.id}`, name: c.name, email: c.email, comment: c.comment, date: formatLocal(c.created_at) })),
  };
});

export const create = route(
  'guest',
  {
    type: 'object',
    properties: {
      id: item,
      name: { type: 'string', maxLength: COMMENT_LIMITS.name },
      email: { type: 'string', maxLength: COMMENT_LIMITS.email },
      comment: { type: 'string', minLength: 1, maxLength: COMMENT_LIMITS.comment },
      password,
      public_share_id: publicShareId,
    },
    required: ['id', 'comment'],
  },
  async (call) => {
    const { params, services, user } = call;
    const { library } = services;
    // A share's visitor has no account name: like a guest, they give one.
    const name = params.name !== undefined && params.name.trim() !== '' ? params.name : user?.share ? undefined : user?.username;
    if (name === undefined) throw new WebApiError(Code.CommentValidateFail, 'Expected `name` (a guest must give one)');
    if (params.comment.trim() === '') throw new WebApiError(Code.CommentValidateFail, 'Expected a non-blank `comment`');
    const { item, album } = await browsable(call);
    if (!commentsOpen(user, album)) throw new WebApiError(Code.CommentAccessDeny, 'The album does not allow comments');
    let id: number;
    try {
      id = library.comments.add(item.id, { name, email: params.email ?? '', comment: params.comment }, library.config.now());
    } catch (err) {
      throw new WebApiError(Code.CommentCreateFail, `Index write failed: ${(err as Error).message}`);
    }
    return { id: `comment_${id}` };
  },
);

export const remove = route(
  'user',
  {
    type: 'object',
    properties: { id: item, comment_id: { type: 'string', minLength: 1, maxLength: 64 } },
    required: ['id', 'comment_id'],
  },
  async ({ params, services, user }) => {
    const { library } = services;
    const m = /^comment_(\d{1,15})$/.exec(params.comment_id);
    if (!m) throw new WebApiError(Code.CommentValidateFail, `Expected \`comment_id\` as comment_<n>, got \`${params.comment_id}\``);
    const { item, album } = itemFor(library, params.id);
    if (!library.rights.granted(user, album).manage) throw new WebApiError(Code.CommentAccessDeny, 'No manage right on the album');
    if (!library.comments.remove(item.id, Number(m[1]))) throw new WebApiError(Code.CommentValidateFail, 'The item has no such comment');
  },
);
