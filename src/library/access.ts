import type { AlbumType } from '../config.ts';

/**
 * The browse rule of SPEC §5, once. AlbumRights answers it for one album from SQL (with a
 * password), Visibility for many albums at once from the album tree in memory; both ask here.
 */

/** One album on the way from an album up to the root: its level and the privacy type set on it, if any. */
export interface TypeStep {
  depth: number;
  type: AlbumType | null;
}

/**
 * The album whose privacy type applies, given the albums from one up to the root (itself first):
 * the nearest level-1 or level-2 album with a type set; undefined when the default applies.
 */
export function typeOwner<T extends TypeStep>(chain: Iterable<T>): T | undefined {
  for (const step of chain) if (step.depth >= 1 && step.depth <= 2 && step.type !== null) return step;
  return undefined;
}

/** The privacy type that applies to an album at `depth` (the root is private), its chain as for `typeOwner`. */
export function effectiveType(depth: number, chain: Iterable<TypeStep>, fallback: AlbumType): AlbumType {
  if (depth === 0) return 'private';
  return typeOwner(chain)?.type ?? fallback;
}

/**
 * Whether a caller may browse an album: granted here or above; else, below the root, a public
 * album, or a password album whose password the caller sent.
 */
export function mayBrowse(granted: boolean, depth: number, type: AlbumType, passwordOpens: () => boolean | Promise<boolean>): boolean | Promise<boolean> {
  if (granted) return true;
  if (depth === 0) return false;
  if (type === 'public') return true;
  return type === 'password' && passwordOpens();
}
