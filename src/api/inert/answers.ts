import { Code, WebApiError } from '../../codes.ts';
import type { MethodDescriptor } from '../../webapi/descriptor.ts';
import { route } from '../../webapi/route.ts';

/**
 * Answers of the APIs Photo Station has and this server declares without giving them a meaning
 * (SPEC §15): clients look every API up in SYNO.API.Info and call it without checking, so each
 * method answers an envelope, never a 404. Reading methods answer an empty value; changing
 * methods answer 105, as Photo Station did for what only a DSM administrator could change.
 */
export const emptyList = () => ({ total: 0, offset: 0, items: [] });

export function onlyDsmAdmin(): never {
  throw new WebApiError(Code.NoPermission, 'Nothing to change here: this server has no DSM behind it');
}

/** Their parameters are open: whatever a client sends is ignored, as it would be for any extra. */
const open = { type: 'object', properties: {} } as const;

export const NO_MEANING = 'Declared, no meaning here:';

/** A reading method that answers `answer` (by default an empty list) to anyone with a session. */
export function readsNothing(summary: string, answer: () => unknown = emptyList, versions: number[] = [1]): MethodDescriptor {
  return { versions, reads: true, summary: `${summary} Always empty on this server.`, ...route('user', open, answer) };
}

export function changesNothing(summary: string, versions: number[] = [1]): MethodDescriptor {
  return { versions, summary: `${summary} Always 105: nothing of it exists on this server.`, errors: [Code.NoPermission], ...route('user', open, onlyDsmAdmin) };
}

/**
 * A method Photo Station has that has no meaning on this server and no administrator's switch
 * behind it either: 103, what a client that checks for it already handles as "not this server".
 */
export function notHere(summary: string, versions: number[] = [1]): MethodDescriptor {
  return {
    versions,
    reads: true,
    summary: `${NO_MEANING} ${summary} Always 103.`,
    errors: [Code.NoSuchMethod],
    ...route('guest', open, (): never => {
      throw new WebApiError(Code.NoSuchMethod, 'Photo Station has this method; this server gives it no meaning');
    }),
  };
}
