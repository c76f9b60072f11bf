import { lstatSync, readdirSync, statSync } from 'node:fs';
import type { BigIntStats, Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay } from './disk.ts';
import { checkName, MAX_PATH_BYTES } from './ids.ts';
import { kindOf } from './media.ts';
import { isTemporaryName } from '../runtime/litter.ts';

/**
 * One folder as the structural pass of a scan sees it: what `find` would list, restricted to
 * the names the index can hold. It is plain data, so the reading thread (folder-queue.ts) can
 * hand it over; the scan reads a folder itself when no listing is ready.
 */
export interface FolderListing {
  /** False when the folder is gone, is no folder, or a link is on its way: nothing in it is read. */
  ok: boolean;
  /** Sub-folders, each with its mtime (ms); a link is never one. */
  dirs: Array<[name: string, mtime: number]>;
  /** Photos and videos: plain files, as JSON arrays in name order, ready to bind to an insert. */
  photos: string;
  videos: string;
  photoCount: number;
  videoCount: number;
  /**
   * With `stat`: size and mtime (ms) of each photo and video, in pairs in the order of the names;
   * size GONE for one that is no plain file any more, UNKNOWN for one that could not be stat'ed.
   */
  photoStats?: Float64Array;
  videoStats?: Float64Array;
  /** Units' hidden temporaries found in the folder (runtime/litter.ts), when there are any. */
  litter?: string[];
  /** The folder itself when it was read (device, inode, ctime in ns): see `stillCurrent`. */
  stamp: string;
  /** When it was read, and when the folder last changed before that (ms). */
  listedAt: number;
  changedAt: number;
}

/** A file's size in a listing's stats when it is gone or no plain file: its row goes. */
export const GONE = -1;
/** A file's size in a listing's stats when it could not be stat'ed (permissions, I/O): its row stays as it is. */
export const UNKNOWN = -2;

/**
 * How long a folder must have been unchanged before it was read for its listing to be trusted
 * later: file times come from a coarse clock (a few ms a tick), so a change in the same tick as
 * the read could leave the ctime as it was.
 */
const SETTLED_MS = 25;

const NOTHING: FolderListing = { ok: false, dirs: [], photos: '[]', videos: '[]', photoCount: 0, videoCount: 0, stamp: '', listedAt: 0, changedAt: 0 };

/**
 * What an `lstat` (`stat` for the root, which may be a link) found: the entry; `'gone'` when it
 * is not there (ENOENT, or ENOTDIR: a folder on its way became a file); `'unknown'` for any other
 * error (permissions, I/O), where nothing may be concluded about it.
 */
function found<T extends Stats | BigIntStats>(look: () => T | undefined): T | 'gone' | 'unknown' {
  try {
    return look() ?? 'gone';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'gone' : 'unknown';
  }
}

const lstatFound = (p: string) => found(() => lstatSync(p, { throwIfNoEntry: false }));

/** The folder's identity and last change, or undefined when it is gone, no folder, or cannot be told. */
function folderStamp(abs: string, isRoot: boolean): { stamp: string; changedAt: number } | undefined {
  const st = found(() => (isRoot ? statSync(abs, { bigint: true, throwIfNoEntry: false }) : lstatSync(abs, { bigint: true, throwIfNoEntry: false })));
  if (typeof st === 'string' || !st.isDirectory()) return undefined;
  return { stamp: `${st.dev}:${st.ino}:${st.ctimeNs}`, changedAt: Number(st.ctimeMs) };
}

/**
 * Whether a listing read a moment ago still shows the folder at `rel`: the same folder, with no
 * entry added, removed or renamed since (any of which changes its ctime), and it had been still
 * for SETTLED_MS when it was read. Requests change folders between the scan's batches (uploads,
 * album create, rename, move, delete): a listing read before such a change must not undo it.
 */
export function stillCurrent(listing: FolderListing, root: string, rel: string): boolean {
  if (!listing.ok || listing.listedAt - listing.changedAt < SETTLED_MS) return false;
  return folderStamp(absOf(root, rel), rel === '')?.stamp === listing.stamp;
}

