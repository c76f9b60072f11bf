import { freeName, onClash } from './clash.ts';
import type { Entry, Strategy } from './clash.ts';
import type { FolderNames } from './names.ts';

/** Where a source goes in its destination folder: `decision` as clash.ts says, `name` the name it takes. */
export type Placement = { decision: 'skip' } | { decision: 'take' | 'rename' | 'replace' | 'merge'; name: string };

/**
 * Decides the name `incoming` takes in `folder` with the clash rule and records it as taken, so
 * later sources of the same operation see it. A `rename` with no free name left is a skip.
 */
export async function place(names: FolderNames, folder: string, name: string, incoming: Entry, strategy: Strategy, mayMerge: boolean): Promise<Placement> {
  return placeIn(await names.of(folder), name, incoming, strategy, mayMerge);
}

/** `place` in a folder whose names are at hand (`FolderNames.known`). */
export function placeIn(folder: Map<string, Entry>, name: string, incoming: Entry, strategy: Strategy, mayMerge: boolean): Placement {
  const decision = onClash(strategy, folder.get(name), incoming, mayMerge);
  if (decision === 'skip') return { decision };
  const taken = decision === 'rename' ? freeName(name, incoming === 'file', (candidate) => folder.has(candidate)) : name;
  if (taken === undefined) return { decision: 'skip' };
  folder.set(taken, incoming);
  return { decision, name: taken };
}
