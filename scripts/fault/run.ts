import Database from 'better-sqlite3';
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { itemId } from '../../src/library/ids.ts';
import { FS_ERRNOS } from '../../src/runtime/fsx.ts';
import type { FsOp } from '../../src/runtime/fsx.ts';
import { ChildServer } from '../../test/helpers/child-server.ts';
import type { ChildEnvelope } from '../../test/helpers/child-server.ts';
import { hashCounts, indexVsDisk, journalRows, temporaries, trashVsEntries } from '../../test/helpers/library-check.ts';
import { drawOperation } from '../crash/operations.ts';
import type { Operation } from '../crash/operations.ts';
import { readLibrary, writeFixture } from '../crash/state.ts';
import type { DiskItem, Library } from '../crash/state.ts';
import { Rng } from '../fuzz/prng.ts';
import { OWNER, crossOperation, homeOf, homeViolations } from './spaces.ts';

/**
 * The file-system fault run (SPEC §20, `npm run fault-test`): the real server in a child process,
 * random operations (the crash test's moves, copies, deletes, restores and Batch tasks, plus
 * uploads, thumbnail generation and moves and copies between spaces, scripts/fault/spaces.ts), each with one file-system call armed to fail (the Nth
 * rename, copy, write, fsync, unlink, mkdir, rmdir or link from now, with ENOSPC, EIO, EACCES or
 * EROFS) over the IPC switch of runtime/fsx.ts. After each operation, with the server still
 * running: it answers, nothing is lost or duplicated (content hashes of the photo root and the
 * trash), the index equals the disk, the trash equals its entries, no temporary file and no
 * journal intent is left.
 */
export interface FaultOptions {
  seed: number;
  /** Stop once this many faults were injected (operations whose armed call never came inject none). */
  faults: number;
  /** Also stop after this many operations. */
  maxOps?: number;
  /** A fresh fixture once the library holds more files than this. */
  maxFiles?: number;
  onRound?: (r: FaultRound) => void;
}

export interface FaultRound {
  round: number;
  op: string;
  /** The armed rule, e.g. `fs:rename:3:EIO`. */
  rule: string;
  injected: number;
  /** Error codes and failed item statuses the answers carried (the failure, as the client hears it). */
  reported: string[];
  /** The server's warnings and errors during the operation (where an unreported fault went). */
  logged: string[];
  violations: string[];
}

export interface FaultReport {
  seed: number;
  operations: number;
  faults: number;
  /** Injected faults per armed kind of call. */
  byCall: Record<string, number>;
  /** Operations with a fault, per kind of operation. */
  byOp: Record<string, number>;
  /** How the answers reported an injected fault (`522`, `item 500`, `task failed`...), and how often. */
  answers: Record<string, number>;
  /** Faults no answer showed, per kind of call (a unit that stood, a flush only logged: see docs/reliability.md). */
  unreported: Record<string, number>;
  fixtures: number;
  violations: string[];
  durationMs: number;
}

const FINISHED = new Set(['done', 'cancelled', 'rejected', 'failed']);
/** The kinds of call a rule names, weighted towards those every operation makes. */
const CALLS: readonly (readonly [number, FsOp])[] = [
  [4, 'rename'],
  [2, 'copy'],
  [2, 'write'],
  [2, 'fsync'],
  [1, 'unlink'],
  [1, 'mkdir'],
  [1, 'rmdir'],
  [1, 'link'],
  [2, 'any'],
];

/** What an answer says about failures: its error code, its items' failed statuses, a task's end. */
function failuresOf(answers: ChildEnvelope[]): string[] {
  const out: string[] = [];
  for (const a of answers) {
    if (!a.success) out.push(String(a.error?.code ?? 'no code'));
    for (const it of (a.data?.items ?? []) as { status?: number }[]) if (typeof it.status === 'number' && it.status >= 300) out.push(`item ${it.status}`);
    const task = a.data?.task as { status?: string; failed?: number; error?: unknown } | undefined;
    if (task && (task.status === 'failed' || (task.failed ?? 0) > 0)) out.push(`task ${task.status}`);
    for (const u of (a.data?.units ?? []) as { status?: string }[]) if (u.status === 'failed') out.push('task unit failed');
  }
  return out;
}

