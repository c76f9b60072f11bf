import { lstatSync, readdirSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { linkOnTheWay } from './disk.ts';
import { checkName, MAX_PATH_BYTES } from './ids.ts';
import { kindOf } from './media.ts';

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
   * size -1 for one that is no plain file any more.
   */
  photoStats?: Float64Array;
  videoStats?: Float64Array;
}

const NOTHING: FolderListing = { ok: false, dirs: [], photos: '[]', videos: '[]', photoCount: 0, videoCount: 0 };

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

/** `lstat`, or nothing when the path is gone or cannot be (a folder on its way became a file, say). */
function lstatOrNone(p: string): Stats | undefined {
  try {
    return lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Size and mtime of each of `names` in `abs`, in pairs; -1 for one that is no plain file. The
 * names are single checked segments, so a plain concatenation makes the path (path.join's
 * normalising was a quarter of a rescan's stat time).
 */
function statFiles(abs: string, names: string[]): Float64Array {
  const out = new Float64Array(names.length * 2);
  names.forEach((name, i) => {
    const st = lstatOrNone(`${abs}/${name}`);
    out[2 * i] = st?.isFile() ? st.size : -1;
    out[2 * i + 1] = st ? Math.trunc(st.mtimeMs) : 0;
  });
  return out;
}

/**
 * Lists the folder at `rel` below `root` (`''`: the root itself) from its directory entries,
 * with a stat per file only when `stat` asks for one (a folder the index knows). Symlinks are never followed: the folder is refused when it, or a
 * folder above it, has become a link (readdir would follow one), and an entry that is a link is
 * neither a folder nor a file.
 */
export function readFolder(root: string, rel: string, stat = false): FolderListing {
  const abs = rel === '' ? root : path.join(root, ...rel.split('/'));
  if (rel !== '' && !lstatOrNone(abs)?.isDirectory()) return NOTHING;
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
  for (const entry of entries) {
    if (!usable(parentBytes, entry.name)) continue;
    if (entry.isDirectory()) {
      // Its mtime becomes the album's; and a folder replaced by a link since readdir is skipped.
      const st = lstatOrNone(`${abs}/${entry.name}`);
      if (st?.isDirectory()) dirs.push([entry.name, Math.trunc(st.mtimeMs)]);
    } else if (entry.isFile()) {
      const kind = kindOf(entry.name);
      if (kind === 'photo') photos.push(entry.name);
      else if (kind === 'video') videos.push(entry.name);
    }
  }
  // In name order, so new rows extend the (album_id, name) index at its end instead of all over it.
  photos.sort();
  videos.sort();
  const listing: FolderListing = { ok: true, dirs, photos: JSON.stringify(photos), videos: JSON.stringify(videos), photoCount: photos.length, videoCount: videos.length };
  if (stat) {
    listing.photoStats = statFiles(abs, photos);
    listing.videoStats = statFiles(abs, videos);
  }
  return listing;
}
