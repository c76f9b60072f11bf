import { close, open } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay, openedAt, READ_FLAGS } from './disk.ts';
import type { Disk } from './disk.ts';

// Descriptors opened with disk.ts's READ_FLAGS, through the callback forms of open/close: a FileHandle costs more main-thread time than the read of a
// small file itself (about a fifth of the metadata pass).
export function openFd(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, READ_FLAGS, (err, fd) => (err ? reject(err) : resolve(fd))));
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => close(fd, () => resolve()));
}

// The one rule for what a descriptor opened (disk.ts), re-exported for the readers that open here.
export { openedAt };

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
