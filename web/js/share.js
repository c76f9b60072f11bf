/**
 * The public page of a share, `/photo/share/<shareid>` (SPEC §18): no login, nothing of the app
 * but the share's grid, its viewer, downloads and, where the share allows them, comments. Every
 * call carries the share id (and the password once given) and never the session cookie, so a
 * logged-in owner sees exactly what a friend sees. The password never goes into a URL: images are
 * fetched by POST and shown from blob URLs, downloads are a POSTed form.
 */
import { clear, h, label } from './dom.js';

const ENTRY = '/photo/webapi/entry.cgi';
const shareId = decodeURIComponent(location.pathname.slice('/photo/share/'.length));
let password = '';
/** @type {any[]} */
let items = [];
let current = -1;
/** @type {{enable_comment?: boolean}} */
let share = {};

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

class ShareError extends Error {
  /** @param {number} code */
  constructor(code) {
    super(`error ${code}`);
    this.code = code;
  }
}

/** @param {Record<string, string>} params */
function body(params) {
  const b = new URLSearchParams({ version: '1', public_share_id: shareId, ...params });
  if (password !== '') b.set('password', password);
  return b;
}

/** @param {string} api @param {string} method @param {Record<string, string>} [params] */
async function call(api, method, params = {}) {
  const res = await fetch(ENTRY, { method: 'POST', body: body({ api, method, ...params }), credentials: 'omit' });
  const env = await res.json();
  if (!env.success) throw new ShareError(env.error.code);
  return env.data;
}

/** An image of the share as a blob URL (fetched by POST: the password stays out of URLs). */
async function image(/** @type {string} */ id, /** @type {string} */ size) {
  const res = await fetch(ENTRY, { method: 'POST', body: body({ api: 'SYNO.PhotoStation.Thumb', method: 'get', id, size }), credentials: 'omit' });
  if (!res.ok || !(res.headers.get('content-type') ?? '').startsWith('image/')) throw new ShareError(504);
  return URL.createObjectURL(await res.blob());
}

function say(/** @type {string} */ text) {
  $('alert').textContent = text;
}

const MESSAGES = {
  unknown: 'This share does not exist or is no longer shared.',
  password: 'Wrong password.',
  throttled: 'Too many wrong passwords; try again later.',
};

async function start() {
  let info;
  try {
    info = await call('SYNO.PhotoStation.SharedAlbum', 'getinfo_public');
  } catch {
    say(MESSAGES.unknown);
    return;
  }
  share = info;
  $('share-title').textContent = info.name;
  document.title = info.name;
  if (info.status === 'not_yet_open') return say(`This share opens on ${info.start_time}.`);
  if (info.status === 'expired') return say(`This share expired on ${info.end_time}.`);
  if (info.enable_password) {
    $('share-password').hidden = false;
    $('share-password-form').addEventListener('submit', (e) => {
      e.preventDefault();
      password = String(new FormData(/** @type {HTMLFormElement} */ (e.target)).get('password') ?? '');
      void open();
    });
    /** @type {HTMLInputElement} */ ($('share-password-form').querySelector('input')).focus();
    return;
  }
  await open();
}

async function open() {
  try {
    const data = await call('SYNO.PhotoStation.Photo', 'list', { offset: '0', limit: '-1' });
    items = data.items;
  } catch (err) {
    const code = err instanceof ShareError ? err.code : 0;
    say(code === 416 ? MESSAGES.password : code === 410 ? MESSAGES.throttled : MESSAGES.unknown);
    return;
  }
  say('');
  $('share-password').hidden = true;
  $('share-main').hidden = false;
  const grid = clear($('share-grid'));
  items.forEach((item, i) => {
    const img = h('img', { alt: label(item) });
    grid.append(h('li', {}, h('button', { type: 'button', onclick: () => void show(i) }, img)));
    void image(item.id, 'small')
      .then((url) => /** @type {HTMLImageElement} */ (img.src = url))
      .catch(() => img.classList.add('broken'));
  });
  if (items.length === 0) grid.append(h('li', { class: 'muted', text: 'Nothing is shared here yet.' }));
}

/** @param {number} i */
async function show(i) {
  current = i;
  const item = items[i];
  const dialog = /** @type {HTMLDialogElement} */ ($('share-viewer'));
  const large = /** @type {HTMLImageElement} */ ($('share-large'));
  large.alt = label(item);
  $('share-caption').textContent = label(item);
  /** @type {HTMLButtonElement} */ ($('share-prev')).disabled = i === 0;
  /** @type {HTMLButtonElement} */ ($('share-next')).disabled = i === items.length - 1;
  if (!dialog.open) dialog.showModal();
  try {
    const url = await image(item.id, 'large');
    if (current === i) {
      if (large.src.startsWith('blob:')) URL.revokeObjectURL(large.src);
      large.src = url;
    }
  } catch {
    say('This photo cannot be shown.');
  }
  if (share.enable_comment) await comments(item.id);
}

/** @param {string} id */
async function comments(id) {
  $('share-comments').hidden = false;
  const list = clear($('share-comment-list'));
  try {
    const data = await call('SYNO.PhotoStation.Comment', 'list', { id });
    for (const c of data.comments) list.append(h('li', {}, h('strong', { text: c.name }), ' ', h('span', { text: c.comment })));
  } catch {
    say('The comments cannot be shown.');
  }
}

function download() {
  const form = /** @type {HTMLFormElement} */ ($('share-download-form'));
  const item = items[current];
  form.elements.namedItem('method').value = item.type === 'video' ? 'getvideo' : 'getphoto';
  form.elements.namedItem('id').value = item.id;
  form.elements.namedItem('public_share_id').value = shareId;
  form.elements.namedItem('password').value = password;
  form.submit();
}

$('share-prev').addEventListener('click', () => current > 0 && void show(current - 1));
$('share-next').addEventListener('click', () => current < items.length - 1 && void show(current + 1));
$('share-close').addEventListener('click', () => /** @type {HTMLDialogElement} */ ($('share-viewer')).close());
$('share-download').addEventListener('click', download);
$('share-comment-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = /** @type {HTMLFormElement} */ (e.target);
  const data = new FormData(form);
  const id = items[current].id;
  call('SYNO.PhotoStation.Comment', 'create', { id, name: String(data.get('name') ?? ''), comment: String(data.get('comment') ?? '') })
    .then(() => {
      /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('comment')).value = '';
      return comments(id);
    })
    .catch(() => say('The comment was not posted.'));
});

void start();
