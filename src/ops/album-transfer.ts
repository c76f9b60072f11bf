import { lstat } from 'node:fs/promises';
import type { AlbumRow } from '../library/albums.ts';
import { UnsafePathError } from '../library/disk.ts';
import { albumId, baseName, childPath, itemId, parentPath } from '../library/ids.ts';
import type { Strategy } from './clash.ts';
import type { Engine } from './engine.ts';
import type { FolderNames } from './names.ts';
import { place } from './place.ts';
import { done, skipped } from './results.ts';
import type { Recorder } from './results.ts';
import type { OperationRun } from './run.ts';
import type { Unit } from './unit.ts';
import { yieldToLoop } from '../runtime/yield.ts';

/** One album going into another (Album.move, Batch): what the planner needs to know. */
export interface AlbumTransfer {
  /** The id its result carries. */
  id: string;
  album: AlbumRow;
  dest: AlbumRow;
  /** The name it takes there (Batch may rename), before any clash. */
  name: string;
  strategy: Strategy;
  move: boolean;
  /** A resumed copy's target, chosen before a crash (Batch tasks). */
  resumed?: string;
  /** Whether a copy onto an existing album may replace its files (manage on the destination). */
  mayReplace: () => boolean;
  /** Collects the ids a merge leaves behind for a name clash (Album.move's `skip`). */
  skip?: string[];
  /** Told where a merge went once it ran to its end, whether or not everything went in. */
  merged?: (target: string) => void;
}

/**
 * Plans one album's move or copy with the clash rule of SPEC §9 (`overwrite` onto an album of
 * that name merges) and runs it.
 */
export async function transferAlbum(run: OperationRun, names: FolderNames, t: AlbumTransfer, rec: Recorder): Promise<void> {
  const src = t.album.path;
  if (t.move && parentPath(src) === t.dest.path && t.name === t.album.name) return rec.record(done(t.id, t.id, false, src));
  // A resumed copy goes on into the target it chose before the crash.
  let target = t.resumed;
  let renamed = target !== undefined && baseName(target) !== t.name;
  let into = false;
  if (target === undefined) {
    const p = await place(names, t.dest.path, t.name, 'dir', t.strategy, true);
    if (p.decision === 'skip') {
      t.skip?.push(t.id);
      return rec.record(skipped(t.id));
    }
    target = childPath(t.dest.path, p.name);
    renamed = p.decision === 'rename';
    into = p.decision === 'merge';
  }
  const result = done(t.id, albumId(target), renamed, target);
  if (t.move && !into) return run.addFor({ kind: 'album-move', src, dst: target }, result, rec);
  await run.flush();
  if (t.move) {
    // Running a merge again after a crash finds only what is left to move, so it is safe to
    // resume. The result lands with the merge's last unit (the emptied source's removal), or
    // with recovery if a crash came first.
    const outcome = await merge(run, names, src, target, t.skip ?? [], rec.onCommit(result));
    if (!outcome.finished) return;
    t.merged?.(target);
    return rec.record(outcome.all ? result : skipped(t.id));
  }
  rec.note?.(target);
  const replaces = t.mayReplace();
  // A resumed copy under the album's own name with `overwrite` may have been a merge: what it had
  // not yet replaced is still there and must be replaced now (the crash test's sweep found such
  // files left as they were, the unit answering 204). Renamed, it was a fresh album.
  const merging = t.strategy === 'overwrite' && replaces && !renamed;
  const mode: CopyMode = t.resumed !== undefined ? (merging ? 'resume-merge' : 'resume') : into ? (replaces ? 'merge' : 'fill') : 'fresh';
  if (await copyAlbum(run, names, t.album, target, mode)) rec.record(result);
}

/**
 * Moves every child of `src` into the existing album `dst` with the same rules, then removes the
 * emptied `src`. Answers whether everything went in (`all`) and whether the merge ran to its end.
 * `last` rides on that final removal, the merge's last unit: a Batch task records the merge's
 * result there, so a crash after the removal (which leaves nothing to merge, not even `src`)
 * cannot turn a merge that happened into a 404 when the task resumes.
 */
