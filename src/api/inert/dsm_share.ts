import type { Handlers } from '../../services.ts';
import { emptyList } from './answers.ts';

export const handlers = { list: emptyList } satisfies Handlers;
