import { MAX_TTL, MIN_TTL } from '../auth/app-tokens.ts';
import type { Abilities } from '../auth/app-tokens.ts';
import { DomainError } from '../errors.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import { route } from '../webapi/route.ts';

/** Thirty days, when `create` names no `ttl`. */
export const DEFAULT_TTL = 30 * 24 * 3600;

/** Form clients send `abilities[album_x]=browse,upload`: a comma list (or JSON array text) per key. */
function abilityLists(raw: Record<string, unknown>): Abilities {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') out[key] = value;
    else if (value.trim().startsWith('[')) out[key] = JSON.parse(value) as unknown;
    else
      out[key] = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
  }
  return out as Abilities;
}

function badInput(error: unknown): never {
  if (error instanceof DomainError && (error.reason === 'bad-input' || error.reason === 'not-found')) throw new WebApiError(Code.BadRequest, error.message);
  if (error instanceof SyntaxError) throw new WebApiError(Code.BadRequest, 'Expected `abilities` lists as JSON arrays or comma lists');
  throw error;
}

export const create = route(
  'user',
  {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 128 },
      abilities: { type: 'object' },
      ttl: { type: 'integer', minimum: MIN_TTL, maximum: MAX_TTL, default: DEFAULT_TTL },
    },
    required: ['name', 'abilities'],
  },
  async ({ params, services, user: me }) => {
    // A token that could mint tokens could mint wider or longer-lived ones: only a password does.
    if (me.token) throw new WebApiError(Code.NoPermission, 'Only a password session may create app tokens');
    try {
      return await services.appTokens.create(me, params.name, abilityLists(params.abilities), params.ttl);
    } catch (error) {
      badInput(error);
    }
  },
);

export const list = route('user', { type: 'object', properties: {} }, ({ services, user }) => ({ tokens: services.appTokens.list(user) }));

export const revoke = route(
  'user',
  { type: 'object', properties: { jti: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['jti'] },
  ({ params, services, user: me }) => {
    if (me.token && me.token.jti !== params.jti) throw new WebApiError(Code.NoPermission, 'A token may revoke only itself');
    try {
      services.appTokens.revoke(me, params.jti);
    } catch (error) {
      badInput(error);
    }
  },
);
