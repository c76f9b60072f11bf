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
  const account = accountOf(user);
  if (owner === undefined || account.isAdmin || account.username.toLowerCase() !== owner.toLowerCase()) return account;
  if (!account.token) return Object.freeze({ ...account, isAdmin: true, account });
  const all = account.token.abilities['*']?.length === ABILITIES.length;
  return Object.freeze({ ...account, isAdmin: all, token: Object.freeze({ ...account.token, admin: true }), account });
}

/** The account as it is, whichever library it was acting in: what another space's rights are asked about. */
export function accountOf(user: User): User {
  return user.account ?? user;
}
