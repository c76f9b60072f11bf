import { h } from './dom.js';

/** Items per listing request. */
export const PAGE = 120;
const GAP = 8;
/** Rows kept in the DOM above and below the visible ones. */
const OVERSCAN = 2;

/**
 * @typedef {{total: number, items: any[]}} Page
 * @typedef {(offset: number, limit: number) => Promise<Page>} Source
 */

/**
 * A virtual, paged grid: only the tiles of the visible rows (plus a margin) exist in the DOM, and
 * pages of the listing are loaded as they come into view. An album of 100 000 photos is a tall
 * empty box with a few dozen tiles in it (SPEC §16).
 */
export class VirtualGrid {
  /**
   * @param {HTMLElement} scroller the element that scrolls
   * @param {{source: Source, tile: (item: any, index: number, onScreen: boolean) => HTMLElement, placeholder: (index: number) => HTMLElement, size?: number, onTotal?: (total: number) => void, onError?: (e: unknown) => void}} options
   */
  constructor(scroller, options) {
    this.scroller = scroller;
    this.options = options;
    this.minSize = options.size ?? 170;
    this.size = this.minSize;
    this.space = h('div', { class: 'grid-space', role: 'list' });
    scroller.append(this.space);
    /** @type {Map<number, any[]>} */
    this.pages = new Map();
    /** @type {Set<number>} */
    this.loading = new Set();
    /**
     * The tiles in the DOM, with the item each shows (none for a placeholder); `real` until a refresh.
     * @type {Map<number, {el: HTMLElement, real: boolean, item?: any}>}
     */
    this.tiles = new Map();
    this.total = -1;
    this.generation = 0;
    this.frame = 0;
    this.loadTimer = 0;
    this.onScroll = () => this.schedule();
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(scroller);
    this.load(0);
  }

  destroy() {
    this.generation++;
    this.scroller.removeEventListener('scroll', this.onScroll);
    this.resize.disconnect();
    clearTimeout(this.loadTimer);
    cancelAnimationFrame(this.frame);
    this.space.remove();
  }

  /**
   * The item at `index`: from its page if loaded, else the one its tile still shows while a refresh
   * is under way (a click on a shown tile acts on what was clicked, not on nothing).
   */
  item(index) {
    return this.fresh(index) ?? this.tiles.get(index)?.item;
  }

  /** The item at `index` if its page is loaded. */
  fresh(index) {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** Every loaded item with its index. */
  *loaded() {
    for (const [page, items] of this.pages) for (let i = 0; i < items.length; i++) yield [page * PAGE + i, items[i]];
  }

  /** Drops the loaded pages and loads the visible ones again, keeping the scroll position. */
  refresh() {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    // Shown tiles stay until their page is back, then are replaced: no flash of placeholders.
    for (const t of this.tiles.values()) t.real = false;
    const first = this.range()[0];
    this.load(Math.floor(first / PAGE));
  }

  /** Lets `update` refresh each shown tile in place (after a selection change), refreshing or not. */
  repaint(update) {
    for (const t of this.tiles.values()) if (t.item) update(t.el, t.item);
  }

  /** Scrolls tile `index` into view, draws it and gives it the keyboard focus. */
  focusTile(index) {
    const row = this.size + GAP;
    const y = GAP + Math.floor(index / this.columns()) * row;
    const top = this.scroller.scrollTop;
    if (y < top) this.scroller.scrollTop = y - GAP;
    else if (y + row > top + this.scroller.clientHeight) this.scroller.scrollTop = y + row - this.scroller.clientHeight;
    this.render();
    this.tiles.get(index)?.el.focus({ preventScroll: true });
  }

  columns() {
    return Math.max(1, Math.floor((this.scroller.clientWidth - GAP) / (this.minSize + GAP)));
  }

  /** Tiles grow to fill the row: the width left over is shared, not left as a margin. */
  fit() {
    const cols = this.columns();
    this.size = Math.floor((this.scroller.clientWidth - GAP) / cols) - GAP;
    return cols;
  }

  /** The indices [first, last) of the tiles to have in the DOM: those on screen and `overscan` rows either side. */
  range(overscan = OVERSCAN) {
    const cols = this.columns();
    const row = this.size + GAP;
    const top = Math.max(0, Math.floor(this.scroller.scrollTop / row) - overscan);
    const bottom = Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / row) + overscan;
    return [top * cols, Math.min(Math.max(this.total, 0), bottom * cols)];
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  async load(page) {
    if (this.pages.has(page) || this.loading.has(page)) return;
    const generation = this.generation;
    this.loading.add(page);
    try {
      const answer = await this.options.source(page * PAGE, PAGE);
      if (generation !== this.generation) return;
      this.pages.set(page, answer.items);
      if (answer.total !== this.total) {
        this.total = answer.total;
        this.options.onTotal?.(answer.total);
        // Pages past the new end are gone.
        for (const p of this.pages.keys()) if (p * PAGE >= this.total && p !== 0) this.pages.delete(p);
      }
      this.schedule();
    } catch (e) {
      if (generation === this.generation) this.options.onError?.(e);
    } finally {
      if (generation === this.generation) this.loading.delete(page);
    }
  }

  render() {
    if (this.total < 0) return;
    const cols = this.fit();
    const row = this.size + GAP;
    this.space.style.height = `${Math.ceil(this.total / cols) * row + GAP}px`;
    const [first, last] = this.range();
    const seen = this.range(0);
    for (const [index, t] of this.tiles) {
      if (index < first || index >= last) {
        t.el.remove();
        this.tiles.delete(index);
      }
    }
    const missing = new Set();
    for (let index = first; index < last; index++) {
      const item = this.fresh(index);
      if (!item) missing.add(Math.floor(index / PAGE));
      let t = this.tiles.get(index);
      if (t && !t.real && item && same(t.item, item)) {
        // Unchanged by the refresh: the element stays, so a click under way is not lost.
        t.real = true;
        t.item = item;
      } else if (!t || (!t.real && item)) {
        // Tiles of the margin rows are made too, but their thumbnails should not hold up those on screen.
        const onScreen = index >= seen[0] && index < seen[1];
        const el = item ? this.options.tile(item, index, onScreen) : this.options.placeholder(index);
        // A placeholder that had the focus hands it to its tile.
        const hadFocus = t !== undefined && t.el === document.activeElement;
        if (t) t.el.replaceWith(el);
        if (hadFocus) el.focus({ preventScroll: true });
        else this.space.append(el);
        t = { el, real: !!item, item };
        this.tiles.set(index, t);
      }
      const x = GAP + (index % cols) * (this.size + GAP);
      const y = GAP + Math.floor(index / cols) * row;
      // Positions through the CSSOM: the CSP forbids style attributes, not this.
      t.el.style.transform = `translate(${x}px, ${y}px)`;
      t.el.style.width = t.el.style.height = `${this.size}px`;
    }
    // Pages are asked for once the scrolling pauses: a fling across 100 000 photos asks for the
    // pages where it stops, not every page it passed.
    clearTimeout(this.loadTimer);
    if (missing.size)
      this.loadTimer = setTimeout(() => {
        for (const p of missing) this.load(p);
      }, 120);
  }
}

/** Whether a refreshed item is the one a tile shows, down to its title and thumbnail. */
function same(a, b) {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
