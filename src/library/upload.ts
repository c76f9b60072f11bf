import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, stat, utimes } from 'node:fs/promises';
import { copyFile, fsyncPath, link, mkdir, rename, unlink } from '../runtime/fsx.ts';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.ts';
import { logFailure } from '../log.ts';
import type { Reason } from '../errors.ts';
import type { AlbumRow } from './albums.ts';
import { UnsafePathError } from './disk.ts';
import { checkName, childPath, itemId } from './ids.ts';
import type { ItemRow } from './items.ts';
import type { Library } from './library.ts';
import type { ItemKind } from './media.ts';
import { readMetadataAndTags } from './metadata.ts';
import { onClash, renameCandidates } from '../ops/clash.ts';
import type { Entry, Strategy } from '../ops/clash.ts';
import { saveItem } from '../ops/trash-store.ts';
import type { TrashStore } from '../ops/trash-store.ts';

/** What to do when the name is taken at the destination (docs/protocol.md §7); uploads have no `ask`. */
export type Duplicate = Exclude<Strategy, 'ask'>;

/**
 * Why an upload could not be stored: `unsafe` (a symlink or the outside of the root on the way),
 * `no-folder` (the destination is not an album on disk and in the index), `occupied` (the name
 * is a folder or something else than a file, which an upload never replaces), `write` (the disk
 * refused), `denied` (overwrite met a file the caller may not replace).
 */
export type UploadFailure = 'unsafe' | 'no-folder' | 'occupied' | 'write' | 'denied';

/** The domain reason of each failure: what the API edge maps to a code (File: 516, 519, 522, 517). */
const reasonOf: Record<UploadFailure, Reason> = {
  unsafe: 'bad-input',
  'no-folder': 'not-found',
  occupied: 'exists',
  write: 'create-failed',
  denied: 'no-manage',
};

/** A DomainError like any other (the edge maps its reason); `kind` keeps the finer cause for messages. */
export class UploadError extends DomainError {
  readonly kind: UploadFailure;
  constructor(kind: UploadFailure, message: string, options?: ErrorOptions) {
    super(reasonOf[kind], message, undefined, options);
    this.name = 'UploadError';
    this.kind = kind;
  }
}

export interface UploadRequest {
  /** The received file, under the temporary folder. */
  tmpPath: string;
  /** Checked with checkName; its extension gives `kind`. */
  name: string;
  kind: ItemKind;
  duplicate: Duplicate;
  /**
   * Whether `overwrite` may replace an existing file. Replacing destroys an item, which takes
   * the manage right (docs/protocol.md §6), not only the upload right.
   */
  mayReplace: boolean;
  /** Where a replaced file goes (reason `overwrite`). */
  trash: TrashStore;
  /** File time to set, in ms; undefined keeps the time of writing. */
  mtimeMs?: number;
  /** From the form; an empty or missing one leaves the file's own (EXIF) text. */
  title?: string;
  description?: string;
}

export interface UploadResult {
  outcome: 'created' | 'renamed' | 'ignored' | 'replaced';
  /** Final file name in the album. */
  name: string;
  /** The index row; undefined only when an ignored upload met a file the index does not know yet. */
  item: ItemRow | undefined;
  /** For `replaced`: where the replaced file was put aside, and its former index row. */
  replaced?: { asidePath: string; row: ItemRow | undefined };
}

const STAGE_PREFIX = '.ps-upload-';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function safeDir(lib: Library, albumPath: string): Promise<string> {
  try {
    return await lib.disk.safe(albumPath);
  } catch (err) {
    if (err instanceof UnsafePathError) throw new UploadError('unsafe', err.message);
    throw err;
  }
}

/**
 * The album an upload goes to: it must be a folder on disk, reached without symlinks, and an
 * album in the index.
 */
export async function uploadDestination(lib: Library, albumPath: string): Promise<AlbumRow> {
  const dir = await safeDir(lib, albumPath);
  const st = await stat(dir).catch(() => undefined);
  const album = lib.albums.byPath(albumPath);
  if (!st?.isDirectory() || !album) throw new UploadError('no-folder', `No album folder \`${albumPath}\``);
  return album;
}

