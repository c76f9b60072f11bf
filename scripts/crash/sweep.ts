import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';
import { contentHashes, diskLibrary, hashCounts, journalRows, temporaries, trashVsEntries } from '../../test/helpers/library-check.ts';
import { OpsFixture } from '../../test/helpers/ops-fixture.ts';
import { BATCH, TASK, taskItems, waitTask } from '../../test/helpers/batch.ts';

/**
 * The fault-position sweep (`npm run crash-test -- --sweep`): one small Batch task, built to
 * meet every clash of SPEC §9 and the Batch orderings that have bitten (an item listed after the
 * album holding it, an item before its album, two sources of one name), run as `move` and `copy`
 * with each `duplicate` strategy and as `delete`, and killed by the fault switch at every
 * position: `after-disk:N` for every unit, `after-journal:N` and `before-commit:N` for every
 * engine batch. After each kill the same data folder is opened again (recovery, the start-up
 * scan, the resumed task) and checked against the disk and against the same task run without a
 * kill: the same result per unit, the same file at each path of the photo root, the same trash.
 */

export type Method = 'move' | 'copy' | 'delete';
export const STRATEGIES = ['rename', 'overwrite', 'ignore', 'ask'] as const;
export const POINTS = ['after-journal', 'after-disk', 'before-commit'] as const;

export interface SweepCase {
  method: Method;
  /** Undefined for `delete`. */
  duplicate: string | undefined;
  fault: string;
  /** False when the task ended before the fault point was reached (the end of that point's sweep). */
  killed: boolean;
  intents: number;
  redone: number;
  undone: number;
  violations: string[];
}

export interface SweepReport {
  cases: SweepCase[];
  kills: number;
  redone: number;
  undone: number;
  violations: string[];
  durationMs: number;
}

const photo = (album: string, name: string) => itemId(album, name, name.endsWith('.mp4') ? 'video' : 'photo');

/**
 * S (with a sub-album) clashes with D/S (an album merge under `overwrite`, whose a.jpg clashes
 * again); S/a.jpg and T/a.jpg both clash with D/a.jpg; U/u.jpg clashes with D/u.jpg and is listed
 * before its album U.
 */
function layout(f: OpsFixture): void {
  // Every content distinct and of its own size (a resumed copy takes a file of the source's size
  // and modification time for its copy).
  let n = 0;
  const photo = (album: string, name: string, meta: { title?: string; rating?: number } = {}) => f.photo(album, name, meta, `${album}/${name} ${'.'.repeat(++n)}`);
  photo('S', 'a.jpg', { title: 'S/a' });
  photo('S', 'b.jpg');
  photo('S', 'v.mp4');
  photo('S/t', 'c.jpg');
  photo('D', 'a.jpg', { title: 'D/a', rating: 3 });
  photo('D', 'u.jpg');
  photo('D/S', 'a.jpg', { title: 'D/S/a' });
  photo('D/S', 'e.jpg');
  photo('T', 'a.jpg');
  photo('T', 'x.jpg');
  photo('U', 'u.jpg');
  photo('U', 'w.jpg');
}

const SOURCES = [albumId('S'), photo('S', 'a.jpg'), photo('T', 'a.jpg'), photo('T', 'x.jpg'), photo('U', 'u.jpg'), albumId('U')];
/** Source items per source, for the copies a copy may make: S holds 4 items, U 2. */
const ITEMS_OF: Record<string, string[]> = { S: ['S/a.jpg', 'S/b.jpg', 'S/v.mp4', 'S/t/c.jpg'], U: ['U/u.jpg', 'U/w.jpg'] };

function params(method: Method, duplicate: string | undefined): Record<string, string> {
  if (method === 'delete') return { method, id: SOURCES.join(',') };
  return { method, operations: JSON.stringify(SOURCES.map((from) => ({ from, to: albumId('D'), duplicate }))) };
}

/** What the library looks like after a run: path -> content hash (photo root), trash hashes and entries, results per unit. */
interface Outcome {
  files: Map<string, string>;
  trash: string[];
  entries: string[];
  statuses: number[];
}

