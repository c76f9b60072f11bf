/**
 * What the index keeps of an item beyond its row (tags, comments), kept
 * elsewhere by the item row's id. A move keeps the row and so keeps them at no cost; a copy makes
 * a new row and a trip to the trash deletes the row, so those carry them over explicitly, through
 * this one table of kinds: each kind says how to save, restore and copy its part.
 */
export interface ItemExtra {
  /** The item's part, JSON-able; undefined when it has none. */
  save(itemId: number): unknown;
  restore(itemId: number, saved: unknown, now: number): void;
  copy(fromItemId: number, toItemId: number): void;
}

/** Saved extras by kind, as trash entries keep them. */
export type SavedExtras = Record<string, unknown>;

export class ItemExtras {
  readonly #kinds: ReadonlyArray<[string, ItemExtra]>;

  constructor(kinds: Record<string, ItemExtra>) {
    this.#kinds = Object.entries(kinds);
  }

  save(itemId: number): SavedExtras | undefined {
    let out: SavedExtras | undefined;
    for (const [name, kind] of this.#kinds) {
      const part = kind.save(itemId);
      if (part !== undefined) (out ??= {})[name] = part;
    }
    return out;
  }

  restore(itemId: number, saved: SavedExtras | undefined, now: number): void {
    if (!saved) return;
    for (const [name, kind] of this.#kinds) if (saved[name] !== undefined) kind.restore(itemId, saved[name], now);
  }

  copy(fromItemId: number, toItemId: number): void {
    for (const [, kind] of this.#kinds) kind.copy(fromItemId, toItemId);
  }
}
