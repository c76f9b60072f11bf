import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildServer } from '../../test/helpers/child-server.ts';
import type { ChildEnvelope } from '../../test/helpers/child-server.ts';
import { hashCounts, indexVsDisk, journalRows, temporaries, trashVsEntries } from '../../test/helpers/library-check.ts';
import { Rng } from '../fuzz/prng.ts';
import { metadataViolations, writeMetadata } from './metadata.ts';
import { drawOperation } from './operations.ts';
import type { Operation } from './operations.ts';
import { readLibrary, writeFixture } from './state.ts';

export interface CrashOptions {
  seed: number;
  kills: number;
  /** A fresh fixture once the library holds more files than this (copies make it grow). */
  maxFiles?: number;
  /** Called with each round's figures as it ends. */
  onRound?: (r: RoundReport) => void;
  /**
   * A folder where a round with a violation leaves a copy of its data folder and its requests
   * and answers (`seed-<seed>-round-<n>/`). External kills make a run's later rounds depend on
   * timing, so a finding may not come back when the seed is run again (issue #11, seed 1).
   */
  keepDir?: string;
}

export interface RoundReport {
  round: number;
  /** `fault before-commit:7`, `kill -9 after 12 ms`, or `kill -9 (fault not reached)`. */
  kill: string;
  ops: string[];
  /** The operation in flight when the process died (undefined: it died between operations). */
  killedDuring: string | undefined;
  /** Journal intents the crash left (recovery redoes or undoes each). */
  intents: number;
  redone: number;
  undone: number;
  /** Background tasks the restart found unfinished and ran to their end. */
  tasksResumed: number;
  files: number;
  lost: number;
  duplicated: number;
  mismatches: number;
  violations: string[];
  ms: number;
}

export interface CrashReport {
  seed: number;
  kills: number;
  faultKills: number;
  externalKills: number;
  operations: number;
  opsByKind: Record<string, number>;
  killedDuring: number;
  recoveriesWithWork: number;
  redone: number;
  undone: number;
  tasksResumed: number;
  fixtures: number;
  lost: number;
  duplicated: number;
  mismatches: number;
  violations: string[];
  durationMs: number;
}

const POINTS = ['after-journal', 'after-disk', 'before-commit'] as const;
const MAX_OPS = 8;

/** Server errors that mean a bug: code 100 anywhere, a Batch unit that failed with 500. */
function answerViolations(kind: string, answers: ChildEnvelope[]): string[] {
  const out: string[] = [];
  for (const a of answers) {
    if (!a.success && a.error?.code === 100) out.push(`${kind}: answered 100`);
    for (const it of (a.data?.items ?? []) as { status?: number; id?: unknown }[]) if (it.status === 500) out.push(`${kind}: unit ${String(it.id)} failed with 500`);
  }
  return out;
}

