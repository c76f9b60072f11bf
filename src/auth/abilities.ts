import { DomainError } from '../errors.ts';
import { decodeAlbumId } from '../library/ids.ts';

export type Ability = 'browse' | 'upload' | 'manage';
/** Album id (as clients send it) or `*` -> the abilities a token has there and below. */
export type Abilities = Record<string, Ability[]>;

export const ABILITIES: readonly Ability[] = ['browse', 'upload', 'manage'];
const MAX_KEYS = 256;
/** A stable album uid (SPEC §17); resolved to its album where rights are computed. */
const UID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when `key` may name an album in a token's abilities: `*`, a Photo Station album id or a uid. */
export function isAbilityKey(key: string): boolean {
  if (key === '*') return true;
  if (UID.test(key)) return true;
  try {
    // The root's id is empty: `*` says "everything" without ambiguity.
    return decodeAlbumId(key) !== '';
  } catch {
    return false;
  }
}

/**
 * Checks abilities as a client sent them (`{"album_4a":["browse","upload"]}`) and answers them
 * in one canonical form (keys sorted, each list deduplicated in browse/upload/manage order), so
 * that the signed claim and the index's copy compare as text. Throws DomainError('bad-input').
 */
export function parseAbilities(value: unknown): Abilities {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('bad-input', 'Expected `abilities` to be an object from album id or `*` to a list of browse/upload/manage');
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0 || keys.length > MAX_KEYS) throw new DomainError('bad-input', `Expected \`abilities\` to name 1-${MAX_KEYS} albums`);
  const out: Abilities = {};
  for (const key of keys) {
    if (!isAbilityKey(key)) throw new DomainError('bad-input', `Expected an album id, a uid or \`*\` in \`abilities\`, got \`${key.slice(0, 40)}\``);
    const list: unknown = (value as Record<string, unknown>)[key];
    if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string' && (ABILITIES as readonly string[]).includes(a))) {
      throw new DomainError('bad-input', `Expected \`abilities.${key.slice(0, 40)}\` to be a non-empty list of browse, upload, manage`);
    }
    out[key] = ABILITIES.filter((a) => list.includes(a));
  }
  return out;
}

/**
 * The path of the album an ability key names, for `abilitiesAt`: a Photo Station album id
 * decodes to its path; a uid is looked up by `byUid` (the seeds branch's stable ids), and names
 * nothing without it. `*` is handled by `abilitiesAt` itself.
 */
export function abilityKeyPath(key: string, byUid?: (uid: string) => string | undefined): string | undefined {
  if (UID.test(key)) return byUid?.(key.toLowerCase());
  try {
    return decodeAlbumId(key);
  } catch {
    return undefined;
  }
}

/** Rights in the shape AlbumRights answers them. */
interface RightSet {
  browse: boolean;
  upload: boolean;
  manage: boolean;
}

/**
 * What `abilities` allow on the album at `albumPath`: the union of those on `*` and on the
 * album or any album above it (abilities inherit downwards, as grants do). `decode` turns a key
 * into the path of the album it names, or undefined when it names none (a uid of an album that
 * is gone): such a key allows nothing.
 */
export function abilitiesAt(abilities: Abilities, albumPath: string, decode: (key: string) => string | undefined): RightSet {
  const out = { browse: false, upload: false, manage: false };
  for (const [key, list] of Object.entries(abilities)) {
    if (key !== '*') {
      const at = decode(key);
      if (at === undefined || (at !== albumPath && !(at === '' || albumPath.startsWith(`${at}/`)))) continue;
    }
    for (const a of list) out[a] = true;
  }
  return out;
}

/**
 * SPEC §17: a token never grants more than its user has. `rights` are the user's own on the
 * album at `albumPath`; for a call authenticated by a token they are intersected with the
 * token's abilities there. For any other call they are answered unchanged.
 */
export function limitByToken<R extends RightSet>(token: { abilities: Abilities } | undefined, rights: R, albumPath: string, decode: (key: string) => string | undefined): R {
  if (token === undefined) return rights;
  const allowed = abilitiesAt(token.abilities, albumPath, decode);
  return { ...rights, browse: rights.browse && allowed.browse, upload: rights.upload && allowed.upload, manage: rights.manage && allowed.manage };
}
