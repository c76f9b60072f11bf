import { adminView } from './admin.js';
import { Api, ApiError, call, currentSpace, pageUrl, routePath } from './api.js';
import { browseView, dropPrefetch, prefetchAlbum } from './browse.js';
import { h } from './dom.js';
import { followChanges } from './live.js';
import { announce, clearAlert, navigate, onChanges, state } from './state.js';
import { trashView } from './trash.js';
import { AlbumTree } from './tree.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {{destroy(): void} | null} */
let view = null;
/** @type {AlbumTree | null} */
let tree = null;
/** @type {AbortController | null} */
let live = null;
/** The library the header, the tree and the change feed were made for ('' the shared one). */
let shownSpace = '';

async function start() {
  // An album's address: its first page is asked for beside the session check, not after it.
  const parts = routePath(location.pathname)
    .replace(/^\/photo\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts.length === 0 || parts[0] === 'album') prefetchAlbum(parts[0] === 'album' ? decodeURIComponent(parts[1] ?? '') : '');
  try {
    state.user = await call(Api.Auth, 'checkauth');
  } catch {
    state.user = null;
  }
  if (state.user) enter();
  else await enterAsGuest();
}

/**
 * Without a session the page shows what a guest may browse (public albums, SPEC §5) with a
 * `Log in` button; with nothing public to show, the login form straight away.
 */
async function enterAsGuest() {
  let albums = [];
  try {
    albums = (await call(Api.Album, 'list', { id: '', type: 'album', offset: 0, limit: 1 })).items ?? [];
  } catch {
    // Nothing a guest may see.
  }
  if (albums.length === 0) {
    showLogin();
    return;
  }
  state.guest = true;
  enter();
}

function showLogin() {
  dropPrefetch();
  state.guest = false;
  live?.abort();
  view?.destroy();
  view = null;
  $('app').hidden = true;
  $('search').hidden = true;
  $('account').replaceChildren();
  $('login').hidden = false;
  /** @type {HTMLInputElement} */ ($('login-form').querySelector('[name=username]')).focus();
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = /** @type {HTMLFormElement} */ (e.currentTarget);
  const data = new FormData(form);
  try {
    state.user = await call(Api.Auth, 'login', { username: data.get('username'), password: data.get('password'), remember_me: data.get('remember_me') === 'on' });
    form.reset();
    clearAlert();
    enter();
  } catch (err) {
    announce(err);
  }
});

function enter() {
  const user = state.user;
  if (user) state.guest = false;
  shownSpace = currentSpace();
  showLibrary(shownSpace);
  $('login').hidden = true;
  $('app').hidden = false;
  $('search').hidden = false;
  $('admin-link').hidden = !user?.is_admin;
  $('trash-link').hidden = !user;
  $('account').replaceChildren(
    ...(user
      ? [libraryToggle(user), h('span', { class: 'who', text: user.username }), h('button', { type: 'button', class: 'quiet', text: 'Log out', onclick: logout })]
      : [h('span', { class: 'who', text: 'Guest' }), h('button', { type: 'button', class: 'primary', text: 'Log in', onclick: showLogin })]),
  );
  tree = new AlbumTree($('tree'));
  live?.abort();
  live = new AbortController();
  // The change feed is for users (Sync needs a session); a guest reloads to see changes.
  if (user) void followChanges(live.signal);
  void route();
  void loadTags();
}

/**
 * Says which library the page shows (SPEC §18): its name in the header and the tab's title, the
 * `personal` look, and the header's home and Trash links pointing into it.
 * @param {string} space
 */
function showLibrary(space) {
  const own = space !== '' && space.toLowerCase() === state.user?.username.toLowerCase();
  const name = space === '' ? 'Shared library' : own ? 'My library' : `Library of ${space}`;
  document.body.classList.toggle('personal', space !== '');
  document.body.dataset.library = space || '-';
  document.title = space === '' ? 'Photo Station' : `${name} - Photo Station`;
  const label = $('library');
  label.textContent = name;
  label.hidden = space === '';
  $('brand').setAttribute('href', pageUrl('/photo/', space));
  $('trash-link').setAttribute('href', pageUrl('/photo/trash', space));
}

/**
 * "My library" beside the shared one (SPEC §18): goes to the user's personal library's address
 * (`/~<user>/photo/`), whose every call then goes to its paths (`/~<user>/photo/webapi/`), and back to `/photo/`.
 */
