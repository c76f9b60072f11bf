import type { Handlers } from '../../services.ts';
import { emptyList, onlyDsmAdmin } from './answers.ts';

export const handlers = { list: emptyList, edit: onlyDsmAdmin } satisfies Handlers;
