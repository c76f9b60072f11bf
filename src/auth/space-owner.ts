import { ABILITIES } from './abilities.ts';
import type { User } from './users.ts';

/**
 * The user as they act inside a space (SPEC §18): in their own personal library a user is its
 * administrator (every right on every album, the administrator's view of its trash, tags and
 * categories), as administrators are everywhere. An app token still limits them to its
 * abilities; only a token with every ability on `*` acts as the administrator. Anyone else, and
 * anyone in the shared library, acts as themselves. Accounts, sessions and tokens are not a
 * space's: the APIs that manage them see the account as it is (src/webapi/spaces.ts).
 */
export function actingIn(owner: string | undefined, user: User): User {
  if (owner === undefined || user.isAdmin || user.username.toLowerCase() !== owner.toLowerCase()) return user;
  if (!user.token) return Object.freeze({ ...user, isAdmin: true });
  const all = user.token.abilities['*']?.length === ABILITIES.length;
  return Object.freeze({ ...user, isAdmin: all, token: Object.freeze({ ...user.token, admin: true }) });
}
