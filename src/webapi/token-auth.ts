import type { Context } from 'koa';
import { TokenRefused } from '../auth/app-tokens.ts';
import type { TokenGrant } from '../auth/app-tokens.ts';
import type { User } from '../auth/users.ts';
import type { Services } from '../services.ts';
import { Code, WebApiError } from './codes.ts';
import type { AuthLevel } from './descriptor.ts';

/** The header every answer to a token-authenticated call carries: the token, renewed (seeds 000/003). */
export const RENEWED_TOKEN_HEADER = 'X-token';

function refused(error: unknown): never {
  if (error instanceof TokenRefused) throw new WebApiError(Code.SessionTimeout, error.message);
  throw error;
}

function admit(ctx: Context, grant: TokenGrant, renewed: string, level: AuthLevel): User {
  // Set before the handler runs, so that the answer carries it whatever the handler answers.
  ctx.set(RENEWED_TOKEN_HEADER, renewed);
  if (level === 'admin' && !grant.user.isAdmin) throw new WebApiError(Code.NoPermission, "An administrator's token with every ability on `*` is required");
  return grant.user;
}

/**
 * The user an app token authenticates a WebAPI call as (limited by the token: User.token), with
 * the renewed token set on the answer. An invalid, expired or revoked token, or one of a
 * disabled or deleted user, is 106, as a dead session is.
 *
 * Answers without a promise when the token's signature was checked before and its renewal of
 * this second is signed already: a script calling in a loop pays no WebCrypto round trip.
 */
export function tokenUser(ctx: Context, services: Services, raw: string, level: AuthLevel): User | Promise<User> {
  const tokens = services.appTokens;
  let grant: TokenGrant | undefined;
  try {
    grant = tokens.verifyCached(raw);
  } catch (error) {
    refused(error);
  }
  const renewed = grant && tokens.renewedCached(grant);
  if (grant && renewed !== undefined) return admit(ctx, grant, renewed, level);
  return (async () => {
    const verified = grant ?? (await tokens.verify(raw).catch(refused));
    return admit(ctx, verified, await tokens.renew(verified), level);
  })();
}
