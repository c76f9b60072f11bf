import { Api, ApiError, call } from './api.js';
import { albumPath } from './dom.js';
import { askText } from './dialogs.js';
import { announce, clearAlert, passwords } from './state.js';

/**
 * Asks for a password album's password until the server takes it or the person cancels (SPEC §5:
 * a wrong one answers 416, shown in the alert region before asking again). Answers whether the
 * album is open now; the password is then kept for the album and those below it.
 * @param {string} id @param {string} title
 * @returns {Promise<boolean>}
 */
export async function unlockAlbum(id, title) {
  for (;;) {
    const password = await askText('Album password', 'Album password', 'Open', { secret: true, note: `“${title}” is protected by a password.` });
    if (password === null) return false;
    try {
      await call(Api.Album, 'getinfo', { id, password });
      passwords.set(albumPath(id), password);
      clearAlert();
      return true;
    } catch (e) {
      announce(e);
      if (!(e instanceof ApiError && e.code === 416)) return false;
    }
  }
}
