import type { Abilities } from '../auth/app-tokens.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import type { Call, Handlers } from '../services.ts';
import { Code, WebApiError } from '../webapi/codes.ts';

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

async function create({ params, services, user }: Call<{ name: string; abilities: Record<string, unknown>; ttl: number }>) {
  const me = user as User;
  // A token that could mint tokens could mint wider or longer-lived ones: only a password does.
  if (me.token) throw new WebApiError(Code.NoPermission, 'Only a password session may create app tokens');
  try {
    return await services.appTokens.create(me, params.name, abilityLists(params.abilities), params.ttl);
  } catch (error) {
    badInput(error);
  }
}

function list({ services, user }: Call<unknown>) {
  return { tokens: services.appTokens.list(user as User) };
}

function revoke({ params, services, user }: Call<{ jti: string }>) {
  const me = user as User;
  if (me.token && me.token.jti !== params.jti) throw new WebApiError(Code.NoPermission, 'A token may revoke only itself');
  try {
    services.appTokens.revoke(me, params.jti);
  } catch (error) {
    badInput(error);
  }
}

export const handlers = { create, list, revoke } satisfies Handlers;