function libraryToggle(user) {
  const mine = currentSpace().toLowerCase() === user.username.toLowerCase();
  return h('button', {
    type: 'button',
    class: 'quiet library-switch',
    text: mine ? 'Shared library' : 'My library',
    title: mine ? 'Back to the shared library' : 'Your personal library',
    onclick: () => navigate(mine ? '/photo/' : pageUrl('/photo/', user.username)),
  });
}

/** Back to the shared library's address, as a page nobody is logged into starts. */
function leaveLibrary() {
  if (currentSpace() !== '') history.replaceState(null, '', '/photo/');
}

async function logout() {
  try {
    await call(Api.Auth, 'logout');
  } catch (e) {
    announce(e);
  }
  state.user = null;
  leaveLibrary();
  showLogin();
}

/** Albums changed (a move, a delete, a scan): the tree shows them again. */
function albumsChanged() {
  void tree?.render();
}

let albumTimer = 0;
onChanges((events) => {
  if (!events.some((ev) => ev.data_type === 'album')) return;
  clearTimeout(albumTimer);
  albumTimer = setTimeout(albumsChanged, 300);
});

async function route() {
  if (!state.user && !state.guest) return;
  // Another library's address (the switch, Back, a link): the header, the tree and the change
  // feed are made again for it, and enter() routes.
  if (currentSpace() !== shownSpace) {
    enter();
    return;
  }
  menu(false);
  const url = new URL(location.href);
  const parts = routePath(url.pathname)
    .replace(/^\/photo\/?/, '')
    .split('/')
    .filter(Boolean);
  view?.destroy();
  view = null;
  const main = $('main');
  const hooks = { onAlbumsChanged: albumsChanged };
  try {
    if (parts[0] === 'trash' && state.user) {
      view = await trashView(main, hooks);
      await tree?.show('\0');
    } else if ((parts[0] === 'trash' || parts[0] === 'admin') && !state.user) {
      showLogin();
      return;
    } else if (parts[0] === 'admin' && state.user?.is_admin) {
      view = await adminView(main);
    } else if (parts[0] === 'search') {
      const q = url.searchParams;
      view = await browseView(main, { kind: 'search', keyword: q.get('keyword') ?? '', from: q.get('from') ?? '', to: q.get('to') ?? '', tag: q.get('tag') ?? '' }, hooks);
    } else {
      const id = parts[0] === 'album' ? decodeURIComponent(parts[1] ?? '') : '';
      view = await browseView(main, { kind: 'album', id }, hooks);
      await tree?.show(id);
    }
  } catch (e) {
    if (e instanceof ApiError && (e.code === 105 || e.code === 106)) showLogin();
    announce(e);
  }
}

// Links inside the page change the route without a reload.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  const a = /** @type {HTMLElement} */ (e.target).closest('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  const to = href === null ? '' : routePath(href);
  if (!to.startsWith('/photo/') || to.startsWith('/photo/webapi/')) return;
  e.preventDefault();
  clearAlert();
  navigate(href);
});
window.addEventListener('popstate', () => void route());

/** On a phone the album tree is a panel opened from the header's `Albums` button. */
function menu(open) {
  $('menu').setAttribute('aria-expanded', String(open));
  $('app').classList.toggle('menu-open', open);
}
$('menu').addEventListener('click', () => menu($('menu').getAttribute('aria-expanded') !== 'true'));
window.addEventListener('ps:session-ended', () => {
  if (!state.user) return;
  state.user = null;
  leaveLibrary();
  showLogin();
  announce('Your session has ended; please log in again');
});
window.addEventListener('ps:route', () => void route());

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(/** @type {HTMLFormElement} */ (e.currentTarget));
  const q = new URLSearchParams();
  for (const k of ['keyword', 'tag', 'from', 'to']) {
    const v = String(data.get(k) ?? '').trim();
    if (v) q.set(k, v);
  }
  navigate(pageUrl(`/photo/search?${q}`));
});

// The tag filter appears when the server has tags (SPEC §15); without them it stays hidden.
async function loadTags() {
  try {
    const { tags } = await call(Api.Tag, 'list', { type: 'desc', offset: 0, limit: -1 });
    const select = /** @type {HTMLSelectElement} */ ($('search').querySelector('[name=tag]'));
    select.replaceChildren(h('option', { value: '', text: 'Any tag' }), ...(tags ?? []).map((t) => h('option', { value: t.id, text: t.name })));
    select.hidden = false;
  } catch {
    // No Tag API: no tag filter.
  }
}

void start();
