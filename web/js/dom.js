/**
 * Builds elements. Text is only ever set as text nodes or textContent: titles, descriptions,
 * comments, tag and file names are users' words and never become markup (SPEC §16).
 * @param {string} tag
 * @param {Record<string, unknown>} [props] `class`, `text`, `on<event>` listeners, DOM properties
 *   (`checked`, `value`, `disabled`...) or attributes
 * @param {...(Node | string | null | undefined | false | Array<Node | string | null | undefined | false>)} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else if (k in el && typeof v !== 'string') /** @type {any} */ (el)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** @param {Element} el */
export function clear(el) {
  el.replaceChildren();
  return el;
}

/** The path an album id names: `album_<hex of the UTF-8 path>` (SPEC §4). */
export function albumPath(id) {
  if (!id || !id.startsWith('album_')) return '';
  const hex = id.slice(6);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder().decode(bytes);
}

/** The id of the album at `path` ('' is the root). */
export function albumId(path) {
  if (!path) return '';
  return 'album_' + Array.from(new TextEncoder().encode(path), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a person calls an album or item: its title, else its file name. */
export function label(item) {
  return (item.info && (item.info.title || item.info.name)) || '';
}

/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
