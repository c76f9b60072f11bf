/**
 * The owner's side of sharing (SPEC §18): a public link for an album (window, password, the link
 * to copy), and a selection added to a shared album. The visitor's side is share.js.
 */
import { Api, call } from './api.js';
import { h } from './dom.js';
import { editFields } from './dialogs.js';
import { announce } from './state.js';

/** Shows a link with a button that copies it. @param {string} url */
async function showLink(url) {
  const input = /** @type {HTMLInputElement} */ (h('input', { name: 'link', readonly: true, value: url }));
  const copy = h('button', { type: 'button', text: 'Copy link' });
  const close = h('button', { type: 'submit', class: 'primary', value: 'ok', text: 'Close' });
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'ask', 'aria-label': 'Share link' },
      h('form', { method: 'dialog' }, h('h2', { text: 'Share link' }), h('label', {}, 'Link ', input), h('div', { class: 'dialog-buttons' }, copy, close)),
    )
  );
  copy.addEventListener('click', () => {
    input.select();
    navigator.clipboard?.writeText(url).catch(() => {});
  });
  document.body.append(dialog);
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  dialog.remove();
}

/**
 * Makes or changes the public link of album `id`: dates as `Y-m-d` (empty: open), a password
 * (empty: none), then shows the link. @param {string} id
 */
export async function shareAlbum(id) {
  let current;
  try {
    const info = await call(Api.Album, 'getinfo', { id, additional: 'public_share' });
    current = info.items?.[0]?.additional?.public_share ?? {};
  } catch (e) {
    announce(e);
    return;
  }
  const values = await editFields(
    'Share album',
    [
      { name: 'start_time', label: 'From (YYYY-MM-DD, empty: now)', value: (current.start_time ?? '').slice(0, 10) },
      { name: 'end_time', label: 'Until (YYYY-MM-DD, empty: always)', value: (current.end_time ?? '').slice(0, 10) },
      { name: 'password', label: 'Password (empty: none)', value: '' },
    ],
    'Share',
  );
  if (!values) return;
  try {
    const params = { id, is_shared: true, start_time: values.start_time.trim(), end_time: values.end_time.trim(), enable_password: values.password !== '' };
    if (values.password !== '') params.password = values.password;
    const answer = await call(Api.Album, 'edit', params);
    await showLink(new URL(answer.public_share_url, location.origin).href);
  } catch (e) {
    announce(e);
  }
}

/**
 * Adds items to the shared album of that name, made when there is none. @param {string[]} ids
 * @returns {Promise<boolean>}
 */
export async function addToSharedAlbum(ids) {
  const values = await editFields('Add to shared album', [{ name: 'name', label: 'Shared album', value: '' }], 'Add');
  const name = values?.name.trim();
  if (!name) return false;
  try {
    const { items } = await call(Api.SharedAlbum, 'list', {});
    const found = items.find((/** @type {any} */ s) => s.info.name === name);
    if (found) await call(Api.SharedAlbum, 'add_items', { id: found.id, item_id: ids });
    else await call(Api.SharedAlbum, 'create', { name, item_id: ids });
    return true;
  } catch (e) {
    announce(e);
    return false;
  }
}
