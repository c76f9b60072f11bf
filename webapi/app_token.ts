import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as tokens from '../src/api/app-token.ts';

export default {
  name: 'SYNO.PhotoStation.AppToken',
  path: 'app_token.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  summary:
    '(ext) App tokens (SPEC §17): JWTs for scripts that never handle a password, presented as `Authorization: Token token="<t>"`, `Authorization: Bearer <t>` or `access_token=<t>`. Each answer to a token-authenticated call carries the token renewed in `X-token`. A token acts with its user\'s rights intersected with its abilities, and as an administrator only with every ability on `*`.',
  methods: {
    create: {
      versions: [1],
      summary:
        'Creates a token: `abilities` maps album ids (or uids, or `*`) to lists of `browse`, `upload`, `manage`, holding on the album and below (a JSON object, or bracket keys with comma lists). Answers `{token, jti, exp}`; the token is shown this once. Only a password session may create tokens: a token-authenticated call gets 105.',
      ...tokens.create,
    },
    list: {
      versions: [1],
      reads: true,
      summary: "The caller's tokens, oldest first: `{tokens:[{jti, name, abilities, created, exp, revoked}]}` (never the tokens themselves).",
      ...tokens.list,
    },
    revoke: {
      versions: [1],
      summary:
        "Revokes one of the caller's tokens by `jti`, effective at once. A password session may revoke any of the user's tokens, a token only itself (105 otherwise). An unknown `jti` is 101; revoking twice is no error.",
      ...tokens.revoke,
    },
  },
} satisfies ApiDescriptor;
