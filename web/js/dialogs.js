import { h } from './dom.js';
import { allAlbums } from './tree.js';
import { announce } from './state.js';

/**
 * Asks for a destination album in a modal `<dialog>` listing albums by title; confirmed with the
 * action's own name (`Move`, `Copy`). Answers the album id ('' = top level) or null.
 * @param {string} action @param {number} count @returns {Promise<string | null>}
 */
export async function chooseAlbum(action, count) {
  let albums;
  try {
    albums = await allAlbums();
  } catch (e) {
    announce(e);
    return null;
  }
  const options = albums.map((a, i) =>
    h('li', {}, h('label', { class: `depth-${Math.min(a.depth, 6)}` }, h('input', { type: 'radio', name: 'dest', value: a.id, checked: i === 0 }), a.title)),
  );
  const ok = h('button', { type: 'submit', class: 'primary', value: 'ok', text: action });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { text: `${action} ${count} ${count === 1 ? 'item' : 'items'} to…` }),
    h('fieldset', { class: 'album-choices' }, h('legend', { text: 'Destination album' }), h('ul', {}, options)),
    h('div', { class: 'dialog-buttons' }, cancel, ok),
  );
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'choose', 'aria-label': `${action} to album` }, form));
  document.body.append(dialog);
  cancel.addEventListener('click', () => dialog.close('cancel'));
  dialog.showModal();
  const result = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  const chosen = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name=dest]:checked'));
  dialog.remove();
  return result === 'ok' && chosen ? chosen.value : null;
}

/** A yes/no question in a modal dialog. @returns {Promise<boolean>} */
export async function confirmAction(question, action) {
  const ok = h('button', { type: 'submit', class: 'primary danger', value: 'ok', text: action });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const dialog = /** @type {HTMLDialogElement} */ (
    h('dialog', { class: 'confirm', 'aria-label': action }, h('form', { method: 'dialog' }, h('p', { text: question }), h('div', { class: 'dialog-buttons' }, cancel, ok)))
  );
  document.body.append(dialog);
  cancel.addEventListener('click', () => dialog.close('cancel'));
  dialog.showModal();
  const result = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  dialog.remove();
  return result === 'ok';
}

/**
 * Asks for one line of text (a new album's name, an album's password). `secret` makes it a
 * password field, kept as typed (not trimmed). @returns {Promise<string | null>}
 */
export async function askText(question, fieldLabel, action, { secret = false, note = '' } = {}) {
  const input = h('input', { name: 'value', required: true, maxlength: '255', type: secret ? 'password' : 'text', autocomplete: secret ? 'off' : null });
  const ok = h('button', { type: 'submit', class: 'primary', value: 'ok', text: action });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'ask', 'aria-label': question },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { text: question }),
        note && h('p', { class: 'muted', text: note }),
        h('label', {}, fieldLabel, ' ', input),
        h('div', { class: 'dialog-buttons' }, cancel, ok),
      ),
    )
  );
  document.body.append(dialog);
  cancel.addEventListener('click', () => dialog.close('cancel'));
  dialog.showModal();
  const result = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  dialog.remove();
  const raw = /** @type {HTMLInputElement} */ (input).value;
  const value = secret ? raw : raw.trim();
  return result === 'ok' && value ? value : null;
}

/**
 * Edits a few text fields in a modal dialog (an album's title and description). Answers the new
 * values by field name, or null when cancelled.
 * @param {string} question @param {Array<{name: string, label: string, value: string, multiline?: boolean}>} fields
 * @param {string} action @returns {Promise<Record<string, string> | null>}
 */
export async function editFields(question, fields, action) {
  const inputs = fields.map((f) => {
    const input = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (
      f.multiline ? h('textarea', { name: f.name, rows: '4' }) : h('input', { name: f.name, maxlength: '4096' })
    );
    input.value = f.value;
    return { f, input };
  });
  const ok = h('button', { type: 'submit', class: 'primary', value: 'ok', text: action });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'ask', 'aria-label': question },
      h(
        'form',
        { method: 'dialog', class: 'edit' },
        h('h2', { text: question }),
        inputs.map(({ f, input }) => h('label', {}, f.label, input)),
        h('div', { class: 'dialog-buttons' }, cancel, ok),
      ),
    )
  );
  document.body.append(dialog);
  cancel.addEventListener('click', () => dialog.close('cancel'));
  dialog.showModal();
  const result = await new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true }));
  dialog.remove();
  if (result !== 'ok') return null;
  return Object.fromEntries(inputs.map(({ f, input }) => [f.name, input.value]));
}
