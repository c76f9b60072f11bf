import type { Handlers } from '../../services.ts';
import { onlyDsmAdmin } from './answers.ts';

/** No watermark is ever drawn on this server's images. */
export const handlers = { get: () => ({ enabled: false }), set: onlyDsmAdmin } satisfies Handlers;
