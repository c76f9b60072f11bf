/**
 * The name-clash rule of SPEC §9, once for every operation that puts something under a name:
 * Photo.copy, Album.move (and its merges), Trash.restore, Batch and uploads. Pure: callers read
 * what is at the name, ask here, and act on the answer.
 */

/** What a client asks for when the name is taken. `ask` refuses the item (the client decides later). */
export type Strategy = 'ask' | 'rename' | 'overwrite' | 'ignore';

/** What a name holds on disk. */
export type Entry = 'file' | 'dir';

/**
 * - `take`: the name is free;
 * - `rename`: take the first free `name (n)` (see `freeName`);
 * - `replace`: the file there goes to the trash (reason `overwrite`), the new one takes its name;
 * - `merge`: the album there receives the incoming album's contents (Album.move, Batch);
 * - `skip`: leave the item where it is (`ask`, `ignore`, or kinds that never replace each other).
 */
export type Decision = 'take' | 'rename' | 'replace' | 'merge' | 'skip';

/**
 * An item never replaces an album nor the other way round; an album is replaced only by merging
 * into it, which not every operation does (a restored album is never merged back).
 */
export function onClash(strategy: Strategy, there: Entry | undefined, incoming: Entry, mayMerge: boolean): Decision {
  if (there === undefined) return 'take';
  if (strategy === 'rename') return 'rename';
  if (strategy === 'overwrite' && there === incoming) {
    if (incoming === 'file') return 'replace';
    if (mayMerge) return 'merge';
  }
  return 'skip';
}

/** How many `name (n)` a search tries before it gives up: a folder is never searched without end. */
export const MAX_NUMBERED = 10_000;

/** `a.jpg` -> `a (n).jpg`; albums (no extension kept) `a` -> `a (n)` (SPEC §9). */
export function numbered(name: string, n: number, keepExtension: boolean): string {
  const dot = keepExtension ? name.lastIndexOf('.') : -1;
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The names `rename` tries, in order, bounded by MAX_NUMBERED. */
export function* renameCandidates(name: string, keepExtension: boolean): Generator<string> {
  for (let n = 1; n <= MAX_NUMBERED; n++) yield numbered(name, n, keepExtension);
}

/** The first free `name (n)`, or undefined when the first MAX_NUMBERED are all taken. */
export function freeName(name: string, keepExtension: boolean, taken: (candidate: string) => boolean): string | undefined {
  for (const candidate of renameCandidates(name, keepExtension)) if (!taken(candidate)) return candidate;
  return undefined;
}