/** What is at a taken name, for the clash rule: anything but a file (a folder, a link) is never replaced. */
function entryOf(st: Stats): Entry {
  return st.isFile() ? 'file' : 'dir';
}

function occupied(name: string): UploadError {
  return new UploadError('occupied', `\`${name}\` is taken by something that is not a file`);
}

/**
 * Puts `staged` at `target` unless something is there already; answers false then. A hard link
 * is the atomic "create if absent" of the file system, so two uploads racing for one name never
 * overwrite each other. File systems without hard links fall back to check-then-rename.
 */
async function publishIfAbsent(staged: string, target: string): Promise<boolean> {
  try {
    await link(staged, target);
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    if (errno(err) !== 'EPERM' && errno(err) !== 'ENOTSUP' && errno(err) !== 'EOPNOTSUPP') throw err;
    if (await lstatOrUndefined(target)) return false;
    await rename(staged, target);
    return true;
  }
  try {
    await unlink(staged);
  } catch (err) {
    // Published but the hidden name stays: take the new name back, so a failure leaves nothing.
    await unlink(target).catch(() => {});
    throw err;
  }
  return true;
}

/**
 * Brings the received file into the destination folder under a hidden name: a rename when the
 * temporary folder is on the same file system, else a copy. Either way the file is whole before
 * it gets its visible name, so a cut upload or a crash never leaves a half photo in an album.
 */
