import { RestError } from '../declare.ts';

/**
 * `<space>` of seeds 002 and 004: `-` is the shared library. A user's name would be that user's
 * personal library (SPEC §18, issue #18), which does not exist yet: 404 for now, as for any
 * other name.
 */
export const SHARED_SPACE = '-';

export function requireSpace(params: Record<string, string>): string {
  const space = params.space;
  if (space !== SHARED_SPACE) throw new RestError(404, 'No such space (personal libraries are not served yet)');
  return space;
}

export const space = { description: '`-`: the shared library. A user name (a personal library, SPEC §18) is not served yet (404).', schema: { type: 'string' } };
