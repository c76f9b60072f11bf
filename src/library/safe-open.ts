import { close, constants, open, readlinkSync } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay } from './disk.ts';
import type { Disk } from './disk.ts';

/**
 * How every read of a file under the photo root opens it (metadata, thumbnails, video probes):
 * never following a link planted since the scan saw the file; never waiting on a FIFO.
 */
export const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

// The callback forms of open/close: a FileHandle costs more main-thread time than the read of a
// small file itself (about a fifth of the metadata pass).
export function openFd(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, OPEN_FLAGS, (err, fd) => (err ? reject(err) : resolve(fd))));
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => close(fd, () => resolve()));
}

/**
 * Whether the open descriptor `fd` is the file at `real` (a path with no link in it). O_NOFOLLOW
 * guards the last component only: a folder on the way swapped for a link after the scan checked
 * it would lead the open elsewhere. Linux tells what a descriptor opened in /proc; where that
 * cannot be read, the check made before the open is all there is.
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

/**
 * Opens the file `name` in the album at `albumPath` for reading, only if it is reached without
 * any link: none on the way (checked before), none as the file (O_NOFOLLOW), and the descriptor
 * is the file at its real place (checked after, against a swap in between). Undefined when it is
 * gone, a link, or elsewhere. The caller closes the descriptor.
 */
export async function openItemFile(disk: Disk, albumPath: string, name: string): Promise<number | undefined> {
  const rel = albumPath === '' ? name : `${albumPath}/${name}`;
  try {
    if (linkOnTheWay(disk.root, rel)) return undefined;
  } catch {
    return undefined; // a folder on the way became a file (ENOTDIR)
  }
  let fd: number;
  try {
    fd = await openFd(disk.abs(rel));
  } catch {
    return undefined;
  }
  if (!openedAt(fd, path.join(await disk.realRoot(), ...rel.split('/')))) {
    await closeFd(fd);
    return undefined;
  }
  return fd;
}