async function stage(tmpPath: string, dir: string): Promise<string> {
  const staged = path.join(dir, `${STAGE_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    await rename(tmpPath, staged);
  } catch (err) {
    if (errno(err) !== 'EXDEV') throw err;
    try {
      await copyFile(tmpPath, staged, constants.COPYFILE_EXCL);
    } catch (copyErr) {
      // A full disk stops the copy half-way: the part written goes, not only the name.
      if (errno(copyErr) !== 'EEXIST') await unlink(staged).catch(() => {});
      throw copyErr;
    }
  }
  return staged;
}

/**
 * Moves the bytes of a file about to be replaced into the trash and records the entry (reason
 * `overwrite`) before the replacing rename, without ever removing the name from the album: a
 * hard link when possible, else a copy. A crash after this leaves the original in place and a
 * copy in the trash, never a loss. Answers the stored name, for `forget` if the replace fails.
 */
async function putAside(lib: Library, trash: TrashStore, album: AlbumRow, target: string, name: string, kind: ItemKind): Promise<string> {
  await mkdir(trash.dir, { recursive: true });
  const stored = trash.storedName(name);
  const aside = trash.abs(stored);
  try {
    await link(target, aside);
  } catch (err) {
    if (errno(err) !== 'EXDEV' && errno(err) !== 'EPERM' && errno(err) !== 'ENOTSUP' && errno(err) !== 'EOPNOTSUPP') throw err;
    await copyFile(target, aside, constants.COPYFILE_EXCL);
  }
  const previous = lib.items.get(album.id, name);
  trash.add(kind, childPath(album.path, name), stored, 'overwrite', lib.config.now(), {
    item: previous ? saveItem(previous) : null,
    extras: previous ? lib.extras.save(previous.id) : undefined,
  });
  return stored;
}

/**
 * Stores an uploaded file in `album` under `req.name`, following `req.duplicate`, and indexes it
 * with the file's metadata. The caller has checked the name, the kind and the rights. On any
 * failure nothing is left under the photo root and the index is unchanged.
 */
export async function storeUpload(lib: Library, album: AlbumRow, req: UploadRequest): Promise<UploadResult> {
  const dir = await safeDir(lib, album.path);
  const target = path.join(dir, req.name);
  if (req.duplicate === 'ignore') {
    const existing = await lstatOrUndefined(target);
    if (existing && onClash(req.duplicate, entryOf(existing), 'file', false) === 'skip') {
      if (!existing.isFile()) throw occupied(req.name);
      // Nothing is written: the received file stays in the temporary folder, removed after the call.
      return { outcome: 'ignored', name: req.name, item: lib.items.get(album.id, req.name) };
    }
  }

  let staged: string | undefined;
  try {
    staged = await stage(req.tmpPath, dir);
    if (req.mtimeMs !== undefined) await utimes(staged, new Date(lib.config.now()), new Date(req.mtimeMs));
    // Its bytes reach the disk before it gets a visible name (SPEC §20: success survives a power cut).
    if (lib.config.flush) await fsyncPath(staged);
    const st = await stat(staged);
    const { meta, tags } = await readMetadataAndTags(staged, req.kind, st.mtimeMs);

    let outcome: UploadResult['outcome'] = 'created';
    let name = req.name;
    let aside: string | undefined;
    let stored: string | undefined;
    if (req.duplicate === 'overwrite') {
      if (!(await publishIfAbsent(staged, target))) {
        if (onClash(req.duplicate, entryOf(await lstat(target)), 'file', false) !== 'replace') throw occupied(name);
        if (!req.mayReplace) throw new UploadError('denied', `Replacing \`${name}\` takes the manage right`);
        stored = await putAside(lib, req.trash, album, target, name, req.kind);
        aside = req.trash.abs(stored);
        try {
          // rename(2) replaces atomically: the name never stops naming a whole file.
          await rename(staged, target);
        } catch (err) {
          await unlink(aside).catch(logFailure(lib.config.log, 'could not remove a file set aside for an overwrite', { path: aside }));
          req.trash.forget(stored);
          throw err;
        }
        outcome = 'replaced';
      }
    } else {
      // The names to try, in order; the file system says which is free (see publishIfAbsent).
      const candidates = renameCandidates(req.name, true);
      while (!(await publishIfAbsent(staged, path.join(dir, name)))) {
        // `ignore` lost a race for the name: the other upload keeps it.
        if (req.duplicate === 'ignore') {
          await unlink(staged);
          return { outcome: 'ignored', name, item: lib.items.get(album.id, name) };
        }
        const next = candidates.next();
        if (next.done) throw new UploadError('write', `No free name for \`${req.name}\``);
        name = next.value;
        checkName(name);
        outcome = 'renamed';
      }
    }
    staged = undefined;

    const { db, items } = lib;
    const record = db.transaction(() => {
      // The disk is the truth: a row left for a file that is gone (or just replaced) gives way.
      const previous = items.get(album.id, name);
      if (previous) items.delete(previous.id);
      const item = items.insert({
        album_id: album.id,
        name,
        kind: req.kind,
        size: st.size,
        mtime: Math.round(st.mtimeMs),
        created_at: lib.config.now(),
        ...meta,
        title: req.title || meta.title,
        description: req.description || meta.description,
      });
      if (tags) lib.tags.fromFile(item.id, tags, lib.config.now());
      lib.changes.record(previous ? 'UPDATE' : 'CREATE', req.kind, itemId(album.path, name, req.kind), previous ? { reason: 'overwrite' } : undefined);
      return { item, previous };
    });
    let recorded: ReturnType<typeof record>;
    try {
      // The new name (and a replaced file's place in the trash) flushed before the row commits:
      // a failure here takes the file back out like a failed commit.
      if (lib.config.flush) {
        await fsyncPath(dir);
        if (aside !== undefined) await fsyncPath(req.trash.dir);
      }
      recorded = record();
    } catch (err) {
      // Keep disk and index equal: take the file back out (or the replaced one back in).
      const final = path.join(dir, name);
      if (aside !== undefined) {
        await rename(aside, final)
          .catch(() => copyFile(aside as string, final))
          .catch(logFailure(lib.config.log, 'could not put back a replaced file', { path: final }));
        if (stored !== undefined) req.trash.forget(stored);
      } else await unlink(final).catch(logFailure(lib.config.log, 'could not remove an upload whose row failed', { path: final }));
      throw err;
    }
    // Its row survives a power cut before success is answered; the row and file stand either way.
    await lib.flushIndex().catch(logFailure(lib.config.log, 'could not flush the index log after an upload'));
    const { item, previous } = recorded;
    return { outcome, name, item, ...(aside !== undefined ? { replaced: { asidePath: aside, row: previous } } : {}) };
  } catch (err) {
    if (staged !== undefined) await unlink(staged).catch(logFailure(lib.config.log, 'could not remove a staged upload', { path: staged }));
    if (err instanceof UploadError) throw err;
    throw new UploadError('write', `Could not store the upload: ${(err as Error).message}`, { cause: err });
  }
}
