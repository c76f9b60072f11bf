import type { Handlers } from '../../services.ts';
import { onlyDsmAdmin } from './answers.ts';

/** DSM file ACLs: only a DSM administrator could read or change them, and there is no DSM. */
export const handlers = { get: onlyDsmAdmin, set: onlyDsmAdmin } satisfies Handlers;
