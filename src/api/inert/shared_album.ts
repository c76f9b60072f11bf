import type { Handlers } from '../../services.ts';
import { emptyList, onlyDsmAdmin } from './answers.ts';

export const handlers = {
  list: emptyList,
  getinfo: () => ({ items: [] }),
  create: onlyDsmAdmin,
  edit: onlyDsmAdmin,
  delete: onlyDsmAdmin,
  additem: onlyDsmAdmin,
  removeitem: onlyDsmAdmin,
} satisfies Handlers;
