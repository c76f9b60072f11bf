/** The WebAPI client: every call the page makes goes through here, with the session cookie. */

/** `/~<user>/photo/...`: the page's routes inside a personal library. */
const SPACE_PATH = /^\/~([^/]+)(\/photo(?:\/.*)?)$/;

/**
 * The library the page shows (SPEC §18), said by its address: `/~<user>/photo/...` is that user's
 * personal library, `/photo/...` the shared one; '' for the shared one, else the user's name.
 * Every call, thumbnail and download goes to that library's WebAPI paths (`/~<user>/photo/webapi/`,
 * `webapiUrl`). Read from the address each time, so a link, a reload, Back and a second tab all
 * show the library their address names.
 * @returns {string}
 */
export function currentSpace() {
  const m = SPACE_PATH.exec(location.pathname);
  if (!m) return '';
  try {
    return decodeURIComponent(/** @type {string} */ (m[1]));
  } catch {
    return '';
  }
}

/**
 * A route of the page without its library: `/~alice/photo/album/x` is `/photo/album/x`.
 * @param {string} pathname @returns {string}
 */
export function routePath(pathname) {
  const m = SPACE_PATH.exec(pathname);
  return m ? /** @type {string} */ (m[2]) : pathname;
}

/**
 * The address of route `route` (`/photo/...`) in library `space` (default the one shown).
 * @param {string} route @param {string} [space] @returns {string}
 */
export function pageUrl(route, space = currentSpace()) {
  return space ? `/~${encodeURIComponent(space)}${route}` : route;
}

/**
 * A WebAPI path (`entry.cgi`, `thumb.php`, ...) of the library the page shows. By path, not by
 * `ps_username`: the server takes a user's own name there as the shared library until their
 * personal one is in use (Photo Station's scripts send it so), and the path makes it on first use.
 * @param {string} file @returns {string}
 */
function webapiUrl(file) {
  return pageUrl(`/photo/webapi/${file}`);
}

const MESSAGES = {
  100: 'Unexpected server error',
  101: 'Bad request',
  102: 'This server does not offer that function',
  103: 'This server does not offer that function',
  105: 'You are not allowed to do that',
  106: 'Your session has ended; please log in again',
  407: 'Wrong user name or password',
  408: 'This account is disabled',
  410: 'Too many failed logins; try again later',
  416: 'Wrong album password',
  417: 'No access to this album',
  418: 'No upload right on this album',
  419: 'No right to manage this album',
  420: 'Only administrators may do that',
  421: 'An album with that name exists already',
  425: 'An album cannot go into itself',
  427: 'Only administrators may change rights',
  456: 'Bad photo request',
  457: 'No right on this photo',
  458: 'Choose another album',
  517: 'No upload right on this album',
  518: 'This file type cannot be uploaded',
  520: 'Upload failed',
  522: 'The server could not write the file',
  601: 'The selection is not valid',
  603: 'Too many tasks are waiting; try again later',
  604: 'A name exists already at the destination',
  605: 'Too many items',
  610: 'That trash entry is gone',
};

export class ApiError extends Error {
  /** @param {number} code @param {string} api @param {string} method */
  constructor(code, api, method) {
    super(`${MESSAGES[code] ?? 'Request failed'} (${api.replace('SYNO.PhotoStation.', '')}.${method}: error ${code})`);
    this.code = code;
  }
}

/** A parameter value as the wire takes it: lists and objects as JSON (SPEC §2). */
function wire(v) {
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Calls `api`.`method` (version 1) and answers its `data`, or throws an ApiError.
 * @param {string} api @param {string} method @param {Record<string, unknown>} [params]
 * @param {{signal?: AbortSignal}} [options]
 */
export async function call(api, method, params = {}, options = {}) {
  const body = new URLSearchParams({ api, method, version: '1' });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) body.set(k, wire(v));
  const res = await fetch(webapiUrl('entry.cgi'), { method: 'POST', body, credentials: 'same-origin', signal: options.signal });
  // An API this server does not have yet answers 404 at its path; the page treats it as absent.
  if (!res.ok) throw new ApiError(res.status === 404 ? 102 : 100, api, method);
  const envelope = await res.json();
  if (!envelope.success) {
    const code = envelope.error?.code ?? 100;
    // A session that ended (idle timeout, password changed, logged out elsewhere) takes the page
    // back to the login form, whichever call noticed it.
    if (code === 106 && api !== Api.Auth) window.dispatchEvent(new Event('ps:session-ended'));
    throw new ApiError(code, api, method);
  }
  return envelope.data;
}

const ps = (name) => `SYNO.PhotoStation.${name}`;
export const Api = {
  Auth: ps('Auth'),
  Album: ps('Album'),
  Photo: ps('Photo'),
  File: ps('File'),
  Batch: ps('Batch'),
  Task: ps('BackgroundTask'),
  Sync: ps('Sync'),
  Trash: ps('Trash'),
  User: ps('User'),
  Group: ps('Group'),
  Permission: ps('Permission'),
  Tag: ps('Tag'),
  PhotoTag: ps('PhotoTag'),
  Comment: ps('Comment'),
  SharedAlbum: ps('SharedAlbum'),
};

/**
 * The thumbnail URL of SPEC §14; `sig` changes whenever the thumbnail does. An image request
 * carries no form body, so a password album's password goes in the query, as Thumb.get takes it.
 */
export function thumbUrl(id, size, sig, password) {
  const q = new URLSearchParams({ api: 'SYNO.PhotoStation.Thumb', method: 'get', version: '1', size, id });
  if (sig) q.set('sig', sig);
  if (password !== undefined) q.set('password', password);
  return `${webapiUrl('thumb.php')}?${q}`;
}

/** The original file (SPEC §14 Download getphoto / getvideo). */
export function originalUrl(item, download = false, password = undefined) {
  const method = item.type === 'video' ? 'getvideo' : 'getphoto';
  const q = new URLSearchParams({ api: 'SYNO.PhotoStation.Download', method, version: '1', id: item.id });
  if (download) q.set('download', 'true');
  if (password !== undefined) q.set('password', password);
  return `${webapiUrl('download.php')}?${q}`;
}

const VIDEO = /\.(mpg|mpeg|avi|wmv|asf|mov|flv|f4v|3gp|3g2|mp4|m4v|qt|divx|xvid|dat|m2ts|m2t|mts)$/i;

/**
 * Uploads one file into the album at `destPath` (a path, SPEC §8), reporting progress 0..1.
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 * @param {File} file @param {string} destPath @param {(fraction: number) => void} onProgress
 * @returns {Promise<unknown>}
 */
export function upload(file, destPath, onProgress) {
  const method = VIDEO.test(file.name) ? 'uploadvideo' : 'uploadphoto';
  const form = new FormData();
  form.append('dest_folder_path', destPath);
  form.append('duplicate', 'rename');
  form.append('filename', file.name);
  form.append('mtime', String(file.lastModified));
  form.append('original', file, file.name);
  const q = new URLSearchParams({ api: Api.File, method, version: '1' });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${webapiUrl('file.php')}?${q}`);
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      const env = xhr.response;
      if (env && env.success) resolve(env.data);
      else reject(new ApiError(env?.error?.code ?? 100, Api.File, method));
    });
    xhr.addEventListener('error', () => reject(new ApiError(100, Api.File, method)));
    xhr.send(form);
  });
}