async function merge(
  run: OperationRun,
  names: FolderNames,
  src: string,
  dst: string,
  skip: string[],
  last?: Pick<Unit, 'onCommit' | 'receipt'>,
): Promise<{ all: boolean; finished: boolean }> {
  const { engine } = run;
  const { albums, items } = engine.lib;
  const album = albums.byPath(src);
  if (!album) return { all: false, finished: true };
  let all = true;
  const notDone = (o: { state: string }) => {
    if (o.state !== 'done') all = false;
  };
  // The album's items a page at a time, a turn of the event loop between pages: reading 100 000
  // at once held the loop over 50 ms (SPEC §10). Keyset paging by name holds while the pages'
  // moves commit: a moved item leaves the album, and the next page starts after the last name.
  for (let after = '', page; (page = items.namesAndKinds(album.id, after, PAGE)).length > 0; after = (page.at(-1) as { name: string }).name) {
    for (const item of page) {
      if (run.stopped) return { all: false, finished: false };
      const p = await place(names, dst, item.name, 'file', 'overwrite', false);
      if (p.decision === 'skip') {
        skip.push(itemId(src, item.name, item.kind));
        all = false;
        continue;
      }
      const trash = p.decision === 'replace' ? engine.trash.storedName(item.name) : null;
      await run.add({ kind: 'item-move', src: childPath(src, item.name), dst: childPath(dst, item.name), trash }, notDone);
    }
    await yieldToLoop();
  }
  for (const child of albums.children(album.id)) {
    if (run.stopped) return { all: false, finished: false };
    const p = await place(names, dst, child.name, 'dir', 'overwrite', true);
    if (p.decision === 'skip') {
      skip.push(albumId(child.path));
      all = false;
    } else if (p.decision === 'merge') {
      await run.flush();
      const inner = await merge(run, names, child.path, childPath(dst, child.name), skip);
      if (!inner.finished) return { all: false, finished: false };
      all &&= inner.all;
    } else await run.add({ kind: 'album-move', src: child.path, dst: childPath(dst, child.name) }, notDone);
  }
  await run.flush();
  if (run.stopped) return { all: false, finished: false };
  if (!all) return { all, finished: true };
  // Everything indexed has gone in; what is left in the folder (sidecars, hidden files) goes to the trash with it.
  await run.add({ kind: 'album-drop', src, dst: engine.trash.storedName(baseName(src)), ...last }, notDone);
  await run.flush();
  return { all, finished: true };
}

const PAGE = 1000;

/** True unless a symlink is on the way to `path` (which may not exist yet). */
async function usableFolder(engine: Engine, path: string): Promise<boolean> {
  try {
    await engine.lib.disk.safe(path);
    return true;
  } catch (err) {
    if (err instanceof UnsafePathError) return false;
    throw err;
  }
}

/**
 * How a copy meets names already in its target: `fresh` (a new album: none), `merge` (onto an
 * existing album with `overwrite`: files are replaced, the old ones to the trash), `fill` (the
 * same without the manage right to replace: existing files are left), `resume` (a task resumed
 * after a crash: a name present is a copy made before it, so it is left), `resume-merge` (a
 * resumed copy that may have been a merge: a file present is left only if it is the source's
 * copy, else replaced).
 */
type CopyMode = 'fresh' | 'merge' | 'fill' | 'resume' | 'resume-merge';

/**
 * Whether the file at `dst` is a copy of `src`: an item copy keeps the source's size and
 * modification time (utimes, millisecond precision), which a file that was there before almost
 * never shares; when it does, both hold the same picture and leaving it loses nothing.
 */
async function copied(engine: Engine, src: string, dst: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([lstat(engine.disk.abs(src)), lstat(engine.disk.abs(dst))]);
    return a.isFile() && b.isFile() && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 2;
  } catch {
    return true; // one of them is gone: nothing to replace (a unit would fail with 404)
  }
}

/**
 * Copies an album's subtree into `target` (created as needed): folders and rows first, then one
 * item-copy unit per item. Answers whether it ran to its end (a stop leaves what was copied).
 */
async function copyAlbum(run: OperationRun, names: FolderNames, album: AlbumRow, target: string, mode: CopyMode): Promise<boolean> {
  const { engine } = run;
  const { lib } = engine;
  // Only the rows there when the copy starts (issue #11): an album copied onto itself (its parent
  // as destination, `overwrite`) replaces each file by its copy, and the copy's row is new, with a
  // higher id. Paging on `id > last` alone met those rows once an engine batch had committed them
  // (a subtree over 200 items) and copied the copies again, without end, filling the trash.
  const upTo = lib.items.lastId();
  // The folders first, each made and indexed by its own unit (through the journal), parents first.
  const folders: Array<{ source: AlbumRow; folder: string }> = [];
  const failures: unknown[] = [];
  for (const source of lib.albums.subtree(album.path)) {
    if (run.stopped) return false;
    const folder = target + source.path.slice(album.path.length);
    // A source folder swapped for a link since the check, or a target folder that is a link (or
    // lies below one), is left alone with its contents: mkdir and the copies would go through it.
    if (!(await usableFolder(engine, source.path)) || !(await usableFolder(engine, folder))) continue;
    folders.push({ source, folder });
    await run.add({ kind: 'album-create', src: source.path, dst: folder }, (o) => {
      if (o.state === 'failed') failures.push(o.error);
    });
  }
  await run.flush();
  // A folder that could not be made ends the copy, as its mkdir always did.
  if (failures.length > 0) throw failures[0];
  for (const { source, folder } of folders) {
    let last = 0;
    for (;;) {
      const rows = lib.items.pageById(source.id, last, upTo, PAGE);
      if (rows.length === 0) break;
      last = (rows[rows.length - 1] as { id: number }).id;
      for (const item of rows) {
        if (run.stopped) return false;
        const there = (await names.of(folder)).get(item.name);
        const src = childPath(source.path, item.name);
        const dst = childPath(folder, item.name);
        if (there === 'dir') continue;
        if (there === 'file' && mode !== 'merge' && (mode !== 'resume-merge' || (await copied(engine, src, dst)))) continue;
        const trash = there === 'file' ? engine.trash.storedName(item.name) : null;
        await names.set(folder, item.name, 'file');
        await run.add({ kind: 'item-copy', src, dst, trash }, () => {});
      }
      await yieldToLoop();
    }
  }
  await run.flush();
  return !run.stopped;
}
