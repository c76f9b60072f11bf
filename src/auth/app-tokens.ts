import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';
import { IndexWatch } from './index-watch.ts';
import { ABILITIES, parseAbilities } from './abilities.ts';
import type { Abilities } from './abilities.ts';
import type { User, Users } from './users.ts';

export { ABILITIES, parseAbilities } from './abilities.ts';
export type { Abilities, Ability } from './abilities.ts';

/** A token that verified: whose it is and what it may do, as of this call. */
export interface TokenGrant {
  user: User;
  jti: string;
  abilities: Abilities;
  /** Seconds since the epoch, as in the token. */
  exp: number;
  iat: number;
}

/** A token as `list` shows it (never the token itself: it is not stored). */
export interface TokenInfo {
  jti: string;
  name: string;
  abilities: Abilities;
  /** Seconds since the epoch. */
  created: number;
  /** The latest expiry handed out (renewals move it), seconds since the epoch. */
  exp: number;
  revoked: boolean;
}

/** Why a presented token was refused; all of them are `no-access` to the caller. */
export type Refusal = 'malformed' | 'signature' | 'expired' | 'revoked' | 'user';

export class TokenRefused extends DomainError {
  readonly why: Refusal;
  constructor(why: Refusal, message: string) {
    super('no-access', message);
    this.why = why;
  }
}

interface Claims {
  sub: string;
  jti: string;
  abilities: Abilities;
  /** The abilities as signed, compared with the index's copy. */
  abilitiesText: string;
  iat: number;
  exp: number;
}

interface State {
  userId: number;
  abilities: string;
  exp: number;
  revoked: boolean;
  user: User | undefined;
}

interface TokenRow {
  jti: string;
  user_id: number;
  name: string;
  abilities: string;
  created_at: number;
  exp: number;
  revoked_at: number | null;
}

/** Enough for every script of a household server; past it the oldest entry goes. */
const MAX_CACHED = 1024;
/** A JWT longer than this is not one of ours: refused before any parsing. */
const MAX_TOKEN_CHARS = 8192;
export const MIN_TTL = 60;
export const MAX_TTL = 5 * 365 * 24 * 3600;
const MAX_NAME = 128;
/** Writing the stored expiry on every renewal would make each read a write; a minute is enough for `list`. */
const STORE_EXP_EVERY = 60;

const ABILITY_COUNT = ABILITIES.length;
const seconds = (ms: number) => Math.floor(ms / 1000);

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_CACHED && !map.has(key)) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

/**
 * App tokens (SPEC §17): HS256 JWTs, signed with the installation's secret (src/auth/secret.ts),
 * claims `sub` (the user's id), `iat`, `exp`, `jti`, `abilities`. The index keeps each `jti`
 * with its user, name, abilities and whether it was revoked.
 *
 * Checking a signature costs a WebCrypto round trip, so a token whose signature verified is
 * remembered by its exact text (the raw token is the key: another text, even one differing in
 * a single bit of its signature, is checked afresh). What can change after signing — expiry,
 * revocation, the user being disabled or deleted — is checked on every call against rows cached
 * only while the index is unchanged (IndexWatch): a revocation, from this server or from
 * `npm run token` beside it, is seen by the next request.
 */
export class AppTokens {
  readonly #key: Uint8Array;
  readonly #users: Users;
  readonly #now: () => number;
  readonly #watch: IndexWatch;
  readonly #insert;
  readonly #get;
  readonly #list;
  readonly #revoke;
  readonly #storeExp;
  /** Raw token -> its verified claims. */
  readonly #signed = new Map<string, Claims>();
  /** jti -> its row and user, while the index is unchanged. */
  readonly #states = new Map<string, State | null>();
  /** jti -> the renewed token of one second: renewals within a second are the same token. */
  readonly #renewed = new Map<string, { at: number; token: string }>();
  /** jti -> the renewal being signed, so that calls arriving meanwhile wait for it. */
  readonly #renewing = new Map<string, { at: number; token: Promise<string> }>();

  constructor(db: Db, users: Users, secret: Uint8Array, now: () => number) {
    if (secret.length < 32) throw new Error('Expected an app-token secret of at least 32 bytes');
    this.#key = secret;
    this.#users = users;
    this.#now = now;
    this.#watch = new IndexWatch(db);
    this.#insert = db.prepare('INSERT INTO app_tokens (jti, user_id, name, abilities, created_at, exp) VALUES (?, ?, ?, ?, ?, ?)');
    this.#get = db.prepare<[string], TokenRow>('SELECT * FROM app_tokens WHERE jti = ?');
    this.#list = db.prepare<[number], TokenRow>('SELECT * FROM app_tokens WHERE user_id = ? ORDER BY created_at, jti');
    this.#revoke = db.prepare<[number, string]>('UPDATE app_tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL');
    this.#storeExp = db.prepare<[number, string, number]>('UPDATE app_tokens SET exp = ? WHERE jti = ? AND exp < ?');
  }