function describeDiff(ref: Outcome, got: Outcome): string[] {
  const out: string[] = [];
  if (JSON.stringify(ref.statuses) !== JSON.stringify(got.statuses)) out.push(`unit results ${JSON.stringify(got.statuses)}, uninterrupted ${JSON.stringify(ref.statuses)}`);
  // Where each content ended up, up to the number a rename picked: a resumed task starts with a
  // fresh view of its destination, so `a (1).jpg` may be free again where the uninterrupted run,
  // which had reserved it for a unit that then failed, went on to `a (2).jpg`.
  const places = (files: Map<string, string>) => {
    const by = new Map<string, string[]>();
    for (const [p, h] of files) by.set(h, [...(by.get(h) ?? []), p.replace(/ \(\d+\)(?=\.[^./]*$|$)/, '')].sort());
    return by;
  };
  const want = places(ref.files);
  const have = places(got.files);
  for (const [h, ps] of want)
    if (JSON.stringify(have.get(h) ?? []) !== JSON.stringify(ps))
      out.push(`contents at ${ps.join(', ')} (uninterrupted) are at ${(have.get(h) ?? []).join(', ') || 'no place'} (numbered names aside)`);
  for (const [h, ps] of have) if (!want.has(h)) out.push(`contents at ${ps.join(', ')} that the uninterrupted run does not have in the photo root`);
  if (JSON.stringify(ref.trash) !== JSON.stringify(got.trash)) out.push(`trash contents differ from uninterrupted (${got.trash.length} vs ${ref.trash.length})`);
  if (JSON.stringify(ref.entries) !== JSON.stringify(got.entries)) out.push(`trash entries ${JSON.stringify(got.entries)}, uninterrupted ${JSON.stringify(ref.entries)}`);
  return out;
}

/** Content hash per media file of the photo root. */
function fileHashes(photoRoot: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of [...diskLibrary(photoRoot).items].sort())
    files.set(
      rel,
      createHash('sha256')
        .update(readFileSync(path.join(photoRoot, rel)))
        .digest('hex'),
    );
  return files;
}

async function outcome(f: OpsFixture, taskid: string): Promise<Outcome> {
  const files = fileHashes(f.photoRoot);
  const entries = (f.lib.db.prepare('SELECT path, reason FROM trash ORDER BY path, reason').all() as { path: string; reason: string }[]).map((e) => `${e.path}:${e.reason}`);
  const statuses = (await taskItems(f, taskid)).map((i) => i.status as number);
  return { files, trash: contentHashes(f.trashDir), entries, statuses };
}

/** Opens the data folder in-process (recovery, scan, resumed task), waits for the task, checks. */
async function reopenAndCheck(
  dir: string,
  taskid: string,
  before: Map<string, number>,
  copies: Map<string, number>,
): Promise<{ f: OpsFixture; violations: string[]; redone: number; undone: number }> {
  const logs: Record<string, unknown>[] = [];
  const f = new OpsFixture(dir);
  await f.open({ log: (l) => logs.push(l) });
  const violations: string[] = [];
  const task = await waitTask(f, taskid);
  if (task.status !== 'done') violations.push(`task ended ${String(task.status)}`);
  const items = await taskItems(f, taskid);
  if (items.length !== SOURCES.length) violations.push(`${items.length} unit results for ${SOURCES.length} units`);
  for (const it of items) if (it.status === 500) violations.push(`unit ${String(it.id)} failed with 500`);
  for (const l of logs) if (l.level === 'error') violations.push(`server error: ${String(l.msg)} ${String(l.stack ?? '').split('\n')[0]}`);
  const scan = logs.find((l) => l.msg === 'start-up scan changed the index') as { added: number; removed: number; albumsRemoved: number } | undefined;
  if (scan && scan.added + scan.removed + scan.albumsRemoved > 0) violations.push(`start-up scan had to fix the index: ${JSON.stringify(scan)}`);
  violations.push(...f.indexVsDisk(), ...trashVsEntries(f.lib.db, f.trashDir), ...f.temporaries(), ...temporaries(f.trashDir));
  if (journalRows(f.lib.db) > 0) violations.push(`${journalRows(f.lib.db)} journal rows left`);
  const after = hashCounts(f.photoRoot, f.trashDir);
  for (const [h, n] of before) if ((after.get(h) ?? 0) < n) violations.push(`${n - (after.get(h) ?? 0)} contents lost`);
  for (const [h, n] of after)
    if (n > (before.get(h) ?? 0) + (copies.get(h) ?? 0)) violations.push(`${n - (before.get(h) ?? 0) - (copies.get(h) ?? 0)} contents duplicated beyond the copies made`);
  const recovered = logs.find((l) => l.msg === 'journal recovered') as { redone: number; undone: number } | undefined;
  return { f, violations, redone: recovered?.redone ?? 0, undone: recovered?.undone ?? 0 };
}

