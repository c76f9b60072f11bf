import { actingIn } from '../auth/space-owner.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import { transferAcross } from '../ops/cross-space.ts';
import type { AcrossRequest } from '../ops/cross-space.ts';
import type { ItemResult } from '../ops/results.ts';
import type { Services } from '../services.ts';

/** Moves between spaces in one call are answered at once: at most this many items. */
export const MAX_ACROSS = 1000;

/**
 * Moves or copies items from space `fromName` to space `toName` (Batch `from_space`/`to_space`,
 * seed 004 `fromSpaceId`; SPEC §18). Both spaces are opened if needed (`not-found` when one is
 * not served); the caller acts in each as its rules say (a personal library's owner administers
 * it). `prepare` turns the request into units with each side's library at hand (uids are looked
 * up where they live).
 */
export async function crossSpaces(
  services: Services,
  user: User | null,
  fromName: string,
  toName: string,
  move: boolean,
  prepare: (from: Services, to: Services) => AcrossRequest[],
): Promise<ItemResult[]> {
  const from = await services.spaces.resolve(fromName, user);
  const to = await services.spaces.resolve(toName, user);
  // Two names of one space (user names are case-insensitive): not a crossing, and its lock is not taken twice.
  if (from === to) throw new DomainError('bad-input', 'The source and destination spaces are the same');
  const requests = prepare(from, to);
  if (requests.length > MAX_ACROSS) throw new DomainError('too-many', `Expected at most ${MAX_ACROSS} items to cross spaces in one call`);
  const side = (s: Services) => ({ name: s.space.name, engine: s.ops.engine, user: user && actingIn(s.space.owner, user) });
  return transferAcross(side(from), side(to), move, requests);
}