/** A real JPEG of its own colour (thumbnails must decode it); its hash is noted as a picture's. */
async function picture(rng: Rng): Promise<Buffer> {
  const c = () => rng.int(0, 255);
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: c(), g: c(), b: c() } } })
    .jpeg()
    .toBuffer();
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An upload into a random album, a third of the time onto a taken name, any duplicate mode. */
async function upload(rng: Rng, lib: Library, pictures: Set<string>): Promise<Operation> {
  const album = rng.pick(['', ...lib.albums]);
  const taken = lib.items.filter((it) => it.album === album && it.kind === 'photo');
  const name = taken.length > 0 && rng.chance(0.33) ? rng.pick(taken).name : `up-${rng.hex(6)}.jpg`;
  const duplicate = rng.pick(['rename', 'overwrite', 'ignore']);
  const bytes = await picture(rng);
  const hash = sha(bytes);
  pictures.add(hash);
  return {
    kind: `upload ${duplicate}`,
    copies: new Map([[hash, 1]]),
    async run(server, sid) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ api: 'SYNO.PhotoStation.File', version: '1', method: 'uploadphoto', dest_folder_path: album, duplicate, _sid: sid })) form.append(k, v);
      form.append('original', new Blob([Uint8Array.from(bytes)]), name);
      const res = await fetch(server.url.replace(/entry\.cgi$/, 'file.php'), { method: 'POST', body: form });
      return [(await res.json()) as ChildEnvelope];
    },
  };
}

