/**
 * The photo tree of bench/million.ts: `items` small real JPEGs in about items / 100 albums, some
 * nested two and three deep, and one album much larger than the rest (the listing and move
 * figures). Each file is the 717-byte test fixture (test/fixtures/exif.jpg) with its EXIF dates
 * rewritten, one minute apart from file to file: every file differs (content keys, hashes) and
 * the taken dates are spread, so sorting by date has work to do.
 *
 * The layout is a pure function of `items`, so the benchmark can name any item's id without
 * listing anything: `layout(items)` gives the albums and how many files each holds, file `i` of
 * an album is `img<i, 5 digits>.jpg`, and item `k` (counting across albums in layout order) has
 * taken date BASE + k minutes.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE = readFileSync(path.join(here, '..', 'test', 'fixtures', 'exif.jpg'));
const DATE = Buffer.from('2007:05:12 10:30:45', 'latin1');
/** Where the template holds an EXIF date (DateTime, DateTimeOriginal...): each is rewritten. */
const DATE_AT: number[] = [];
for (let at = TEMPLATE.indexOf(DATE); at >= 0; at = TEMPLATE.indexOf(DATE, at + 1)) DATE_AT.push(at);
if (DATE_AT.length === 0) throw new Error('the fixture has no EXIF date to vary');
const BASE = Date.UTC(2000, 0, 1);
export const PER_ALBUM = 100;
export const BIG = 'Big';
/** An empty album the big one is moved into and back out of. */
export const DEST = 'Dest';

export interface TreeAlbum {
  path: string;
  files: number;
}

/** The big album's size: 20 000 items, or a fifth of a smaller library. */
export function bigSize(items: number): number {
  return Math.min(20_000, Math.floor(items / 5));
}

/**
 * The albums holding files, in the order their items are counted. Albums of PER_ALBUM files, ten
 * to a group: a group in three is top-level (`T…`), one in three under a folder (`G…/A…`), one in
 * three two folders down (`G…/S…/A…`). The big album first.
 */
export function layout(items: number): TreeAlbum[] {
  const big = bigSize(items);
  const out: TreeAlbum[] = [{ path: BIG, files: big }];
  let left = items - big;
  for (let a = 0; left > 0; a++) {
    const files = Math.min(PER_ALBUM, left);
    left -= files;
    const g = Math.floor(a / 10);
    const name = String(a).padStart(5, '0');
    const group = String(g).padStart(4, '0');
    const p = g % 3 === 0 ? `T${name}` : g % 3 === 1 ? `G${group}/A${name}` : `G${group}/S${a % 2}/A${name}`;
    out.push({ path: p, files });
  }
  return out;
}

export function fileName(i: number): string {
  return `img${String(i).padStart(5, '0')}.jpg`;
}

/** `YYYY:MM:DD HH:MM:SS` of item `k`, the EXIF form (same length as the template's). */
function exifDate(k: number): string {
  return new Date(BASE + k * 60_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
}

/**
 * Writes the tree under `root` (removed first). Synchronous on purpose: it runs before anything
 * is measured, and one buffer is patched and written per file. Returns files written and seconds.
 *
 * With `variants` (> 0), only that many distinct files are written, into `templates` (a folder
 * outside the photo root, on the same file system), and item `k` is a hard link to variant
 * `k % variants`: one link(2) per item instead of a create, a write and a close, which on a
 * loaded machine was the difference between 5 and 20 minutes for a million. Every name is still
 * its own directory entry (what the structural pass reads); the metadata pass reads the same
 * bytes as before, from fewer inodes (all of them in the page cache either way), and the taken
 * dates repeat every `variants` items.
 */
export function writeTree(
  root: string,
  items: number,
  progress: (done: number) => void = () => {},
  variants = 0,
  templates = '',
): { files: number; albums: number; seconds: number } {
  const started = performance.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, DEST), { recursive: true });
  const buf = Buffer.from(TEMPLATE);
  const patched = (k: number) => {
    const date = exifDate(k);
    for (const at of DATE_AT) buf.write(date, at, 'latin1');
    return buf;
  };
  if (variants > 0) {
    mkdirSync(templates, { recursive: true });
    for (let v = 0; v < variants; v++) writeFileSync(path.join(templates, `v${v}.jpg`), patched(v));
  }
  let k = 0;
  const albums = layout(items);
  for (const album of albums) {
    const dir = path.join(root, album.path);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < album.files; i++, k++) {
      if (variants > 0) linkSync(path.join(templates, `v${k % variants}.jpg`), `${dir}/${fileName(i)}`);
      else writeFileSync(`${dir}/${fileName(i)}`, patched(k));
      if (k % 50_000 === 0) progress(k);
    }
  }
  return { files: k, albums: albums.length, seconds: (performance.now() - started) / 1000 };
}
