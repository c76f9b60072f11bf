/** What every view shares: the logged-in user, the alert region, navigation and change listeners. */
import { currentSpace } from './api.js';
import { albumPath } from './dom.js';

export const state = {
  /** @type {{username: string, is_admin: boolean, permission: {browse: boolean, upload: boolean, manage: boolean}} | null} */
  user: null,
  /** No session: browsing what guests may (public albums, SPEC §5). */
  guest: false,
};

/**
 * True when the user has every right in the library shown: an administrator, or the owner of
 * this personal library, who administers it (SPEC §18; the server's rule is auth/space-owner.ts).
 */
export function administers() {
  const user = state.user;
  return !!user && (user.is_admin || currentSpace().toLowerCase() === user.username.toLowerCase());
}

/**
 * Album passwords the person typed, by album path, in memory only (gone with the tab). A password
 * album's password opens the albums below it too (SPEC §5), so the nearest one up the path is sent.
 * @type {Map<string, string>}
 */
export const passwords = new Map();

/** The password to send with a call about album `id`, if the person gave one. */
export function passwordFor(id) {
  let p = albumPath(id);
  while (p) {
    const known = passwords.get(p);
    if (known !== undefined) return known;
    p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
  }
  return undefined;
}

/** Announces an error (or a message) in the `alert` region (SPEC §16). */
export function announce(error) {
  const region = document.getElementById('alert');
  if (!region) return;
  region.textContent = error instanceof Error ? error.message : String(error);
  region.classList.toggle('shown', region.textContent !== '');
}

export function clearAlert() {
  announce('');
}

/** @type {Set<(events: any[]) => void>} */
const listeners = new Set();

/** Calls `fn` with each batch of change-feed events; answers the unsubscribe function. */
export function onChanges(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function emitChanges(events) {
  for (const fn of listeners) fn(events);
}

/** Goes to a route of the page without reloading it. */
export function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('ps:route'));
}
