import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isHiddenName, kindOf } from '../../src/library/media.ts';

/**
 * Checks of a library's state that hold after any crash and restart (SPEC §10): shared by the
 * in-process fixture, the crash tests and `npm run crash-test`. They read the disk and the index
 * directly, never through the server.
 */

/** sha256 of every file under the given folders (photo root and trash), as a sorted list (a multiset). */
export function contentHashes(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  for (const d of dirs) walk(d);
  return out.sort();
}

/** The same multiset as counts per hash. */
export function hashCounts(...dirs: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of contentHashes(...dirs)) counts.set(h, (counts.get(h) ?? 0) + 1);
  return counts;
}

/** What the photo root holds as the scanner sees it: album folders and media files (relative paths). */
export function diskLibrary(photoRoot: string): { albums: Set<string>; items: Set<string> } {
  const albums = new Set<string>(['']);
  const items = new Set<string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(photoRoot, rel), { withFileTypes: true })) {
      if (isHiddenName(e.name)) continue;
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        albums.add(p);
        walk(p);
      } else if (kindOf(e.name)) items.add(p);
    }
  };
  walk('');
  return { albums, items };
}

/** Differences between the index and the disk: album rows vs folders, item rows vs media files. Empty when they agree. */
export function indexVsDisk(db: Database, photoRoot: string): string[] {
  const disk = diskLibrary(photoRoot);
  const rowAlbums = new Set(db.prepare('SELECT path FROM albums').pluck().all() as string[]);
  const rowItems = new Set(
    db
      .prepare("SELECT CASE albums.path WHEN '' THEN items.name ELSE albums.path || '/' || items.name END FROM items JOIN albums ON albums.id = items.album_id")
      .pluck()
      .all() as string[],
  );
  const diff: string[] = [];
  for (const a of disk.albums) if (!rowAlbums.has(a)) diff.push(`folder without row: ${a}`);
  for (const a of rowAlbums) if (!disk.albums.has(a)) diff.push(`album row without folder: ${a}`);
  for (const i of disk.items) if (!rowItems.has(i)) diff.push(`file without row: ${i}`);
  for (const i of rowItems) if (!disk.items.has(i)) diff.push(`item row without file: ${i}`);
  diff.push(...[...disk.items].filter((p) => p.includes('.ps-partial')).map((p) => `temporary left: ${p}`));
  return diff;
}

/** Hidden temporaries (`.ps-partial`) left anywhere under `dir`. */
export function temporaries(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name.includes('.ps-partial')) out.push(p);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Trash entries without their stored file, and stored files no entry names. Empty when they agree. */
export function trashVsEntries(db: Database, trashDir: string): string[] {
  const stored = db.prepare('SELECT stored FROM trash').pluck().all() as string[];
  const named = new Set(stored);
  const diff: string[] = [];
  for (const s of stored) if (!existsSync(path.join(trashDir, s))) diff.push(`trash entry without contents: ${s}`);
  for (const f of readdirSync(trashDir)) if (!named.has(f)) diff.push(`trash contents without entry: ${f}`);
  return diff;
}

/** Unit intents still in the journal (none once recovery has run). */
export function journalRows(db: Database): number {
  return db.prepare('SELECT count(*) FROM journal').pluck().get() as number;
}
