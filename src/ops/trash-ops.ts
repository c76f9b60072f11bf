import { existsSync } from 'node:fs';
import type { User } from '../auth/users.ts';
import type { AlbumRow } from '../library/albums.ts';
import { albumId, baseName, childPath, itemId, parentPath } from '../library/ids.ts';
import { UnsafePathError } from '../library/disk.ts';
import { DomainError } from '../errors.ts';
import type { Strategy } from './clash.ts';
import type { Engine } from './engine.ts';
import { maySeeTrashed } from './guards.ts';
import { FolderNames } from './names.ts';
import { place } from './place.ts';
import { collect, done, refused, skipped } from './results.ts';
import type { ItemResult } from './results.ts';
import type { OperationRun } from './run.ts';
import type { TrashRow } from './trash-store.ts';

export interface TrashEntry {
  id: number;
  type: TrashRow['type'];
  path: string;
  /** Seconds since the epoch. */
  deleted_at: number;
  reason: TrashRow['reason'];
}

/** The nearest album that still exists on the way to `path`: whoever could manage there may see the entry. */
function nearestAlbum(engine: Engine, path: string): AlbumRow {
  for (let p = path; ; p = parentPath(p)) {
    const row = engine.lib.albums.byPath(p);
    if (row) return row;
    if (p === '') return engine.lib.albums.root();
  }
}

export function visibleEntries(engine: Engine, user: User): TrashRow[] {
  const rows = engine.trash.all();
  if (user.isAdmin) return rows;
  return rows.filter((r) => maySeeTrashed(engine.lib.rights, user, nearestAlbum(engine, parentPath(r.path))));
}

export function shapeEntry(r: TrashRow): TrashEntry {
  return { id: r.id, type: r.type, path: r.path, deleted_at: Math.floor(r.deleted_at / 1000), reason: r.reason };
}

/** The entries named by `ids`, each visible to `user`. */
export function pickEntries(engine: Engine, user: User, ids: number[]): TrashRow[] {
  const visible = new Map(visibleEntries(engine, user).map((r) => [r.id, r]));
  const out: TrashRow[] = [];
  for (const id of ids) {
    const row = visible.get(id);
    if (!row) throw new DomainError('not-found', `No trash entry ${id}`);
    if (!out.includes(row)) out.push(row);
  }
  return out;
}

/**
 * Puts entries back where they were (SPEC §11), recreating missing parent folders, with the clash
 * rules of §9 (an album is never merged back: with `overwrite` a clashing album is skipped).
 */
export async function restoreEntries(run: OperationRun, rows: TrashRow[], duplicate: Strategy): Promise<ItemResult[]> {
  const { engine } = run;
  const names = new FolderNames((rel) => engine.disk.abs(rel));
  const results: (ItemResult | undefined)[] = rows.map(() => undefined);
  for (const [i, r] of rows.entries()) {
    if (run.stopped) break;
    const rec = collect(results, i);
    const key = String(r.id);
    if (!existsSync(engine.trash.abs(r.stored))) {
      rec.record(refused(key, 'not-found'));
      continue;
    }
    const parent = parentPath(r.path);
    const original = baseName(r.path);
    try {
      // A symlink planted where the parent used to be must not lead the restore outside the root.
      await engine.lib.disk.safe(r.path);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      rec.record(refused(key, 'unsafe'));
      continue;
    }
    const p = await place(names, parent, original, r.type === 'album' ? 'dir' : 'file', duplicate, false);
    if (p.decision === 'skip') {
      rec.record(skipped(key));
      continue;
    }
    const dst = childPath(parent, p.name);
    const trash = p.decision === 'replace' ? engine.trash.storedName(original) : null;
    const newId = r.type === 'album' ? albumId(dst) : itemId(parent, p.name, r.type);
    await run.addFor({ kind: 'restore', src: r.stored, dst, trash, entry: r.id }, done(key, newId, p.decision === 'rename', dst), rec);
  }
  await run.flush();
  return results.filter((r): r is ItemResult => r !== undefined);
}
