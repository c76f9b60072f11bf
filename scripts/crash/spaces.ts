import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';
import { hashCounts, indexVsDisk, journalRows, temporaries } from '../../test/helpers/library-check.ts';

/**
 * The cross-space case of `npm run crash-test` (SPEC §18): a Batch move or copy of six items
 * between the shared library and alice's personal one, each way, killed by the fault switch at
 * every point of the second unit: `after-journal:2`, `after-disk:2`, and `before-commit:3` /
 * `before-commit:4` (a crossing unit reaches `before-commit` twice: before the target index's
 * commit, then between it and the source index's). The same data folder is opened again (the
 * personal library too, whose recovery runs when it opens) and checked: every file exactly once
 * (a move) or the sources intact and each copy at most once (a copy), no journal intent and no
 * temporary left in either space, each index equal to its disk, and every item that crossed
 * carries its title. Each case runs twice: answered at once, and as a Batch task (`async`), which
 * after the restart must resume and end done with every unit 204, each exactly once. Then the
 * album cases: the source album itself moved or copied to the top of the other space.
 */

export interface SpacesCase {
  what: string;
  fault: string;
  killed: boolean;
  violations: string[];
}

const FAULTS = ['after-journal:2', 'after-disk:2', 'before-commit:3', 'before-commit:4'] as const;
const ITEMS = 6;

/** Item names differ per space (`S0.jpg`, `H0.jpg`), so what crossed is told apart from what was there. */
const name = (album: string, i: number) => `${album}${i}.jpg`;

function fixture(dataDir: string): { shared: string; home: string } {
  const shared = path.join(dataDir, 'photo');
  const home = path.join(dataDir, 'home', 'alice', 'photo');
  for (const [root, album] of [
    [shared, 'S'],
    [home, 'H'],
  ] as const) {
    mkdirSync(path.join(root, album), { recursive: true });
    for (let i = 0; i < ITEMS; i++) writeFileSync(path.join(root, album, name(album, i)), `cross-space crash fixture ${album} ${i} ${'.'.repeat(i)}\n`);
  }
  return { shared, home };
}

