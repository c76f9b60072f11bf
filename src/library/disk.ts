import { constants, lstatSync, readlinkSync } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { checkAlbumPath } from './ids.ts';

/** A path under the photo root that may not be used: it crosses a symlink or leaves the root. */
export class UnsafePathError extends Error {}

/**
 * Throws UnsafePathError when a folder on the way to `rel` (every segment but the last) is a
 * symlink. The last segment is left to the caller, whose rename(2), lstat or O_NOFOLLOW open acts
 * on it without following it; the kernel follows links only in the segments before. Checked
 * right before the disk step, so a folder swapped for a link after the request was planned (or
 * after a scan queued it) is caught. Synchronous on purpose: one lstat per segment costs a few
 * microseconds, less than one thread-pool round trip. A missing segment ends the check: the step
 * itself then fails with ENOENT.
 */
export function checkWaySync(root: string, rel: string): 'clear' | 'missing' {
  const way = wayTo(root, rel);
  if (way === 'link') throw new UnsafePathError(`A symlink is on the path: ${rel}`);
  return way;
}

/** Whether checkWaySync would refuse `rel`: a folder on the way to it is a symlink. */
export function linkOnTheWay(root: string, rel: string): boolean {
  return wayTo(root, rel) === 'link';
}

/**
 * What lies on the way to `rel` (every segment but the last): a symlink, only real folders, or a
 * segment that is missing (the check stops there).
 */
export function wayTo(root: string, rel: string): 'link' | 'clear' | 'missing' {
  const segments = rel.split('/');
  let current = root;
  for (let i = 0; i < segments.length - 1; i++) {
    current = path.join(current, segments[i] as string);
    const st = lstatSync(current, { throwIfNoEntry: false });
    if (!st) return 'missing';
    if (st.isSymbolicLink()) return 'link';
  }
  return 'clear';
}

/**
 * How every file under the photo root is opened for reading: never through a link in the last
 * component (O_NOFOLLOW), never waiting on a FIFO (O_NONBLOCK).
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Whether the open descriptor `fd` is the file at `real` (a path with no link in it). O_NOFOLLOW
 * guards the last component only: a folder on the way swapped for a link after it was checked
 * would lead the open elsewhere. Linux tells what a descriptor opened in /proc; where that cannot
 * be read, the check made before the open is all there is. Every read of a file under the root
 * (metadata, downloads, zips) opens with READ_FLAGS and then asks this.
 */
export function openedAt(fd: number, real: string): boolean {
  let actual: string;
  try {
    actual = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return true;
  }
  return actual === real;
}

/** A plain file under the root, open for reading, with what fstat said of it. */
export interface OpenFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * Maps relative library paths to the disk. Ids are already free of `..` and hidden segments
 * (ids.ts); this adds the other half of the guarantee: no component of the path may be a
 * symlink, so a link planted inside the photo root never leads a read, write, move or delete
 * outside it.
 */
export class Disk {
  readonly root: string;
  #realRoot: string | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a relative library path (checked syntactically, not on disk). */
  abs(rel: string): string {
    checkAlbumPath(rel);
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  async realRoot(): Promise<string> {
    this.#realRoot ??= await realpath(this.root);
    return this.#realRoot;
  }

  /**
   * Opens the plain file at `rel` for reading, symlink-safe: no folder on the way is a link
   * (checked before the open, and after it through /proc), the file itself is not one
   * (O_NOFOLLOW). Undefined when there is no such plain file reached that way: gone, a link, a
   * folder, a FIFO, unreadable. The caller closes the handle (a stream made from it does).
   */
  async openFile(rel: string): Promise<OpenFile | undefined> {
    const abs = this.abs(rel);
    if (rel === '' || linkOnTheWay(this.root, rel)) return undefined;
    const real = path.join(await this.realRoot(), ...rel.split('/'));
    let handle: FileHandle;
    try {
      handle = await open(abs, READ_FLAGS);
    } catch {
      return undefined;
    }
    try {
      if (openedAt(handle.fd, real)) {
        const st = await handle.stat();
        if (st.isFile()) return { handle, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      }
    } catch {
      // fstat failing on an open descriptor: treat as not there.
    }
    await handle.close();
    return undefined;
  }

  /**
   * Absolute path of `rel` after checking that no existing component is a symlink and that the
   * deepest existing one resolves inside the root. Components that do not exist yet are allowed
   * (a destination about to be created).
   */
  async safe(rel: string): Promise<string> {
    const abs = this.abs(rel);
    if (rel === '') return abs;
    let current = this.root;
    for (const segment of rel.split('/')) {
      current = path.join(current, segment);
      let st;
      try {
        st = await lstat(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return abs;
        throw err;
      }
      if (st.isSymbolicLink()) throw new UnsafePathError(`A symlink is on the path: ${rel}`);
    }
    let real: string;
    try {
      real = await realpath(abs);
    } catch (err) {
      // Removed since the walk above (a concurrent delete or move): as for a path that did not
      // exist yet, there is nothing on it that could lead out of the root.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return abs;
      throw err;
    }
    const root = await this.realRoot();
    if (real !== root && !real.startsWith(root + path.sep)) throw new UnsafePathError(`Outside the photo root: ${rel}`);
    return abs;
  }
}