function absOf(root: string, rel: string): string {
  return rel === '' ? root : path.join(root, ...rel.split('/'));
}

/**
 * A name the index can hold below a folder whose path is `parentBytes` long: visible,
 * addressable by an id, valid UTF-8 on disk. The parent's own path was checked when it was added.
 */
function usable(parentBytes: number, name: string): boolean {
  // readdir decodes invalid UTF-8 as U+FFFD; such a name would not map back to the file.
  if (name.includes('\uFFFD')) return false;
  try {
    checkName(name);
  } catch {
    return false;
  }
  return parentBytes + 1 + Buffer.byteLength(name, 'utf8') <= MAX_PATH_BYTES;
}

/** Size and mtime (ms) of a file; size GONE when it is no plain file, UNKNOWN when that cannot be told. */
export function fileFacts(abs: string): [size: number, mtime: number] {
  const st = lstatFound(abs);
  if (st === 'unknown') return [UNKNOWN, 0];
  return st !== 'gone' && st.isFile() ? [st.size, Math.trunc(st.mtimeMs)] : [GONE, 0];
}

/**
 * `fileFacts` of each of `names` in `abs`, in pairs. The names are single checked segments, so a
 * plain concatenation makes the path (path.join's normalising was a quarter of a rescan's stat time).
 */
function statFiles(abs: string, names: string[]): Float64Array {
  const out = new Float64Array(names.length * 2);
  names.forEach((name, i) => {
    const [size, mtime] = fileFacts(`${abs}/${name}`);
    out[2 * i] = size;
    out[2 * i + 1] = mtime;
  });
  return out;
}

/**
 * Lists the folder at `rel` below `root` (`''`: the root itself) from its directory entries,
 * with a stat per file only when `stat` asks for one (a folder the index knows). Symlinks are
 * never followed: the folder is refused when it, or a folder above it, has become a link (readdir
 * would follow one), and an entry that is a link is neither a folder nor a file. A folder that is
 * gone or cannot be read is refused too: its album and rows stay as they are.
 */
export function readFolder(root: string, rel: string, stat = false): FolderListing {
  const abs = absOf(root, rel);
  // Before the folder's own stat: a change in the same clock tick as that stat must not pass as settled.
  const listedAt = Date.now();
  const self = folderStamp(abs, rel === '');
  if (!self) return NOTHING;
  try {
    if (rel !== '' && linkOnTheWay(root, rel)) return NOTHING;
  } catch {
    return NOTHING;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return NOTHING;
  }
  const parentBytes = rel === '' ? -1 : Buffer.byteLength(rel, 'utf8');
  const dirs: FolderListing['dirs'] = [];
  const photos: string[] = [];
  const videos: string[] = [];
  const litter: string[] = [];
  for (const entry of entries) {
    if (isTemporaryName(entry.name)) litter.push(entry.name);
    if (!usable(parentBytes, entry.name)) continue;
    if (entry.isDirectory()) {
      // Its mtime becomes a new album's; a folder gone or replaced by a link since readdir is
      // skipped (its album goes); one that cannot be stat'ed is kept as readdir saw it.
      const st = lstatFound(`${abs}/${entry.name}`);
      if (st === 'unknown') dirs.push([entry.name, 0]);
      else if (st !== 'gone' && st.isDirectory()) dirs.push([entry.name, Math.trunc(st.mtimeMs)]);
    } else if (entry.isFile()) {
      const kind = kindOf(entry.name);
      if (kind === 'photo') photos.push(entry.name);
      else if (kind === 'video') videos.push(entry.name);
    }
  }
  // In name order, so new rows extend the (album_id, name) index at its end instead of all over it.
  photos.sort();
  videos.sort();
  const listing: FolderListing = {
    ok: true,
    dirs,
    photos: JSON.stringify(photos),
    videos: JSON.stringify(videos),
    photoCount: photos.length,
    videoCount: videos.length,
    stamp: self.stamp,
    listedAt,
    changedAt: self.changedAt,
  };
  if (litter.length > 0) listing.litter = litter;
  if (stat) {
    listing.photoStats = statFiles(abs, photos);
    listing.videoStats = statFiles(abs, videos);
  }
  return listing;
}
