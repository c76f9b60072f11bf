/**
 * The grid's selection: ids picked one by one, or "everything in this listing" minus exclusions
 * (Select all on an album of 100 000 photos must not need every page loaded).
 */
export class Selection {
  constructor() {
    /** @type {Map<string, any>} */
    this.picked = new Map();
    this.all = false;
    /** @type {Set<string>} */
    this.excluded = new Set();
    /** @type {number | null} */
    this.anchor = null;
    this.total = 0;
  }

  has(id) {
    return this.all ? !this.excluded.has(id) : this.picked.has(id);
  }

  set(item, on) {
    if (this.all) {
      if (on) this.excluded.delete(item.id);
      else this.excluded.add(item.id);
    } else if (on) this.picked.set(item.id, item);
    else this.picked.delete(item.id);
  }

  toggle(item, index) {
    this.set(item, !this.has(item.id));
    this.anchor = index;
  }

  /** Shift-click: everything between the anchor and `index` among `items` (loaded ones). */
  range(index, itemAt) {
    const from = this.anchor ?? index;
    const [a, b] = from < index ? [from, index] : [index, from];
    for (let i = a; i <= b; i++) {
      const item = itemAt(i);
      if (item) this.set(item, true);
    }
    this.anchor = index;
  }

  selectAll() {
    this.all = true;
    this.excluded.clear();
    this.picked.clear();
  }

  clear() {
    this.all = false;
    this.excluded.clear();
    this.picked.clear();
    this.anchor = null;
  }

  get count() {
    return this.all ? Math.max(0, this.total - this.excluded.size) : this.picked.size;
  }

  /** The ids when picked one by one (null when "all"). */
  ids() {
    return this.all ? null : [...this.picked.keys()];
  }
}
