import type { Handlers } from '../../services.ts';
import { onlyDsmAdmin } from './answers.ts';

/** Nothing was ever migrated into this server, and nothing is running. */
export const handlers = { status: () => ({ running: false, finished: true }), start: onlyDsmAdmin } satisfies Handlers;
