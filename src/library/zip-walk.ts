import type { User } from '../auth/users.ts';
import type { AlbumRow } from './albums.ts';
import type { ItemRow } from './items.ts';
import type { Library } from './library.ts';
import { isHiddenName } from './media.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/** One entry of a download archive: a folder, or a file read from `rel` under the photo root. */
export type ZipEntry = { kind: 'dir'; zipPath: string; mtimeMs: number } | { kind: 'file'; zipPath: string; rel: string };

/** What a caller asked to download: whole albums (with what is below them) and single items. */
export interface Selection {
  albums: AlbumRow[];
  items: { item: ItemRow; album: AlbumRow }[];
}

/** Items read from the index per query: a huge album is walked in slices, never loaded whole. */
const SLICE = 256;

const relOf = (album: AlbumRow, name: string): string => (album.path === '' ? name : `${album.path}/${name}`);

/** `name`, or `name (2)`, `name (3)` ... before the extension, whichever is not taken yet. */
function unique(taken: Set<string>, name: string): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate);
  return candidate;
}

/**
 * The entries of a download archive (SPEC §14 `getitem`), in order, as the archive is written:
 * each selected item at the top, each selected album as a folder holding its items and, below
 * them, its sub-albums, recursively. An album the caller may not browse (SPEC §5, the same rule
 * as listings, `password` unlocking password albums) is left out with everything below it; the
 * root album is walked into, but its own items need a grant. Hidden names (docs/protocol.md §4) never appear.
 * Top-level names that clash get ` (2)`. The index is read one slice at a time with a turn of
 * the event loop between slices, so a huge album never holds the loop; what the entries point
 * at is checked again when each file is opened (Disk.openFile).
 */
export async function* zipEntries(library: Library, user: User | null, password: string | undefined, selection: Selection): AsyncGenerator<ZipEntry> {
  const top = new Set<string>();
  const mayBrowse = async (album: AlbumRow): Promise<boolean> => (await library.rights.of(user, album, password)).browse;

  for (const { item, album } of selection.items) {
    if (isHiddenName(item.name)) continue;
    yield { kind: 'file', zipPath: unique(top, item.name), rel: relOf(album, item.name) };
  }

  async function* walk(album: AlbumRow, prefix: string): AsyncGenerator<ZipEntry> {
    if (prefix !== '') yield { kind: 'dir', zipPath: `${prefix}/`, mtimeMs: album.mtime };
    if (await mayBrowse(album)) {
      for (let after = ''; ;) {
        const slice = library.items.page(album.id, after, SLICE);
        for (const item of slice) {
          if (!isHiddenName(item.name)) yield { kind: 'file', zipPath: prefix === '' ? unique(top, item.name) : `${prefix}/${item.name}`, rel: relOf(album, item.name) };
        }
        if (slice.length < SLICE) break;
        after = (slice.at(-1) as ItemRow).name;
        await yieldToLoop();
      }
    }
    for (const child of library.albums.children(album.id)) {
      if (isHiddenName(child.name) || !(await mayBrowse(child))) continue;
      yield* walk(child, prefix === '' ? unique(top, child.name) : `${prefix}/${child.name}`);
    }
    await yieldToLoop();
  }

  for (const album of selection.albums) {
    yield* walk(album, album.depth === 0 ? '' : unique(top, album.name));
  }
}
