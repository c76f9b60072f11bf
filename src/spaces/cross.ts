import { actingIn } from '../auth/space-owner.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import { transferAcross } from '../ops/cross-space.ts';
import type { AcrossRequest, SpaceSide } from '../ops/cross-space.ts';
import type { ItemResult } from '../ops/results.ts';
import type { Services } from '../services.ts';

/** Moves between spaces in one call are answered at once up to this many items; more run as a Batch task. */
export const MAX_ACROSS = 1000;

/**
 * The two spaces of a crossing, `fromName` and `toName` (`-` or a user name), opened if needed
 * (`not-found` when one is not served; opening one runs its recovery first). The caller is
 * mirrored into each personal index (tasks and grants name users by id).
 */
export async function openSides(services: Services, user: User | null, fromName: string, toName: string): Promise<{ from: Services; to: Services }> {
  const from = await services.spaces.resolve(fromName, user);
  const to = await services.spaces.resolve(toName, user);
  // Two names of one space (user names are case-insensitive): not a crossing, and its lock is not taken twice.
  if (from === to) throw new DomainError('bad-input', 'The source and destination spaces are the same');
  return { from, to };
}

/** A space as a crossing unit sees it; the caller acts in it as its rules say (a personal library's owner administers it). */
export function sideOf(s: Services, user: User | null): SpaceSide {
  return { name: s.space.name, engine: s.ops.engine, user: user && actingIn(s.space.owner, user) };
}

/**
 * Moves or copies items from space `fromName` to space `toName` at once (Batch `from_space`/
 * `to_space`, seed 004 `fromSpaceId`; SPEC §18). `prepare` turns the request into units with
 * each side's library at hand (uids are looked up where they live).
 */
export async function crossSpaces(
  services: Services,
  user: User | null,
  fromName: string,
  toName: string,
  move: boolean,
  prepare: (from: Services, to: Services) => AcrossRequest[],
): Promise<ItemResult[]> {
  const { from, to } = await openSides(services, user, fromName, toName);
  const requests = prepare(from, to);
  if (requests.length > MAX_ACROSS) throw new DomainError('too-many', `Expected at most ${MAX_ACROSS} items to cross spaces in one call`);
  return transferAcross(sideOf(from, user), sideOf(to, user), move, requests);
}
