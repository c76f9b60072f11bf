import type { Handlers } from '../../services.ts';
import { emptyList, onlyDsmAdmin } from './answers.ts';

export const handlers = { list: emptyList, getinfo: () => ({ items: [] }), edit: onlyDsmAdmin, delete: onlyDsmAdmin } satisfies Handlers;