async function tasksIdle(server: ChildServer, sid: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'list', limit: '-1' }, sid);
    const busy = ((r.data?.tasks ?? []) as { status: string }[]).filter((t) => t.status === 'queued' || t.status === 'processing').length;
    if (busy === 0) {
      await server.call({ api: 'SYNO.PhotoStation.BackgroundTask', method: 'clear_finished' }, sid);
      return;
    }
    if (Date.now() > until) throw new Error(`background tasks still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The crash-injection run: rounds of random operations against the real server in a child
 * process, each ended by a SIGKILL (the fault switch at a random point and unit, or an external
 * `kill -9` at a random moment of a random operation), a restart, and a check by content hash
 * and of the index against the disk. The library evolves across rounds; it is replaced by a
 * fresh one when copies have grown it past `maxFiles`.
 */
export async function runCrash(opts: CrashOptions): Promise<CrashReport> {
  const rng = new Rng(opts.seed);
  const maxFiles = opts.maxFiles ?? 600;
  const started = performance.now();
  const report: CrashReport = {
    seed: opts.seed,
    kills: 0,
    faultKills: 0,
    externalKills: 0,
    operations: 0,
    opsByKind: {},
    killedDuring: 0,
    recoveriesWithWork: 0,
    redone: 0,
    undone: 0,
    tasksResumed: 0,
    fixtures: 0,
    lost: 0,
    duplicated: 0,
    mismatches: 0,
    violations: [],
    durationMs: 0,
  };
  // Per kind of operation, how long it took so far (a moving average): external kills aim inside that span.
  const tookMs = new Map<string, number>();
  let dir = '';
  let server: ChildServer | undefined;
  let sid = '';
  let before = new Map<string, number>();
  const reported = new WeakSet<object>();

  const fresh = async () => {
    await server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-crash-'));
    writeFixture(path.join(dir, 'photo'), rng, report.fixtures++);
    // A first start indexes the files; with it stopped, every item gets its content's metadata.
    await (await ChildServer.start(dir)).kill('SIGTERM');
    const seed = new Database(path.join(dir, 'photostation.db'));
    writeMetadata(seed, readLibrary(path.join(dir, 'photo')));
    seed.close();
    server = await ChildServer.start(dir);
    sid = await server.login();
    before = hashCounts(path.join(dir, 'photo'), path.join(dir, 'trash'));
  };

  try {
    for (let round = 1; round <= opts.kills; round++) {
      const t0 = performance.now();
      if (!server || readLibrary(path.join(dir, 'photo')).items.length > maxFiles) await fresh();
      const useFault = rng.chance(0.5);
      let kill: string;
      let killAt = -1;
      let killFraction = 0;
      if (useFault) {
        const spec = `${rng.pick(POINTS)}:${rng.int(1, 30)}`;
        kill = `fault ${spec}`;
        await server!.kill('SIGTERM');
        server = await ChildServer.start(dir, { PHOTOSTATION_FAULT: spec });
        sid = await server.login();
      } else {
        killAt = rng.int(0, 2);
        killFraction = rng.float();
        kill = 'kill -9';
      }
      const live = server!;
      const calls: string[] = [];
      if (opts.keepDir) {
        const call = live.call.bind(live);
        live.call = async (params, s) => {
          const answer = await call(params, s);
          calls.push(`${JSON.stringify(params)} -> ${JSON.stringify(answer)}`);
          return answer;
        };
      }
      const copies = new Map<string, number>();
      const ops: string[] = [];
      const violations: string[] = [];
      let killedDuring: string | undefined;
      let timer: NodeJS.Timeout | undefined;
      for (let i = 0; i < MAX_OPS && !live.dead; i++) {
        const op: Operation = drawOperation(rng, readLibrary(path.join(dir, 'photo')));
        for (const [h, n] of op.copies) copies.set(h, (copies.get(h) ?? 0) + n);
        ops.push(op.kind);
        report.opsByKind[op.kind] = (report.opsByKind[op.kind] ?? 0) + 1;
        if (i === killAt) {
          const delay = Math.round(killFraction * (tookMs.get(op.kind) ?? 20));
          kill = `kill -9 after ${delay} ms`;
          timer = setTimeout(() => void live.kill('SIGKILL'), delay);
        }
        const t = performance.now();
        try {
          const answers = await op.run(live, sid);
          violations.push(...answerViolations(op.kind, answers));
          const took = performance.now() - t;
          tookMs.set(op.kind, 0.7 * (tookMs.get(op.kind) ?? took) + 0.3 * took);
        } catch {
          // The connection died with the server (give the exit event a moment to arrive).
          killedDuring = op.kind;
          await Promise.race([live.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          if (!live.dead) violations.push(`${op.kind}: request failed while the server was alive`);
          break;
        }
        if (timer && i === killAt) await live.exited;
      }
      if (!live.dead) {
        kill = useFault ? `kill -9 (${kill} not reached)` : kill;
        await live.kill('SIGKILL');
      }
      clearTimeout(timer);
      // What the crash left for the restart, read before it: intents in the journal, unfinished tasks.
      const peek = new Database(path.join(dir, 'photostation.db'));
      const intents = journalRows(peek);
      const tasksLeft = peek.prepare("SELECT count(*) FROM tasks WHERE status IN ('queued', 'processing')").pluck().get() as number;
      peek.close();
      if (kill.startsWith('fault')) report.faultKills++;
      else report.externalKills++;
      report.kills++;
      report.operations += ops.length;
      if (killedDuring) report.killedDuring++;

      // Restart: recovery and the start-up scan run before it listens; then resumed tasks end.
      server = await ChildServer.start(dir);
      sid = await server.login();
      try {
        await tasksIdle(server, sid);
      } catch (err) {
        violations.push((err as Error).message);
      }
      const recovered = server.logs.find((l) => l.msg === 'journal recovered') as { redone: number; undone: number } | undefined;
      const rescanned = server.logs.find((l) => l.msg === 'start-up scan changed the index');
      // Errors of the killed server and of the restart, each line once (a server lives on into the next round).
      for (const l of [...live.logs, ...server.logs])
        if (l.level === 'error' && !reported.has(l) && reported.add(l)) violations.push(`server error: ${String(l.msg)} ${String(l.stack ?? '').split('\n')[0]}`);

      const photoRoot = path.join(dir, 'photo');
      const trashDir = path.join(dir, 'trash');
      const db = new Database(path.join(dir, 'photostation.db'), { readonly: true, fileMustExist: true });
      const mismatches = [
        ...indexVsDisk(db, photoRoot),
        ...trashVsEntries(db, trashDir),
        ...temporaries(photoRoot),
        ...temporaries(trashDir),
        ...metadataViolations(db, readLibrary(photoRoot)),
      ];
      if (journalRows(db) > 0) mismatches.push(`${journalRows(db)} journal rows left`);
      db.close();
      // Recovery leaves the index equal to the disk (an album copy's folders are units too): any
      // correction the start-up scan had to make is a mismatch.
      const scanFixed = rescanned as { added: number; removed: number; albumsAdded: number; albumsRemoved: number } | undefined;
      if (scanFixed && scanFixed.added + scanFixed.removed + scanFixed.albumsAdded + scanFixed.albumsRemoved > 0)
        mismatches.push(`start-up scan had to fix the index: ${JSON.stringify(rescanned)}`);

      const after = hashCounts(photoRoot, trashDir);
      let lost = 0;
      let duplicated = 0;
      for (const [h, n] of before) {
        const now = after.get(h) ?? 0;
        if (now < n) lost += n - now;
      }
      for (const [h, n] of after) {
        const allowed = (before.get(h) ?? 0) + (copies.get(h) ?? 0);
        if (n > allowed) duplicated += n - allowed;
      }
      if (lost > 0) violations.push(`${lost} contents lost`);
      if (duplicated > 0) violations.push(`${duplicated} contents duplicated beyond the copies made`);
      violations.push(...mismatches);
      if (opts.keepDir && violations.length > 0) {
        const keep = path.join(opts.keepDir, `seed-${opts.seed}-round-${round}`);
        mkdirSync(keep, { recursive: true });
        cpSync(dir, path.join(keep, 'data'), { recursive: true });
        const extra = [...after]
          .filter(([h, n]) => n > (before.get(h) ?? 0) + (copies.get(h) ?? 0))
          .map(([h, n]) => `${h}: ${n}, before ${before.get(h) ?? 0}, copies allowed ${copies.get(h) ?? 0}`);
        writeFileSync(
          path.join(keep, 'round.txt'),
          [
            kill,
            ...violations,
            '',
            ...calls,
            '',
            'contents over their allowance:',
            ...extra,
            '',
            'server logs:',
            ...[...live.logs, ...server.logs].map((l) => JSON.stringify(l)),
          ].join('\n'),
        );
      }
      before = after;

      const r: RoundReport = {
        round,
        kill,
        ops,
        killedDuring,
        intents,
        redone: recovered?.redone ?? 0,
        undone: recovered?.undone ?? 0,
        tasksResumed: tasksLeft,
        files: [...after.values()].reduce((a, b) => a + b, 0),
        lost,
        duplicated,
        mismatches: mismatches.length,
        violations,
        ms: performance.now() - t0,
      };
      if (recovered) report.recoveriesWithWork++;
      report.redone += r.redone;
      report.undone += r.undone;
      report.tasksResumed += tasksLeft;
      report.lost += lost;
      report.duplicated += duplicated;
      report.mismatches += mismatches.length;
      report.violations.push(...violations.map((v) => `round ${round}: ${v}`));
      opts.onRound?.(r);
    }
  } finally {
    await server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = performance.now() - started;
  return report;
}
