import type { MethodDescriptor } from './descriptor.ts';
import { Code } from '../codes.ts';

/**
 * Method shapes of the APIs declared without a meaning here (SPEC §15, src/api/inert/). Their
 * parameters are open: whatever a client sends is ignored, as it would be for any extra.
 */
const open = { type: 'object', properties: {} } as const;

export const NO_MEANING = 'Declared, no meaning here:';

export function readsNothing(summary: string, versions: number[] = [1]): MethodDescriptor {
  return { versions, auth: 'user', reads: true, summary: `${summary} Always empty on this server.`, params: open };
}

export function changesNothing(summary: string, versions: number[] = [1]): MethodDescriptor {
  return { versions, auth: 'user', summary: `${summary} Always 105: nothing of it exists on this server.`, params: open, errors: [Code.NoPermission] };
}
