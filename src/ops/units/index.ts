import { albumCreate } from './album-create.ts';
import { albumDrop } from './album-drop.ts';
import { albumMove } from './album-move.ts';
import { albumTrash } from './album-trash.ts';
import { itemCopy } from './item-copy.ts';
import { itemMove } from './item-move.ts';
import { itemTrash } from './item-trash.ts';
import { restore } from './restore.ts';
import type { UnitTable } from './spec.ts';

/** Every unit kind's declaration; `satisfies` makes a kind without one (or a stray one) a type error. */
export const UNITS = {
  'item-move': itemMove,
  'item-copy': itemCopy,
  'item-trash': itemTrash,
  'album-move': albumMove,
  'album-trash': albumTrash,
  'album-drop': albumDrop,
  'album-create': albumCreate,
  restore,
} satisfies UnitTable;
