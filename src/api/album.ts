import type { Handlers } from '../services.ts';
import { browse } from './album-browse.ts';

/**
 * SYNO.PhotoStation.Album's browsing and editing, declared the older way; its long operations
 * (album-ops.ts) are imported by the descriptor with their schemas.
 */
export const handlers = { ...browse } satisfies Handlers;
