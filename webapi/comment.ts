import { COMMENT_LIMITS } from '../src/library/comments.ts';
import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as comment from '../src/api/comment.ts';

export default {
  name: 'SYNO.PhotoStation.Comment',
  path: 'comment.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.CommentValidateFail,
  summary:
    'Comments on photos and videos (SPEC §15). Text is stored as given and never interpreted. ' +
    `Limits, in characters: name ${COMMENT_LIMITS.name}, email ${COMMENT_LIMITS.email}, comment ${COMMENT_LIMITS.comment}. ` +
    '491 for a bad parameter or an unknown item or comment; 492 without the right.',
  methods: {
    list: {
      reads: true,
      share: true,
      versions: [1],
      summary: 'The comments on the item `id`, oldest first: `{comments:[{id:"comment_<n>", name, email, comment, date}]}`. Needs browse on its album (492).',
      errors: [Code.CommentAccessDeny],
      ...comment.list,
    },
    create: {
      versions: [1],
      share: true,
      summary:
        'Adds a comment to the item `id`: `{id}`. Whoever may browse the item may comment when its album allows comments (`allow_comment`), guests included; ' +
        "`name` defaults to the caller's user name (a guest must give one). 492 otherwise. A share's visitor (`public_share_id`) comments on its items where the share has `enable_comment`.",
      errors: [Code.CommentAccessDeny, Code.CommentCreateFail],
      ...comment.create,
    },
    delete: {
      versions: [1],
      summary: "Removes the comment `comment_id` from the item `id`. Needs manage on the item's album (administrators have it); 492 otherwise.",
      errors: [Code.CommentAccessDeny],
      ...comment.remove,
    },
  },
} satisfies ApiDescriptor;