  /** A new token for `user`; `abilities` as a client sent them (checked here), `ttlSeconds` its lifetime. */
  async create(user: User, name: string, abilities: Abilities, ttlSeconds: number): Promise<{ token: string; jti: string; exp: number }> {
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME || /[\p{Cc}]/u.test(name)) {
      throw new DomainError('bad-input', `Expected a token name of 1-${MAX_NAME} printable characters`);
    }
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL || ttlSeconds > MAX_TTL) {
      throw new DomainError('bad-input', `Expected \`ttl\` to be an integer from ${MIN_TTL} to ${MAX_TTL} seconds, got \`${String(ttlSeconds)}\``);
    }
    const normal = parseAbilities(abilities);
    const now = this.#now();
    const jti = randomBytes(16).toString('base64url');
    const iat = seconds(now);
    const exp = iat + ttlSeconds;
    // Signed before the row is written: a failed signature leaves no row behind.
    const token = await this.#sign(user.id, jti, normal, iat, exp);
    this.#insert.run(jti, user.id, name, JSON.stringify(normal), now, exp);
    return { token, jti, exp };
  }

  /** The grant of a token presented by a client; throws TokenRefused when it must not be honoured. */
  async verify(raw: string): Promise<TokenGrant> {
    const claims = this.#signed.get(raw) ?? (await this.#checkSignature(raw));
    return this.#grant(claims);
  }

  /**
   * As `verify`, without waiting, for a token whose signature was checked before; undefined
   * when it was not (then `verify`). Throws TokenRefused as `verify` does.
   */
  verifyCached(raw: string): TokenGrant | undefined {
    const claims = this.#signed.get(raw);
    return claims && this.#grant(claims);
  }

  /** A token with the grant's `sub`, `jti` and `abilities`, issued now, with a later `exp`. */
  renew(grant: TokenGrant): Promise<string> {
    const ready = this.renewedCached(grant);
    if (ready !== undefined) return Promise.resolve(ready);
    const iat = seconds(this.#now());
    // The calls of one script arrive together when a second turns: one signature for all of them.
    const pending = this.#renewing.get(grant.jti);
    if (pending && pending.at === iat) return pending.token;
    const exp = iat + (grant.exp - grant.iat);
    const token = this.#sign(grant.user.id, grant.jti, grant.abilities, iat, exp).then((t) => {
      remember(this.#renewed, grant.jti, { at: iat, token: t });
      // `list` shows the latest expiry handed out; written at most once a minute per token.
      const state = this.#states.get(grant.jti);
      if (!state || exp - state.exp >= STORE_EXP_EVERY) this.#storeExp.run(exp, grant.jti, exp);
      return t;
    });
    remember(this.#renewing, grant.jti, { at: iat, token });
    void token
      .finally(() => {
        if (this.#renewing.get(grant.jti)?.token === token) this.#renewing.delete(grant.jti);
      })
      .catch(() => {});
    return token;
  }

  /** The renewal `renew` would answer, when it was already signed in this second; else undefined. */
  renewedCached(grant: TokenGrant): string | undefined {
    const hit = this.#renewed.get(grant.jti);
    return hit && hit.at === seconds(this.#now()) ? hit.token : undefined;
  }

  /** `user`'s tokens, oldest first. */
  list(user: User): TokenInfo[] {
    return this.#list.all(user.id).map((r) => ({
      jti: r.jti,
      name: r.name,
      abilities: JSON.parse(r.abilities) as Abilities,
      created: seconds(r.created_at),
      exp: r.exp,
      revoked: r.revoked_at !== null,
    }));
  }

  /**
   * `user` limited by the token `limit` names, for work a token-authenticated call queued (a
   * background task runs after the call): undefined when that token was revoked since, or is
   * not the user's. The task was allowed when it was queued, so expiry does not stop it.
   */
  actAs(user: User, limit: { jti: string; abilities: Abilities }): User | undefined {
    const state = this.#state(limit.jti);
    if (!state || state.revoked || state.userId !== user.id) return undefined;
    return limitedUser(user, limit.jti, parseAbilities(limit.abilities));
  }

  /** The user a token id belongs to (for the command line, which acts for any user). */
  owner(jti: string): User | undefined {
    const row = this.#get.get(jti);
    return row && this.#users.byId(row.user_id);
  }

  /**
   * Refuses `jti` from now on. Revoking a revoked token changes nothing; a jti that is not
   * `user`'s is not found (whether it exists is not told).
   */
  revoke(user: User, jti: string): void {
    const row = typeof jti === 'string' ? this.#get.get(jti) : undefined;
    if (!row || row.user_id !== user.id) throw new DomainError('not-found', 'No such token');
    this.#revoke.run(this.#now(), jti);
  }

  async #sign(userId: number, jti: string, abilities: Abilities, iat: number, exp: number): Promise<string> {
    return new SignJWT({ abilities })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(userId))
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#key);
  }

  async #checkSignature(raw: string): Promise<Claims> {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_TOKEN_CHARS) throw new TokenRefused('malformed', 'Not an app token');
    let payload: Record<string, unknown>;
    try {
      // Only HS256: `alg: none` and every other algorithm are refused before the key is used.
      ({ payload } = await jwtVerify(raw, this.#key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.#now()),
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenRefused('expired', 'The app token has expired');
      if (error instanceof joseErrors.JOSEError) throw new TokenRefused('signature', `The app token does not verify (${error.code})`);
      throw error;
    }
    const { sub, jti, iat, exp } = payload;
    if (typeof sub !== 'string' || !/^\d{1,15}$/.test(sub) || typeof jti !== 'string' || !Number.isInteger(iat) || !Number.isInteger(exp)) {
      throw new TokenRefused('malformed', 'The app token lacks a claim');
    }
    let abilities: Abilities;
    try {
      abilities = parseAbilities(payload.abilities);
    } catch {
      throw new TokenRefused('malformed', 'The app token has no valid abilities');
    }
    const claims: Claims = { sub, jti, abilities, abilitiesText: JSON.stringify(abilities), iat: iat as number, exp: exp as number };
    Object.freeze(claims.abilities);
    remember(this.#signed, raw, claims);
    return claims;
  }

  #grant(claims: Claims): TokenGrant {
    if (claims.exp * 1000 <= this.#now()) throw new TokenRefused('expired', 'The app token has expired');
    const state = this.#state(claims.jti);
    if (!state || state.revoked) throw new TokenRefused('revoked', 'The app token was revoked');
    // The row says whose token it is and what it may do: a token whose claims differ from the
    // row it names (a reused user id, abilities that are not the ones granted) is not honoured.
    if (String(state.userId) !== claims.sub || state.abilities !== claims.abilitiesText) throw new TokenRefused('revoked', 'The app token does not match its record');
    if (!state.user || state.user.disabled) throw new TokenRefused('user', "The app token's user is disabled or deleted");
    return { user: limitedUser(state.user, claims.jti, claims.abilities), jti: claims.jti, abilities: claims.abilities, exp: claims.exp, iat: claims.iat };
  }

  #state(jti: string): State | null {
    if (this.#watch.changed()) this.#states.clear();
    const hit = this.#states.get(jti);
    if (hit !== undefined) return hit;
    const row = this.#get.get(jti);
    const user = row && this.#users.byId(row.user_id);
    const state = row ? { userId: row.user_id, abilities: row.abilities, exp: row.exp, revoked: row.revoked_at !== null, user: user && Object.freeze(user) } : null;
    remember(this.#states, jti, state);
    return state;
  }
}

/**
 * The user as a token lets them act: their own rights intersected with the token's abilities
 * (`token`), and an administrator only with every ability on `*` — else the administrator-only
 * methods (users, permissions) would be open to a token meant for one album.
 */
function limitedUser(user: User, jti: string, abilities: Abilities): User {
  const all = abilities['*']?.length === ABILITY_COUNT;
  return Object.freeze({ ...user, isAdmin: user.isAdmin && all, token: Object.freeze({ jti, abilities, admin: user.isAdmin }) });
}

const TOKEN_CHARS = '[A-Za-z0-9._~+/=-]+';
const TOKEN_SCHEME = new RegExp(`^Token\\s+token=(?:"(${TOKEN_CHARS})"|(${TOKEN_CHARS}))\\s*(?:,.*)?$`, 'i');
const BEARER_SCHEME = new RegExp(`^Bearer\\s+(${TOKEN_CHARS})\\s*$`, 'i');

/** The token in an `Authorization` value: `Token token="<t>"` (seeds 000/003) or `Bearer <t>` (seed 002). */
export function tokenFromAuthorization(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const token = TOKEN_SCHEME.exec(value);
  if (token) return token[1] ?? token[2];
  const bearer = BEARER_SCHEME.exec(value);
  if (bearer) return bearer[1];
  // A token scheme with a value we cannot read is a bad token (refused), not no token (which
  // would let the call fall back on a cookie the client did not mean to use).
  return /^(?:Token|Bearer)(?:\s|$)/i.test(value) ? value : undefined;
}

/**
 * The app token a request presents: `Authorization: Token token="<t>"`, `Authorization: Bearer
 * <t>`, or `access_token=<t>` in the query string (seed 004); the header wins.
 */
export function tokenFromRequest(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const fromHeader = tokenFromAuthorization(headers.authorization);
  if (fromHeader !== undefined) return fromHeader;
  const param = query.get('access_token');
  return param === null || param === '' ? undefined : param;
}
