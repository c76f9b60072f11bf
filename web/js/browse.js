import { Api, ApiError, call, pageUrl, thumbUrl } from './api.js';
import { albumPath, h, label } from './dom.js';
import { askText, chooseAlbum, confirmAction, editFields } from './dialogs.js';
import { PAGE, VirtualGrid } from './grid.js';
import { Selection } from './selection.js';
import { administers, announce, navigate, onChanges, passwordFor, state } from './state.js';
import { followTask } from './tasks.js';
import { unlockAlbum } from './unlock.js';
import { uploadFiles } from './upload.js';
import { openViewer } from './viewer.js';
import { addToSharedAlbum, shareAlbum } from './sharing.js';

/**
 * @typedef {{kind: 'album', id: string} | {kind: 'search', keyword: string, from: string, to: string, tag: string}} Listing
 */

const albumPage = (id, offset, limit) =>
  call(Api.Album, 'list', { id, offset, limit, type: 'album,photo,video', additional: 'thumb_size', sort_by: 'filename', password: passwordFor(id) });

/** @type {{id: string, page: Promise<any>} | null} */
let early = null;

/**
 * Asks for the first page of album `id` while the page is still checking its session, so that
 * opening an album's address costs one round trip less before the thumbnails. Used once by the
 * album's view; a refusal (no session, a password album) is asked again there.
 */
export function prefetchAlbum(id) {
  const page = albumPage(id, 0, PAGE);
  page.catch(() => {});
  early = { id, page };
}

/** Forgets the early page: after a login it would be the guest's view of the album. */
export function dropPrefetch() {
  early = null;
}

/** How a listing reads its pages and what "all of it" is as a Batch selection (SPEC §12). */
function sourceOf(listing) {
  if (listing.kind === 'album') {
    return {
      page: (offset, limit) => {
        if (early && early.id === listing.id && offset === 0 && limit === PAGE) {
          const { page } = early;
          early = null;
          return page.catch(() => albumPage(listing.id, offset, limit));
        }
        early = null;
        return albumPage(listing.id, offset, limit);
      },
      /** @param {string[]} exclude */
      all: (exclude) => ({ children: listing.id, exclude }),
    };
  }
  const takenDate = listing.from || listing.to ? `${listing.from},${listing.to}` : undefined;
  const filter = { keyword: listing.keyword || undefined, taken_date: takenDate, filter_tag: listing.tag || undefined };
  return {
    page: (offset, limit) => call(Api.Photo, 'list', { offset, limit, type: 'photo,video', additional: 'thumb_size', ...filter }),
    // A Batch search has no tag filter: with one, "all" would reach items the listing does not
    // show, so Select all then picks the loaded items only.
    all: listing.tag ? null : (exclude) => ({ search: { keyword: listing.keyword || undefined, taken_date: takenDate }, exclude }),
  };
}

/**
 * An album (or search results) as a virtual grid with its toolbar: upload, new album, select
 * all, and Move / Copy / Delete of the selection as a Batch task.
 * @param {HTMLElement} main @param {Listing} listing @param {{onAlbumsChanged: () => void}} hooks
 */
