import type { Handlers } from '../../services.ts';
import { emptyList, onlyDsmAdmin } from './answers.ts';

export const handlers = { list: emptyList, add: onlyDsmAdmin, delete: onlyDsmAdmin } satisfies Handlers;
