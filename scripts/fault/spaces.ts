import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { indexVsDisk, journalRows, temporaries, trashVsEntries } from '../../test/helpers/library-check.ts';
import type { Operation } from '../crash/operations.ts';
import type { Library } from '../crash/state.ts';
import type { Rng } from '../fuzz/prng.ts';

/**
 * The cross-space operations of the fault run (SPEC §18, §20; issue #19): Batch moves and copies
 * of one to three items between the shared library and alice's personal one, either way, any
 * duplicate mode, answered at once or as a task, each with one file-system call armed to fail
 * (the units' calls go through runtime/fsx.ts). Checked as the shared library is: both photo
 * roots and both trashes in the content count, and alice's index against her disk.
 */
export const OWNER = 'alice';

/** alice's photo root, trash and index under the data folder (the defaults of SPEC §18). */
export function homeOf(dir: string): { photo: string; trash: string; db: string } {
  const home = path.join(dir, 'home', OWNER);
  return { photo: path.join(home, 'photo'), trash: path.join(home, 'trash'), db: path.join(home, 'photostation.db') };
}

const TASK_END = new Set(['done', 'cancelled', 'rejected', 'failed']);

/** A move or copy of a few items from one space into the top of the other; undefined when the source space holds none. */
export function crossOperation(rng: Rng, shared: Library, home: Library): Operation | undefined {
  const fromShared = home.items.length === 0 || (shared.items.length > 0 && rng.chance(0.5));
  const source = fromShared ? shared : home;
  if (source.items.length === 0) return undefined;
  const picked = new Map<string, (typeof source.items)[number]>();
  for (let i = rng.int(1, 3); i > 0; i--) {
    const it = rng.pick(source.items);
    picked.set(it.path, it);
  }
  const method = rng.pick(['move', 'copy'] as const);
  const duplicate = rng.pick(['rename', 'overwrite', 'ask']);
  const async = rng.chance(0.5);
  const ops = Object.fromEntries([...picked.values()].map((it) => [itemId(it.album, it.name, it.kind), albumId('')]));
  const copies = new Map<string, number>();
  if (method === 'copy') for (const it of picked.values()) copies.set(it.hash, (copies.get(it.hash) ?? 0) + 1);
  return {
    kind: `Batch.${method} ${fromShared ? 'shared->alice' : 'alice->shared'}${async ? ' task' : ''} ${duplicate}`,
    copies,
    async run(server, sid) {
      const params = { api: 'SYNO.PhotoStation.Batch', method, from_space: fromShared ? '-' : OWNER, to_space: fromShared ? OWNER : '-', duplicate };
      const first = await server.call({ ...params, move_operations: JSON.stringify(ops), ...(async && { async: 'true' }) }, sid);
      const taskid = first.data?.taskid as string | undefined;
      if (!taskid) return [first];
      // The call was made in the shared library, one of the two sides: the task is held there.
      for (;;) {
        const r = await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'status', taskid, limit: '100' }, sid);
        if (!r.success || TASK_END.has(r.data.task.status)) return [first, r];
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** alice's library after an operation: index equal to disk, trash equal to its entries, no intent, no temporary. */
export function homeViolations(dir: string): string[] {
  const home = homeOf(dir);
  if (!existsSync(home.db)) return [];
  const out = [...temporaries(home.photo), ...(existsSync(home.trash) ? temporaries(home.trash) : [])].map((t) => `alice: temporary left: ${t}`);
  const db = new Database(home.db, { readonly: true, fileMustExist: true });
  try {
    out.push(...indexVsDisk(db, home.photo).map((v) => `alice: ${v}`));
    if (existsSync(home.trash)) out.push(...trashVsEntries(db, home.trash).map((v) => `alice: ${v}`));
    if (journalRows(db) > 0) out.push(`alice: ${journalRows(db)} journal rows left`);
  } finally {
    db.close();
  }
  return out;
}