async function submit(
  call: (p: Record<string, string>) => Promise<{ success: boolean; data?: { taskid?: string } }>,
  method: Method,
  duplicate: string | undefined,
): Promise<string> {
  const r = await call({ api: BATCH, async: 'true', ...params(method, duplicate) });
  if (!r.success || !r.data?.taskid) throw new Error(`Batch.${method} refused: ${JSON.stringify(r)}`);
  return r.data.taskid;
}

export async function runSweep(opts: { methods?: Method[]; duplicates?: string[]; onCase?: (c: SweepCase) => void } = {}): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = { cases: [], kills: 0, redone: 0, undone: 0, violations: [], durationMs: 0 };
  const work = mkdtempSync(path.join(os.tmpdir(), 'ps-sweep-'));
  try {
    const template = path.join(work, 'template');
    const t = new OpsFixture(template);
    await t.open();
    layout(t);
    await t.stop(true);
    const photoRoot = path.join(template, 'photo');
    const before = hashCounts(photoRoot, path.join(template, 'trash'));
    const hashOf = fileHashes(photoRoot);
    let n = 0;
    const fresh = () => {
      const dir = path.join(work, `case-${++n}`);
      cpSync(template, dir, { recursive: true });
      return dir;
    };

    const combos: [Method, string | undefined][] = [];
    for (const m of opts.methods ?? (['move', 'copy', 'delete'] as Method[])) {
      if (m === 'delete') combos.push([m, undefined]);
      else for (const d of opts.duplicates ?? STRATEGIES) combos.push([m, d]);
    }
    for (const [method, duplicate] of combos) {
      const copies = new Map<string, number>();
      if (method === 'copy') {
        for (const src of ['S/a.jpg', 'T/a.jpg', 'T/x.jpg', 'U/u.jpg', ...ITEMS_OF.S!, ...ITEMS_OF.U!]) {
          const h = hashOf.get(src) as string;
          copies.set(h, (copies.get(h) ?? 0) + 1);
        }
      }
      // The uninterrupted run, in-process.
      const refDir = fresh();
      const r = new OpsFixture(refDir);
      await r.open();
      const refTask = await submit((p) => r.call(p.api as string, p.method as string, p), method, duplicate);
      await waitTask(r, refTask);
      await r.stop(true);
      const ref = await reopenAndCheck(refDir, refTask, before, copies);
      const reference = await outcome(ref.f, refTask);
      await ref.f.stop();
      if (ref.violations.length > 0) report.violations.push(...ref.violations.map((v) => `Batch.${method} ${duplicate ?? ''} uninterrupted: ${v}`));

      for (const point of POINTS) {
        for (let at = 1; ;) {
          const fault = `${point}:${at}`;
          const dir = fresh();
          const server = await ChildServer.start(dir, { PHOTOSTATION_FAULT: fault });
          const sid = await server.login();
          const taskid = await submit((p) => server.call(p, sid), method, duplicate);
          for (let i = 0; i < 3000 && !server.dead; i++) {
            const s = await server.call({ api: TASK, method: 'status', taskid, limit: '0' }, sid).catch(() => undefined);
            if (s?.success && s.data.task.status !== 'queued' && s.data.task.status !== 'processing') break;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          const killed = server.dead || (await Promise.race([server.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]));
          if (!killed) await server.kill('SIGTERM');
          const peek = new Database(path.join(dir, 'photostation.db'));
          const intents = journalRows(peek);
          peek.close();
          const check = await reopenAndCheck(dir, taskid, before, copies);
          const got = await outcome(check.f, taskid);
          await check.f.stop();
          const violations = [...check.violations, ...describeDiff(reference, got)];
          const c: SweepCase = { method, duplicate, fault, killed, intents, redone: check.redone, undone: check.undone, violations };
          report.cases.push(c);
          if (killed) report.kills++;
          report.redone += c.redone;
          report.undone += c.undone;
          report.violations.push(...violations.map((v) => `Batch.${method} ${duplicate ?? ''} ${fault}: ${v}`));
          opts.onCase?.(c);
          rmSync(dir, { recursive: true, force: true });
          if (!killed) break;
          // A kill at after-journal or before-commit leaves the whole engine batch journaled: the next position is the next batch.
          at += point === 'after-disk' ? 1 : Math.max(1, intents);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  report.durationMs = performance.now() - started;
  return report;
}
