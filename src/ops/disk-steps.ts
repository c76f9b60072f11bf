import { constants, lstatSync } from 'node:fs';
import { copyFile, lstat, mkdir, rename, rm, rmdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { checkWaySync } from '../library/disk.ts';
import { parentPath } from '../library/ids.ts';
import { moveAcross } from './fsmove.ts';
import { tmpName } from './unit.ts';
import type { Unit } from './unit.ts';

/**
 * Whether anything is at `p`, checked right before the rename that would replace it. Synchronous
 * on purpose: a lookup that finds nothing costs a few microseconds in the kernel, far less than a
 * thread-pool round trip and an ENOENT error object; a batch of 200 blocks for about a millisecond.
 */
async function exists(p: string): Promise<boolean> {
  return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function clash(p: string): Error {
  return Object.assign(new Error(`Destination exists: ${path.basename(p)}`), { code: 'EEXIST' });
}

/**
 * The disk half of each unit. Every step ends with one rename(2) that makes it visible, so the
 * disk is always either before or after the unit (plus at most a hidden temporary file).
 * Paths here were decoded from ids or built from decoded names, so they stay under the root;
 * each step first checks that no folder on the way is a symlink (a sub-album swapped for a link
 * after the operation was planned would otherwise lead a rename or a copy outside the root).
 */
export class DiskSteps {
  readonly #root: string;
  readonly #trash: string;

  constructor(photoRoot: string, trashDir: string) {
    this.#root = photoRoot;
    this.#trash = trashDir;
  }

  abs(rel: string): string {
    return rel === '' ? this.#root : path.join(this.#root, ...rel.split('/'));
  }

  trashAbs(stored: string): string {
    return path.join(this.#trash, stored);
  }

  tmpAbs(u: Unit, journalId: number): string {
    return path.join(this.abs(parentPath(u.dst)), tmpName(journalId));
  }

  /**
   * An overwrite: the file at `u.dst` goes to the trash, then `put` brings the new one. When
   * `put` fails the old file is put back, so a failed unit leaves the disk as it was (its intent
   * is dropped with it, and nothing would otherwise name the displaced file).
   */
  async #replace(u: Unit, put: () => Promise<void>): Promise<void> {
    const old = this.trashAbs(u.trash as string);
    await moveAcross(this.abs(u.dst), old);
    try {
      await put();
    } catch (err) {
      await moveAcross(old, this.abs(u.dst)).catch(() => {});
      throw err;
    }
  }

  /** Runs the disk step; answers whether an `album-drop` went to the trash. */
  async run(u: Unit, journalId: number): Promise<boolean> {
    if (u.kind !== 'restore') checkWaySync(this.#root, u.src);
    if (u.kind === 'item-move' || u.kind === 'item-copy' || u.kind === 'album-move' || u.kind === 'restore') checkWaySync(this.#root, u.dst);
    const src = u.kind === 'restore' ? this.trashAbs(u.src) : this.abs(u.src);
    switch (u.kind) {
      case 'item-move': {
        // A symlink planted in the library is moved as a link, never followed.
        if (!u.trash) {
          if (await exists(this.abs(u.dst))) throw clash(u.dst);
          await rename(src, this.abs(u.dst));
          return false;
        }
        await lstat(src); // a missing source fails the unit before anything is displaced
        await this.#replace(u, () => rename(src, this.abs(u.dst)));
        return false;
      }
      case 'item-copy': {
        const st = await lstat(src);
        if (!st.isFile()) throw new Error('Only regular files are copied');
        const tmp = this.tmpAbs(u, journalId);
        try {
          await copyFile(src, tmp, constants.COPYFILE_EXCL);
          await utimes(tmp, st.atime, st.mtime);
          if (u.trash) await this.#replace(u, () => rename(tmp, this.abs(u.dst)));
          else if (await exists(this.abs(u.dst))) throw clash(u.dst);
          else await rename(tmp, this.abs(u.dst));
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
        return false;
      }
      case 'item-trash':
      case 'album-trash':
        await moveAcross(src, this.trashAbs(u.dst));
        return false;
      case 'album-move': {
        // rename(2) would silently replace an empty folder: check first.
        if (await exists(this.abs(u.dst))) throw clash(u.dst);
        await rename(src, this.abs(u.dst));
        return false;
      }
      case 'album-drop':
        try {
          await rmdir(src);
          return false;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          // Files that are not items (sidecars, hidden files) stay recoverable.
          await moveAcross(src, this.trashAbs(u.dst));
          return true;
        }
      case 'restore': {
        await mkdir(path.dirname(this.abs(u.dst)), { recursive: true });
        await stat(src);
        if (u.trash) await this.#replace(u, () => moveAcross(src, this.abs(u.dst)));
        else if (await exists(this.abs(u.dst))) throw clash(u.dst);
        else await moveAcross(src, this.abs(u.dst));
        return false;
      }
    }
  }
}
