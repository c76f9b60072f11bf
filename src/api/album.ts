import type { Handlers } from '../services.ts';
import { browse } from './album-browse.ts';
import { operations } from './album-ops.ts';

/** SYNO.PhotoStation.Album: browsing and editing in one file, long operations in another. */
export const handlers = { ...browse, ...operations } satisfies Handlers;
