import { actingIn } from '../../auth/space-owner.ts';
import { DomainError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import type { Caller } from '../caller.ts';
import { RestError } from '../declare.ts';

/** `<space>` of seeds 002 and 004: `-` is the shared library, a user name that user's personal library (SPEC §18). */
export const SHARED_SPACE = '-';

export interface SpaceCall {
  /** The space's name as the path gave it. */
  id: string;
  /** The space's library and engine. */
  services: Services;
  /** The caller as they act there: a personal library's owner administers it (auth/space-owner.ts). */
  caller: Caller;
}

/** The space a route's path names, opened on first use; 404 when there is none or it is switched off. */
export async function requireSpace(params: Record<string, string>, services: Services, caller: Caller): Promise<SpaceCall> {
  const id = params.space ?? '';
  return { id, ...(await spaceNamed(id, services, caller)) };
}

/** The services of space `name` and the caller as they act there; 404 when there is no such space. */
export async function spaceNamed(name: string, services: Services, caller: Caller): Promise<{ services: Services; caller: Caller }> {
  let there: Services;
  try {
    there = await services.spaces.resolve(name, caller.user);
  } catch (err) {
    if (err instanceof DomainError && err.reason === 'not-found') throw new RestError(404, 'No such space');
    throw err;
  }
  return { services: there, caller: { ...caller, user: actingIn(there.space.owner, caller.user) } };
}

export const space = {
  description: "`-`: the shared library; a user name: that user's personal library (SPEC §18), 404 when it is switched off or the user does not exist.",
  schema: { type: 'string' },
};