/** Polls a task (held by the shared library, where the call was made) until it has finished; its units' statuses. */
async function taskEnd(server: ChildServer, taskid: string, violations: string[]): Promise<number[]> {
  const sid = await server.login();
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const r = await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'status', taskid, limit: '1000' }, sid);
    if (!r.success) {
      violations.push(`the task's status answered ${JSON.stringify(r)}`);
      return [];
    }
    if (['done', 'cancelled', 'failed', 'rejected'].includes(r.data.task.status)) {
      if (r.data.task.status !== 'done') violations.push(`the task ended ${r.data.task.status}`);
      return (r.data.items as { status: number }[]).map((it) => it.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  violations.push('the task did not finish after the restart');
  return [];
}

/** What a case moves: six items of an album, or the album itself (into the top of the other space). */
export type Subject = 'items' | 'album';

async function runCase(from: '-' | 'alice', method: 'move' | 'copy', fault: string, async = false, subject: Subject = 'items'): Promise<SpacesCase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ps-crash-spaces-'));
  const { shared, home } = fixture(dataDir);
  const to = from === '-' ? 'alice' : '-';
  const srcAlbum = from === '-' ? 'S' : 'H';
  // An album arrives under its own name at the top of the other space.
  const dstAlbum = subject === 'album' ? srcAlbum : from === '-' ? 'H' : 'S';
  const srcRoot = from === '-' ? shared : home;
  const before = hashCounts(shared, home);
  const what = `Batch.${method}${subject === 'album' ? ' album' : ''}${async ? ' (task)' : ''} ${from === '-' ? 'shared -> alice' : 'alice -> shared'}`;
  const violations: string[] = [];
  let killed: boolean;
  let server = await ChildServer.start(dataDir, { PHOTOSTATION_FAULT: fault, PHOTOSTATION_THUMB_BACKGROUND: '0' });
  try {
    const admin = await server.login();
    const created = await server.call({ api: 'SYNO.PhotoStation.User', method: 'create', username: 'alice', password: 'alice-pw' }, admin);
    if (!created.success) throw new Error(`could not create alice: ${JSON.stringify(created)}`);
    // Titles that must travel with each item, set in the source space.
    for (let i = 0; i < ITEMS; i++) {
      const r = await server.call({ api: 'SYNO.PhotoStation.Photo', method: 'edit', id: itemId(srcAlbum, name(srcAlbum, i), 'photo'), title: `t${i}`, ps_username: from }, admin);
      if (!r.success) throw new Error(`could not set a title: ${JSON.stringify(r)}`);
    }
    const ops =
      subject === 'album'
        ? { [albumId(srcAlbum)]: albumId('') }
        : Object.fromEntries(Array.from({ length: ITEMS }, (_, i) => [itemId(srcAlbum, name(srcAlbum, i), 'photo'), albumId(dstAlbum)]));
    let taskid: string | undefined;
    try {
      const r = await server.call(
        { api: 'SYNO.PhotoStation.Batch', method, from_space: from, to_space: to, move_operations: JSON.stringify(ops), ...(async && { async: 'true' }) },
        admin,
      );
      if (!r.success) violations.push(`the ${method} answered ${JSON.stringify(r)}`);
      taskid = r.data?.taskid as string | undefined;
      // A task answers at once; the fault kills the server while it runs.
      const end = Date.now() + 30_000;
      while (async && !server.dead && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
      killed = async && server.dead;
    } catch {
      killed = true;
    }
    await server.kill();
    server = await ChildServer.start(dataDir, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
    // The task resumes at the start; every unit ends done (finished by recovery, or run again after an undo).
    if (taskid !== undefined) {
      const statuses = await taskEnd(server, taskid, violations);
      if (statuses.length !== (subject === 'album' ? 1 : ITEMS) || statuses.some((st) => st !== 204)) violations.push(`the task's units ended ${JSON.stringify(statuses)}`);
    }
    // Opens alice's library: its recovery and start-up scan run now.
    const opened = await server.call({ api: 'SYNO.PhotoStation.Album', method: 'list', offset: '0', limit: '1', ps_username: 'alice' }, await server.login());
    if (!opened.success) violations.push(`alice's library did not open: ${JSON.stringify(opened)}`);
    await server.kill('SIGTERM');

    const after = hashCounts(shared, home);
    for (const hash of before.keys()) {
      const now = after.get(hash) ?? 0;
      if (method === 'move' && now !== 1) violations.push(`a file is there ${now} times after the move (content ${hash.slice(0, 12)})`);
      if (method === 'copy' && (now < 1 || now > 2)) violations.push(`a file is there ${now} times after the copy (content ${hash.slice(0, 12)})`);
    }
    for (const hash of after.keys()) if (!before.has(hash)) violations.push(`new content appeared: ${hash.slice(0, 12)}`);
    if (method === 'copy' && hashCounts(path.join(srcRoot, srcAlbum)).size !== ITEMS) violations.push('a copy lost a source');
    for (const root of [shared, home]) for (const t of temporaries(root)) violations.push(`temporary left: ${t}`);
    for (const [name, dbPath, root] of [
      ['shared', path.join(dataDir, 'photostation.db'), shared],
      ['alice', path.join(dataDir, 'home', 'alice', 'photostation.db'), home],
    ] as const) {
      const db = new Database(dbPath, { readonly: true });
      try {
        const intents = journalRows(db);
        if (intents > 0) violations.push(`${name}: ${intents} journal intents left`);
        for (const d of indexVsDisk(db, root)) violations.push(`${name}: ${d}`);
        if (name === (to === '-' ? 'shared' : 'alice')) {
          const rows = db
            .prepare('SELECT items.name, items.title FROM items JOIN albums ON albums.id = items.album_id WHERE albums.path = ? AND items.name LIKE ?')
            .all(dstAlbum, `${srcAlbum}%`) as {
            name: string;
            title: string;
          }[];
          for (const r of rows)
            if (r.title !== `t${r.name.slice(srcAlbum.length, -4)}`) violations.push(`${name}: ${dstAlbum}/${r.name} arrived without its title (\`${r.title}\`)`);
        }
      } finally {
        db.close();
      }
    }
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { what, fault, killed, violations };
}

/** Every case; `onCase` sees each as it ends. */
export async function runSpacesCrash(onCase?: (c: SpacesCase) => void, subjects: readonly Subject[] = ['items', 'album']): Promise<{ cases: SpacesCase[]; violations: string[] }> {
  const cases: SpacesCase[] = [];
  for (const from of subjects.includes('items') ? (['alice', '-'] as const) : []) {
    for (const method of ['move', 'copy'] as const) {
      for (const fault of FAULTS) {
        for (const async of [false, true]) {
          const c = await runCase(from, method, fault, async);
          cases.push(c);
          onCase?.(c);
        }
      }
    }
  }
  // Albums: a move on one file system is one unit (one rename, then the rows): each point once;
  // a copy goes item by item, its second item's unit killed at each point.
  for (const from of subjects.includes('album') ? (['alice', '-'] as const) : []) {
    for (const [method, faults] of [
      ['move', ['after-journal:1', 'after-disk:1', 'before-commit:1']],
      ['copy', FAULTS],
    ] as const) {
      for (const fault of faults) {
        for (const async of [false, true]) {
          const c = await runCase(from, method, fault, async, 'album');
          cases.push(c);
          onCase?.(c);
        }
      }
    }
  }
  return { cases, violations: cases.flatMap((c) => c.violations.map((v) => `${c.what} at ${c.fault}: ${v}`)) };
}