/** Thumbnails of one item made afresh: the cache is emptied first (it is never the only copy of anything). */
function thumbnail(rng: Rng, lib: Library, pictures: Set<string>, thumbDir: string): Operation | undefined {
  const candidates = lib.items.filter((it) => pictures.has(it.hash));
  if (candidates.length === 0) return undefined;
  const it: DiskItem = rng.pick(candidates);
  return {
    kind: 'Thumb.get',
    copies: new Map(),
    async run(server, sid) {
      rmSync(thumbDir, { recursive: true, force: true });
      const q = new URLSearchParams({ api: 'SYNO.PhotoStation.Thumb', method: 'get', version: '1', id: itemId(it.album, it.name, 'photo'), size: 'small', _sid: sid });
      const res = await fetch(`${server.url}?${q}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      if ((res.headers.get('content-type') ?? '').startsWith('image/')) return [{ success: true }];
      try {
        return [JSON.parse(bytes.toString('utf8')) as ChildEnvelope];
      } catch {
        return [{ success: false, error: { code: res.status } }];
      }
    },
  };
}

/** Arms a rule in the server (undefined: none) and answers how many faults the previous rule injected. */
function arm(server: ChildServer, spec: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { fsFault?: { injected?: number; error?: string } }) => {
      if (!m?.fsFault) return;
      server.child.off('message', onMessage);
      if (m.fsFault.error) reject(new Error(m.fsFault.error));
      else resolve(m.fsFault.injected ?? 0);
    };
    server.child.on('message', onMessage);
    server.child.send({ fsFault: spec ?? null }, (err) => {
      if (err) {
        server.child.off('message', onMessage);
        reject(err);
      }
    });
  });
}

async function tasksIdle(server: ChildServer, sid: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'list', limit: '-1' }, sid);
    const busy = ((r.data?.tasks ?? []) as { status: string }[]).filter((t) => !FINISHED.has(t.status)).length;
    if (busy === 0) {
      await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'clear_finished' }, sid);
      return;
    }
    if (Date.now() > until) throw new Error(`background tasks still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Thumbnail temporaries (`.tmp-*`) left in the cache after a generation ended. */
function thumbTemporaries(thumbDir: string): string[] {
  if (!existsSync(thumbDir)) return [];
  const out: string[] = [];
  for (const shard of readdirSync(thumbDir)) for (const f of readdirSync(path.join(thumbDir, shard))) if (f.startsWith('.tmp-')) out.push(`${shard}/${f}`);
  return out;
}

export async function runFaults(opts: FaultOptions): Promise<FaultReport> {
  const rng = new Rng(opts.seed);
  const maxFiles = opts.maxFiles ?? 400;
  const maxOps = opts.maxOps ?? opts.faults * 4;
  const started = performance.now();
  const report: FaultReport = { seed: opts.seed, operations: 0, faults: 0, byCall: {}, byOp: {}, answers: {}, unreported: {}, fixtures: 0, violations: [], durationMs: 0 };
  const pictures = new Set<string>();
  let dir = '';
  let server: ChildServer | undefined;
  let sid = '';
  let before = new Map<string, number>();

  const fresh = async () => {
    await server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-fault-'));
    const photoRoot = path.join(dir, 'photo');
    writeFixture(photoRoot, rng, report.fixtures++, 4, 25);
    mkdirSync(path.join(photoRoot, 'T'), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const bytes = await picture(rng);
      pictures.add(sha(bytes));
      writeFileSync(path.join(photoRoot, 'T', `t${i}.jpg`), bytes);
    }
    // alice's personal library (SPEC §18), the other side of the cross-space operations.
    const home = homeOf(dir);
    for (const d of [home.photo, home.trash]) mkdirSync(d, { recursive: true });
    server = await ChildServer.start(dir, { PHOTOSTATION_FAULT: 'fs-ipc', PHOTOSTATION_THUMB_BACKGROUND: '0' }, { probe: true });
    sid = await server.login();
    const created = await server.call({ api: 'SYNO.PhotoStation.User', method: 'create', username: OWNER, password: `${OWNER}-pw` }, sid);
    if (!created.success) throw new Error(`could not create ${OWNER}: ${JSON.stringify(created)}`);
    before = hashCounts(photoRoot, path.join(dir, 'trash'), home.photo, home.trash);
  };

  try {
    for (let round = 1; report.faults < opts.faults && round <= maxOps; round++) {
      if (!server || readLibrary(path.join(dir, 'photo')).items.length > maxFiles) await fresh();
      const live = server as ChildServer;
      const photoRoot = path.join(dir, 'photo');
      const trashDir = path.join(dir, 'trash');
      const thumbDir = path.join(dir, 'thumbs');
      const lib = readLibrary(photoRoot);
      const home = homeOf(dir);
      const which = rng.weighted([
        [6, 'crash-op'],
        [2, 'upload'],
        [1, 'thumb'],
        [2, 'cross'],
      ] as const);
      const drawn =
        which === 'upload'
          ? await upload(rng, lib, pictures)
          : which === 'thumb'
            ? thumbnail(rng, lib, pictures, thumbDir)
            : which === 'cross'
              ? crossOperation(rng, lib, readLibrary(home.photo))
              : undefined;
      const op = drawn ?? drawOperation(rng, lib);
      const call = rng.weighted(CALLS);
      const rule = `fs:${call}:${rng.int(1, 8)}:${rng.pick(FS_ERRNOS)}`;
      const violations: string[] = [];
      const logStart = live.logs.length;
      await arm(live, rule);
      let answers: ChildEnvelope[] = [];
      try {
        answers = await op.run(live, sid);
      } catch (err) {
        violations.push(`${op.kind}: request failed: ${(err as Error).message}`);
      }
      const injected = await arm(live, undefined);
      report.operations++;
      report.faults += injected;
      if (injected > 0) {
        report.byCall[call] = (report.byCall[call] ?? 0) + injected;
        report.byOp[op.kind] = (report.byOp[op.kind] ?? 0) + 1;
      }
      if (live.dead) {
        violations.push(`${op.kind}: the server died`);
        server = undefined;
      } else {
        try {
          await tasksIdle(live, sid);
          const alive = await live.call({ api: 'SYNO.PhotoStation.Auth', method: 'checkauth' }, sid);
          if (!alive.success) violations.push(`${op.kind}: the server no longer answers checkauth: ${JSON.stringify(alive)}`);
        } catch (err) {
          violations.push(`${op.kind}: the server no longer answers: ${(err as Error).message}`);
        }
      }
      // Errors the answers carried after the fault (a task's end is read by op.run itself).
      const reported = failuresOf(answers);
      if (injected > 0) {
        if (reported.length === 0) report.unreported[call] = (report.unreported[call] ?? 0) + 1;
        for (const r of new Set(reported)) report.answers[r] = (report.answers[r] ?? 0) + 1;
      }
      if (reported.includes('100')) violations.push(`${op.kind}: answered 100 under ${rule}`);

      const db = new Database(path.join(dir, 'photostation.db'), { readonly: true, fileMustExist: true });
      violations.push(...indexVsDisk(db, photoRoot), ...trashVsEntries(db, trashDir), ...temporaries(photoRoot), ...temporaries(trashDir));
      if (journalRows(db) > 0) violations.push(`${journalRows(db)} journal rows left`);
      db.close();
      violations.push(...thumbTemporaries(thumbDir).map((f) => `thumbnail temporary left: ${f}`));
      violations.push(...homeViolations(dir));
      const after = hashCounts(photoRoot, trashDir, home.photo, home.trash);
      let lost = 0;
      let duplicated = 0;
      for (const [h, n] of before) lost += Math.max(0, n - (after.get(h) ?? 0));
      for (const [h, n] of after) duplicated += Math.max(0, n - (before.get(h) ?? 0) - (op.copies.get(h) ?? 0));
      if (lost > 0) violations.push(`${lost} contents lost`);
      if (duplicated > 0) {
        // Which contents, where they are now, and what was sent: enough to replay the round by hand.
        const extra = [...after].filter(([h, n]) => n - (before.get(h) ?? 0) - (op.copies.get(h) ?? 0) > 0);
        const where = extra.map(([h, n]) => `${h.slice(0, 8)} ${before.get(h) ?? 0}->${n} (allowed +${op.copies.get(h) ?? 0})`).join('; ');
        violations.push(`${duplicated} contents duplicated beyond the copies made: ${where}${op.detail ? `; sent ${op.detail}` : ''}`);
      }
      before = after;
      report.violations.push(...violations.map((v) => `round ${round} (${op.kind}, ${rule}): ${v}`));
      const logged = live.logs
        .slice(logStart)
        .filter((l) => l.level === 'warn' || l.level === 'error')
        .map((l) => `${String(l.msg)}${l.error ? `: ${String(l.error)}` : ''}`);
      opts.onRound?.({ round, op: op.kind, rule, injected, reported, logged, violations });
      if (!server) await fresh();
    }
  } finally {
    await server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = performance.now() - started;
  return report;
}
