import type { Handlers } from '../services.ts';
import { browse } from './photo-browse.ts';
import { exif } from './photo-exif.ts';

/**
 * SYNO.PhotoStation.Photo's browsing and editing, declared the older way; its long operations
 * (photo-ops.ts) are imported by the descriptor with their schemas.
 */
export const handlers = { ...browse, ...exif } satisfies Handlers;
