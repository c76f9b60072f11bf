import { Code, WebApiError } from '../webapi/codes.ts';
import type { Handlers } from '../services.ts';

// Placeholder until this part is built: answers 100 so nothing pretends to work.
const todo = (): never => { throw new WebApiError(Code.Unknown, 'not built yet'); };

export const operations = {
  delete: todo,
  move: todo,
  cancel: todo,
} satisfies Handlers;
