import { lstat } from 'node:fs/promises';
import { fsyncPath, mkdir, rename, rmdir } from '../runtime/fsx.ts';
import { dirname } from 'node:path';
import { hashPassword } from '../auth/password.ts';
import type { AlbumType } from '../config.ts';
import { DomainError } from '../errors.ts';
import { logFailure } from '../log.ts';
import type { Reason } from '../errors.ts';
import { UnsafePathError } from './disk.ts';
import type { AlbumRow } from './albums.ts';
import { albumId, checkAlbumPath, checkName, childPath, decoded } from './ids.ts';
import type { Library } from './library.ts';

export interface AlbumSettings {
  title?: string;
  description?: string;
  type?: AlbumType;
  password?: string;
  sort_by?: string;
  sort_direction?: string;
  /** Lets whoever may browse the album's items comment on them (SPEC §15). */
  allow_comment?: boolean;
}

/** Refuses (`bad-input`) unless `name` can be an album under `parent` (docs/protocol.md §4 rules for ids). */
function checkNewName(parent: AlbumRow, name: string): string {
  const path = childPath(parent.path, name);
  decoded('Bad album name', () => {
    checkName(name);
    checkAlbumPath(path);
  });
  return path;
}

async function existsOnDisk(abs: string): Promise<boolean> {
  try {
    await lstat(abs);
    return true;
  } catch {
    return false;
  }
}

/** Refuses with `reason` when `path` is a symlink or one is on the way to it. */
async function safeOr(library: Library, path: string, reason: Reason): Promise<void> {
  try {
    await library.disk.safe(path);
  } catch (err) {
    if (err instanceof UnsafePathError) throw new DomainError(reason, err.message);
    throw err;
  }
}

/** A name is taken by an album, an item or any file on disk (hidden or not indexed). */
async function nameTaken(library: Library, parent: AlbumRow, name: string, path: string): Promise<boolean> {
  return library.albums.byPath(path) !== undefined || library.items.get(parent.id, name) !== undefined || (await existsOnDisk(library.disk.abs(path)));
}

/** Privacy type and password columns for an album at `depth`; deeper than 2 inherits (docs/protocol.md §6). */
async function privacy(depth: number, settings: AlbumSettings, current: AlbumRow | undefined): Promise<Partial<Pick<AlbumRow, 'type' | 'password'>>> {
  if (depth > 2) return {};
  const out: Partial<Pick<AlbumRow, 'type' | 'password'>> = {};
  if (settings.type !== undefined) out.type = settings.type;
  if (settings.password !== undefined && settings.password !== '') out.password = await hashPassword(settings.password);
  const type = out.type ?? current?.type;
  if (type === 'password' && !(out.password ?? current?.password)) throw new DomainError('bad-input', 'A password album needs a password');
  return out;
}

function plainSettings(s: AlbumSettings): Partial<Pick<AlbumRow, 'title' | 'description' | 'sort_by' | 'sort_direction' | 'allow_comment'>> {
  const out: Partial<Pick<AlbumRow, 'title' | 'description' | 'sort_by' | 'sort_direction' | 'allow_comment'>> = {};
  if (s.allow_comment !== undefined) out.allow_comment = s.allow_comment ? 1 : 0;
  if (s.title !== undefined) out.title = s.title;
  if (s.description !== undefined) out.description = s.description;
  if (s.sort_by !== undefined) out.sort_by = s.sort_by;
  if (s.sort_direction !== undefined) out.sort_direction = s.sort_direction;
  return out;
}

/**
 * Album.create: a real folder, then its row. New top-level albums get the configured default type
 * unless one is given. A folder whose row cannot be written is removed again.
 */
export async function createAlbum(library: Library, parent: AlbumRow, settings: AlbumSettings & { name: string }): Promise<AlbumRow> {
  const path = checkNewName(parent, settings.name);
  // Before looking for the name: behind a link, whether it exists is none of the client's business.
  await safeOr(library, parent.path, 'create-failed');
  if (await nameTaken(library, parent, settings.name, path)) throw new DomainError('exists', 'The name exists');
  const depth = parent.depth + 1;
  const secret = await privacy(depth, { ...settings, type: settings.type ?? (depth === 1 ? library.config.defaultAlbumType : undefined) }, undefined);
  let abs: string;
  try {
    abs = await library.disk.safe(path);
    await mkdir(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new DomainError('exists', 'The name exists');
    throw new DomainError('create-failed', `mkdir failed: ${(err as Error).message}`);
  }
  let created: AlbumRow;
  try {
    // The row right after the mkdir, in the same turn of the event loop: a scan batch between
    // the two would index the new folder itself, and this insert would then fail.
    const now = library.config.now();
    created = library.db.transaction(() => {
      const row = library.albums.insert(parent, settings.name, now, secret.type ?? null, now);
      // Without its own choice a new album takes the site's comment setting, as clients that comment
      // right after creating an album (python-photostation) expect.
      const own = { ...settings, allow_comment: settings.allow_comment ?? library.config.site.allowComment };
      library.albums.update(row.id, { ...plainSettings(own), ...(secret.password ? { password: secret.password } : {}) });
      library.changes.record('CREATE', 'album', albumId(row.path));
      return library.albums.byId(row.id) as AlbumRow;
    })();
  } catch (err) {
    await rmdir(abs).catch(logFailure(library.config.log, 'could not remove the folder of an album whose row failed', { path }));
    throw new DomainError('create-failed', `Could not record the album: ${(err as Error).message}`);
  }
  // The new folder's entry survives a power cut before the album is answered (SPEC §20).
  if (library.config.flush) await fsyncPath(dirname(abs)).catch(logFailure(library.config.log, 'could not flush a new album folder; a power cut may lose it', { path }));
  return created;
}

/**
 * Album.edit: settings, and with `name` a rename of the folder (one rename(2), then the album rows
 * of the subtree: item rows are untouched, see albums.ts).
 */
export async function editAlbum(library: Library, album: AlbumRow, settings: AlbumSettings & { name?: string }): Promise<AlbumRow> {
  const secret = await privacy(album.depth, settings, album);
  const fields = { ...plainSettings(settings), ...secret };
  const renaming = settings.name !== undefined && settings.name !== album.name;
  if (!renaming) {
    library.db.transaction(() => {
      library.albums.update(album.id, fields);
      library.changes.record('UPDATE', 'album', albumId(album.path));
    })();
    return library.albums.byId(album.id) as AlbumRow;
  }
  const name = settings.name as string;
  const parent = library.albums.byId(album.parent_id as number) as AlbumRow;
  const newPath = checkNewName(parent, name);
  await safeOr(library, parent.path, 'edit-failed');
  if (await nameTaken(library, parent, name, newPath)) throw new DomainError('exists', 'The name exists');
  try {
    const from = await library.disk.safe(album.path);
    const to = await library.disk.safe(newPath);
    await rename(from, to);
    if (library.config.flush)
      await fsyncPath(dirname(to)).catch(logFailure(library.config.log, 'could not flush a renamed album folder; a power cut may undo the rename', { path: newPath }));
  } catch (err) {
    throw new DomainError('edit-failed', `rename failed: ${(err as Error).message}`);
  }
  return library.db.transaction(() => {
    const moved = library.albums.move(album, parent, name);
    library.albums.update(moved.id, fields);
    library.changes.record('MOVE', 'album', albumId(moved.path), { from: albumId(album.path), to: albumId(moved.path) });
    return library.albums.byId(moved.id) as AlbumRow;
  })();
}