export async function browseView(main, listing, hooks) {
  const source = sourceOf(listing);
  const sel = new Selection();
  let album = null;
  let rights = state.user?.permission ?? { browse: true, upload: false, manage: false };
  const password = listing.kind === 'album' ? passwordFor(listing.id) : undefined;
  // The first page is asked for beside the album's facts, not after them: one round trip less
  // before the first thumbnails (docs/performance.md, "Web interface").
  const firstPage = source.page(0, PAGE);
  firstPage.catch(() => {});
  if (listing.kind === 'album') {
    try {
      const info = await call(Api.Album, 'getinfo', { id: listing.id || '', additional: 'album_permission', password });
      album = info.items?.[0] ?? null;
      if (album?.additional?.album_permission) rights = album.additional.album_permission;
    } catch (e) {
      // A password album (SPEC §5): ask for its password, then show it; cancelled, it stays shut.
      if (e instanceof ApiError && e.code === 416) {
        const title = albumPath(listing.id).split('/').pop() ?? '';
        if (await unlockAlbum(listing.id, title)) return browseView(main, listing, hooks);
        return lockedView(main, listing, title);
      }
      if (listing.id) announce(e);
    }
  }
  if (administers()) rights = { browse: true, upload: true, manage: true };
  // A guest only looks (SPEC §5): no selection to act on.
  const guest = !state.user;
  const heading = listing.kind === 'album' ? (listing.id ? label(album ?? { info: { name: albumPath(listing.id).split('/').pop() } }) : 'All photos') : 'Search results';
  const destPath = listing.kind === 'album' ? (album?.info?.sharepath ?? albumPath(listing.id)) : null;

  const count = h('span', { class: 'count', 'aria-live': 'polite' });
  const picked = h('span', { class: 'picked' });
  const fileInput = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', multiple: true, class: 'visually-hidden', 'aria-label': 'Choose files to upload', tabindex: '-1' })
  );
  const uploadButton = h('button', { type: 'button', text: 'Upload', onclick: () => fileInput.click() });
  const newAlbum = h('button', { type: 'button', text: 'New album', onclick: () => createAlbum() });
  const selectAll = h('button', {
    type: 'button',
    text: 'Select all',
    onclick: () => {
      if (source.all) sel.selectAll();
      else for (const [, item] of grid.loaded()) sel.set(item, true);
      changed();
    },
  });
  const selectNone = h('button', {
    type: 'button',
    class: 'quiet',
    text: 'Clear selection',
    onclick: () => {
      sel.clear();
      changed();
    },
  });
  const move = h('button', { type: 'button', text: 'Move', onclick: () => transfer('move') });
  const copy = h('button', { type: 'button', text: 'Copy', onclick: () => transfer('copy') });
  const del = h('button', { type: 'button', class: 'danger', text: 'Delete', onclick: () => remove() });
  const canWrite = destPath !== null && rights.upload && !guest;
  const canEditAlbum = listing.kind === 'album' && !!listing.id && !!album && rights.manage && !guest;
  const editAlbum = h('button', { type: 'button', text: 'Edit album', onclick: () => editAlbumInfo() });
  const shareButton = h('button', { type: 'button', text: 'Share', onclick: () => void shareAlbum(listing.id) });
  const addShared = h('button', { type: 'button', text: 'Add to shared album', onclick: () => void shareSelection() });
  const title = h('h1', { text: heading });
  const about = h('p', { class: 'about', text: album?.info?.description ?? '' });
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'title-row' }, title, count),
    h(
      'div',
      { class: 'actions' },
      canWrite && uploadButton,
      canWrite && newAlbum,
      canEditAlbum && editAlbum,
      canEditAlbum && shareButton,
      fileInput,
      !guest && [h('span', { class: 'sep' }), selectAll, selectNone, picked, move, copy, del, addShared],
    ),
    about,
  );
  let firstUsed = false;
  const scroller = h('div', { class: 'grid-scroll', tabindex: '0', 'aria-label': heading });
  const dropHint = h('div', { class: 'drop-hint', text: 'Drop files to upload them here' });
  const view = h('div', { class: 'view' }, toolbar, scroller, dropHint);
  main.replaceChildren(view);

  const grid = new VirtualGrid(scroller, {
    source: (offset, limit) => (offset === 0 && limit === PAGE && !firstUsed ? ((firstUsed = true), firstPage) : source.page(offset, limit)),
    tile,
    placeholder: (index) => h('div', { class: 'tile placeholder', role: 'listitem', tabindex: '-1', 'data-index': String(index) }),
    onTotal: (total) => {
      sel.total = total;
      count.textContent = `${total} ${total === 1 ? 'item' : 'items'}`;
      changed(false);
    },
    onError: announce,
  });

  function tile(item, index, onScreen) {
    const name = item.info?.name ?? '';
    const title = label(item);
    const selected = sel.has(item.id);
    const pick = h('input', { type: 'checkbox', class: 'pick', 'aria-label': `Select ${name}`, checked: selected });
    let face;
    if (item.type === 'album') {
      face = h(
        'a',
        { href: pageUrl(`/photo/album/${item.id}`), class: 'tile-face album' },
        h('span', { class: 'folder', 'aria-hidden': 'true' }),
        h('span', { class: 'tile-title', text: title }),
      );
    } else {
      const sig = item.additional?.thumb_size?.sig;
      // `elementtiming`: the browser's performance timeline records when each thumbnail is painted.
      // Not `loading=lazy`: the grid only makes the tiles on screen, and lazy images wait for layout.
      const img = h('img', {
        alt: title,
        decoding: 'async',
        draggable: 'false',
        elementtiming: 'thumb',
        fetchpriority: onScreen ? 'high' : 'low',
        src: thumbUrl(item.id, 'small', sig, password),
      });
      img.addEventListener('error', () => img.classList.add('broken'), { once: true });
      face = h('div', { class: 'tile-face photo' }, img, h('span', { class: 'tile-title', 'aria-hidden': 'true', text: title }));
    }
    return h('div', { class: `tile${selected ? ' selected' : ''}`, role: 'listitem', tabindex: '-1', 'data-index': String(index) }, face, !guest && pick);
  }

  grid.space.addEventListener('click', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const tileEl = /** @type {HTMLElement | null} */ (target.closest('.tile'));
    if (!tileEl) return;
    const index = Number(tileEl.dataset.index);
    const item = grid.item(index);
    if (!item) return;
    if (target.matches('input.pick')) {
      if (e.shiftKey) sel.range(index, (i) => grid.item(i));
      else sel.toggle(item, index);
      changed();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.shiftKey) {
      e.preventDefault();
      if (e.shiftKey) sel.range(index, (i) => grid.item(i));
      else sel.toggle(item, index);
      changed();
      return;
    }
    sel.anchor = index;
    focused = index;
    if (item.type !== 'album') open(item, index);
  });

  function open(item, index) {
    if (item.type === 'album') navigate(pageUrl(`/photo/album/${item.id}`));
    else openViewer(item, { canEdit: rights.manage && !guest, password, neighbour: (step) => neighbour(index, step), onChange: () => grid.refresh() });
  }

  // Keyboard (SPEC §16): arrows move between tiles, Enter opens, Space selects; Escape closes the
  // viewer (the dialog's own).
  let focused = -1;
  scroller.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = /** @type {HTMLElement} */ (e.target);
    const onTile = target === scroller || target.classList.contains('tile');
    const cols = grid.columns();
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -cols, ArrowDown: cols, Home: -Infinity, End: Infinity };
    if (e.key in steps) {
      if (grid.total <= 0) return;
      e.preventDefault();
      const step = steps[/** @type {keyof typeof steps} */ (e.key)];
      // From nowhere, the first key lands on the first tile (or the last, going back).
      const from = focused < 0 ? (step > 0 ? -1 : grid.total) : focused;
      focused = Math.max(0, Math.min(grid.total - 1, from + step));
      grid.focusTile(focused);
      return;
    }
    if (!onTile || focused < 0) return;
    const item = grid.item(focused);
    if (!item) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      open(item, focused);
    } else if (e.key === ' ' && !guest) {
      e.preventDefault();
      if (e.shiftKey) sel.range(focused, (i) => grid.item(i));
      else sel.toggle(item, focused);
      changed();
    }
  });

  function neighbour(index, step) {
    for (let i = index + step; i >= 0 && i < grid.total; i += step) {
      const item = grid.item(i);
      if (!item) return null;
      if (item.type !== 'album') return { item, neighbour: (s) => neighbour(i, s) };
    }
    return null;
  }

  function changed(repaint = true) {
    const n = sel.count;
    picked.textContent = n ? `${n} selected` : '';
    for (const b of [move, copy, del, addShared]) /** @type {HTMLButtonElement} */ (b).disabled = n === 0;
    /** @type {HTMLButtonElement} */ (selectNone).hidden = n === 0;
    if (repaint) {
      grid.repaint((el, item) => {
        const on = sel.has(item.id);
        el.classList.toggle('selected', on);
        /** @type {HTMLInputElement} */ (el.querySelector('input.pick')).checked = on;
      });
    }
  }

  /** The selection as Batch takes it: ids, or the whole listing minus what was unticked. */
  function selection() {
    const ids = sel.ids();
    return ids ?? [/** @type {NonNullable<typeof source.all>} */ (source.all)([...sel.excluded])];
  }

  function describe(verb) {
    const n = sel.count;
    return `${verb} ${n} ${n === 1 ? 'item' : 'items'}`;
  }

  async function transfer(method) {
    const action = method === 'move' ? 'Move' : 'Copy';
    const to = await chooseAlbum(action, sel.count);
    if (to === null) return;
    await runTask(method, action, { selection: selection(), to, duplicate: 'rename', async: true }, describe(method === 'move' ? 'Moving' : 'Copying'));
  }

  /** Photos and videos of the selection into a shared album (albums are not items: left out). */
  async function shareSelection() {
    const ids = sel.ids();
    const items = (ids ?? []).filter((id) => /^(photo|video)_/.test(id));
    if (items.length === 0) {
      announce(new Error('Select photos or videos to add to a shared album'));
      return;
    }
    if (await addToSharedAlbum(items)) {
      sel.clear();
      changed();
    }
  }

  async function remove() {
    if (!(await confirmAction(`Delete ${sel.count} ${sel.count === 1 ? 'item' : 'items'}? They go to the trash.`, 'Delete'))) return;
    await runTask('delete', 'Delete', { selection: selection(), async: true }, describe('Deleting'));
  }

  async function runTask(method, action, params, description) {
    let started;
    try {
      started = await call(Api.Batch, method, params);
    } catch (e) {
      announce(e);
      return;
    }
    sel.clear();
    changed();
    if (started?.taskid) await followTask(started.taskid, action, description);
    grid.refresh();
    hooks.onAlbumsChanged();
  }

  /** Title and description of the album shown (Album.edit; the manage right, SPEC §5). */
  async function editAlbumInfo() {
    if (!album) return;
    const values = await editFields(
      'Edit album',
      [
        { name: 'title', label: 'Title', value: album.info?.title ?? '' },
        { name: 'description', label: 'Description', value: album.info?.description ?? '', multiline: true },
      ],
      'Save',
    );
    if (!values) return;
    try {
      await call(Api.Album, 'edit', { id: listing.id, title: values.title, description: values.description });
      album.info = { ...album.info, title: values.title, description: values.description };
      title.textContent = label(album);
      about.textContent = values.description;
      hooks.onAlbumsChanged();
    } catch (e) {
      announce(e);
    }
  }

  async function createAlbum() {
    const name = await askText('New album', 'Name', 'Create');
    if (!name) return;
    try {
      await call(Api.Album, 'create', { name, id: listing.kind === 'album' ? listing.id : '' });
      grid.refresh();
      hooks.onAlbumsChanged();
    } catch (e) {
      announce(e);
    }
  }

  const send = (files) => {
    if (destPath === null || files.length === 0) return;
    let timer = 0;
    void uploadFiles(files, destPath, () => {
      clearTimeout(timer);
      timer = setTimeout(() => grid.refresh(), 300);
    });
  };
  fileInput.addEventListener('change', () => {
    send([...(fileInput.files ?? [])]);
    fileInput.value = '';
  });
  if (canWrite) {
    view.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      view.classList.add('dropping');
    });
    view.addEventListener('dragleave', (e) => {
      if (e.target === view || !view.contains(/** @type {Node} */ (e.relatedTarget))) view.classList.remove('dropping');
    });
    view.addEventListener('drop', (e) => {
      e.preventDefault();
      view.classList.remove('dropping');
      send([...(e.dataTransfer?.files ?? [])]);
    });
  }

  // Live updates: anything about albums or items (a scan, another client) reloads the visible pages.
  let pending = 0;
  const off = onChanges((events) => {
    if (!events.some((ev) => ev.data_type !== 'task')) return;
    clearTimeout(pending);
    pending = setTimeout(() => grid.refresh(), 200);
  });

  changed(false);
  return {
    grid,
    destroy() {
      off();
      clearTimeout(pending);
      grid.destroy();
    },
  };
}

/** A password album left shut: says so, with a button to try its password again. */
function lockedView(main, listing, title) {
  const retry = h('button', {
    type: 'button',
    class: 'primary',
    text: 'Enter password',
    onclick: async () => {
      if (await unlockAlbum(listing.id, title)) window.dispatchEvent(new Event('ps:route'));
    },
  });
  main.replaceChildren(
    h(
      'div',
      { class: 'view page' },
      h('div', { class: 'toolbar' }, h('div', { class: 'title-row' }, h('h1', { text: title }))),
      h('p', { text: 'This album is protected by a password.' }),
      h('p', {}, retry),
    ),
  );
  return { destroy() {} };
}
