import { MAX_TTL, MIN_TTL } from '../src/auth/app-tokens.ts';
import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

/** Thirty days, when `create` names no `ttl`. */
export const DEFAULT_TTL = 30 * 24 * 3600;

export default {
  name: 'SYNO.PhotoStation.AppToken',
  path: 'app_token.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BadRequest,
  handlers: 'app-token',
  summary:
    '(ext) App tokens (SPEC §17): JWTs for scripts that never handle a password, presented as `Authorization: Token token="<t>"`, `Authorization: Bearer <t>` or `access_token=<t>`. Each answer to a token-authenticated call carries the token renewed in `X-token`. A token acts with its user\'s rights intersected with its abilities, and as an administrator only with every ability on `*`.',
  methods: {
    create: {
      versions: [1],
      auth: 'user',
      summary:
        'Creates a token: `abilities` maps album ids (or uids, or `*`) to lists of `browse`, `upload`, `manage`, holding on the album and below (a JSON object, or bracket keys with comma lists). Answers `{token, jti, exp}`; the token is shown this once. Only a password session may create tokens: a token-authenticated call gets 105.',
      params: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 128 },
          abilities: { type: 'object' },
          ttl: { type: 'integer', minimum: MIN_TTL, maximum: MAX_TTL, default: DEFAULT_TTL },
        },
        required: ['name', 'abilities'],
      },
    },
    list: {
      versions: [1],
      reads: true,
      auth: 'user',
      summary: "The caller's tokens, oldest first: `{tokens:[{jti, name, abilities, created, exp, revoked}]}` (never the tokens themselves).",
      params: { type: 'object', properties: {} },
    },
    revoke: {
      versions: [1],
      auth: 'user',
      summary:
        "Revokes one of the caller's tokens by `jti`, effective at once. A password session may revoke any of the user's tokens, a token only itself (105 otherwise). An unknown `jti` is 101; revoking twice is no error.",
      params: { type: 'object', properties: { jti: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['jti'] },
    },
  },
} satisfies ApiDescriptor;
