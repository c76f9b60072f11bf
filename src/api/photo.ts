import type { Handlers } from '../services.ts';
import { browse } from './photo-browse.ts';
import { exif } from './photo-exif.ts';
import { operations } from './photo-ops.ts';

/** SYNO.PhotoStation.Photo: browsing and editing in one file, long operations in another. */
export const handlers = { ...browse, ...exif, ...operations } satisfies Handlers;
