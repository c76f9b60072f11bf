import { Code, WebApiError } from '../webapi/codes.ts';
import type { Handlers } from '../services.ts';

// Placeholder until this part is built: answers 100 so nothing pretends to work.
const todo = (): never => { throw new WebApiError(Code.Unknown, 'not built yet'); };

export const browse = {
  list: todo,
  getinfo: todo,
  create: todo,
  edit: todo,
} satisfies Handlers;
