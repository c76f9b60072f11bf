import { AsyncLocalStorage } from 'node:async_hooks';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';
import { judge, leaks } from './check.ts';
import type { FuzzContext, FuzzRequest } from './generate.ts';
import { describe, generateRequest } from './request.ts';
import { MARKER, Sandbox } from './sandbox.ts';
import { sendHttp, sendRaw } from './send.ts';
import type { Answer } from './send.ts';
import { FUZZ_USER, SessionKeeper } from './sessions.ts';
import { hostileIds } from './values.ts';

export interface FuzzOptions {
  seed: number;
  requests: number;
  concurrency?: number;
  /** Count code 100 from placeholder handlers (logged reason `not built yet`) instead of reporting it. */
  allowPlaceholders?: boolean;
  /** Run only this request (on a fresh server) and return its full exchange. */
  replay?: number;
  progress?: (done: number, total: number) => void;
}

export interface Finding {
  kind: string;
  label: string;
  detail: string;
  count: number;
  /** Indexes of the first requests that showed it (replay with `--seed S --replay I`). */
  indexes: number[];
  request?: Record<string, unknown>;
  stack?: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  durationMs: number;
  /** Outcome (`ok`, an error code, `404`, `http-400`, `no-answer`, ...) -> count. */
  codes: Record<string, number>;
  /** `api.method` or `category:scenario` -> outcome -> count. */
  perLabel: Record<string, Record<string, number>>;
  placeholders: Record<string, number>;
  aliveChecks: number;
  sentinelIntact: boolean;
  findings: Finding[];
  replay?: { request: Record<string, unknown>; answer: unknown; log: unknown[] };
}

const BODY_LIMIT = 256 * 1024;
const PLACEHOLDER_REASON = 'not built yet';
type LogLine = Record<string, unknown>;

/**
 * Runs the fuzzer against the real app, in-process, on port 0, in a fresh sandbox. Every answer
 * is judged on its own; every `aliveEvery` requests a cheap Info query proves the server still
 * answers; at the end the sentinel tree outside the photo root must be byte-identical and every
 * logged code 100 becomes a finding (with its stack), unless `allowPlaceholders` excuses a
 * placeholder handler's deliberate 100.
 */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const { seed } = opts;
  const concurrency = opts.concurrency ?? 16;
  const sandbox = new Sandbox();
  const als = new AsyncLocalStorage<number>();
  const kept = new Map<number, LogLine[]>();
  const orphans: LogLine[] = [];
  const log = (line: LogLine) => {
    const id = als.getStore();
    const keep = opts.replay !== undefined || line.code === 100 || line.level === 'error';
    if (!keep) return;
    if (id === undefined) orphans.push(line);
    else kept.set(id, [...(kept.get(id) ?? []), line]);
  };
  const config: Config = makeConfig(sandbox.dataDir, { photoRoot: sandbox.photoRoot, adminPassword: 'fuzz-admin-password', bodyLimit: BODY_LIMIT, longPollMaxMs: 200, log });
  const station = await createApp(config);
  const callback = station.app.callback();
  const server = http.createServer((req, res) => {
    const id = Number(req.headers['x-fuzz-id']);
    als.run(Number.isInteger(id) ? id : -1, () => void callback(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let onCrash: (err: unknown) => void = () => {};
  try {
    const keeper = new SessionKeeper(station.services);
    await keeper.repair();

    const targets = station.services.registry.descriptors().flatMap((api) => Object.entries(api.methods).map(([method, md]) => ({ api, method, md })));
    const ctx: FuzzContext = {
      targets,
      validIds: sandbox.validIds(),
      hostileIds: hostileIds(),
      usernames: ['admin', FUZZ_USER, 'ADMIN', 'nobody', 'new-user', 'a', '', 'é', 'x'.repeat(65), 'admin\0', "admin' --"],
      bodyLimit: BODY_LIMIT,
      sid: (kind) => keeper.sid(kind),
      token: (kind) => keeper.token(kind),
    };
    const secrets = [MARKER, sandbox.base];
    const before = sandbox.outsideDigest();

    const report: FuzzReport = { seed, requests: 0, durationMs: 0, codes: {}, perLabel: {}, placeholders: {}, aliveChecks: 0, sentinelIntact: true, findings: [] };
    const findings = new Map<string, Finding>();
    let dead = false;
    const requests = new Map<number, FuzzRequest>();
    const addFinding = (kind: string, label: string, detail: string, index: number, req?: FuzzRequest, stack?: string) => {
      const key = `${kind}|${label}|${detail}|${stack?.split('\n').slice(0, 2).join('|') ?? ''}`;
      const f = findings.get(key);
      if (f) {
        f.count++;
        if (f.indexes.length < 5) f.indexes.push(index);
        return;
      }
      findings.set(key, { kind, label, detail, count: 1, indexes: [index], ...(req ? { request: describe(req) } : {}), ...(stack ? { stack } : {}) });
    };

    // A throw that escapes every handler (an event listener, a timer) would end the process:
    // record it as a finding and stop the run instead.
    onCrash = (err: unknown) => {
      dead = true;
      addFinding('crash', 'process', 'uncaught exception', -1, undefined, (err as Error)?.stack ?? String(err));
    };
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    const send = (req: FuzzRequest): Promise<Answer> => (req.transport === 'raw' ? sendRaw(port, req, 150) : sendHttp(agent, port, req, 10_000));
    const alive = async (index: number) => {
      report.aliveChecks++;
      const probe: FuzzRequest = {
        index: -2,
        label: 'alive',
        session: 'guest',
        transport: 'http',
        method: 'GET',
        path: '/photo/webapi/query.php?api=SYNO.API.Info&method=query&version=1&query=SYNO.API.Info',
        headers: {},
        expect: 'envelope',
        binaryOk: false,
      };
      const a = await sendHttp(agent, port, probe, 5_000);
      if (a.kind !== 'response' || a.status !== 200 || !a.body.toString().includes('"success":true')) {
        dead = true;
        addFinding('dead', 'alive', `the Info query failed after request ${index}`, index);
      }
    };

    const started = performance.now();
    const first = opts.replay ?? 0;
    const end = opts.replay !== undefined ? opts.replay + 1 : opts.requests;
    let next = first;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= end || dead) return;
        if (i > first && i % 500 === 0) await alive(i);
        if (i % 100 === 0) await keeper.repair();
        const req = generateRequest(seed, i, ctx);
        const answer = await send(req);
        const verdict = judge(req, answer, secrets);
        report.requests++;
        report.codes[verdict.outcome] = (report.codes[verdict.outcome] ?? 0) + 1;
        const per = (report.perLabel[req.label] ??= {});
        per[verdict.outcome] = (per[verdict.outcome] ?? 0) + 1;
        for (const p of verdict.problems) addFinding('bad-answer', req.label, p, i, req);
        if (verdict.code === 100) requests.set(i, req);
        if (opts.replay !== undefined) {
          report.replay = {
            request: describe(req),
            answer: answer.kind === 'response' ? { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8').slice(0, 4000) } : answer,
            log: [],
          };
        }
        if (report.requests % 1000 === 0) opts.progress?.(report.requests, end - first);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (!dead) await alive(end);
    report.durationMs = Math.round(performance.now() - started);

    // Let cut raw exchanges finish on the server side before judging the log and the folders.
    await new Promise((r) => setTimeout(r, 300));
    for (const [index, lines] of kept) {
      const req = requests.get(index) ?? (index >= 0 ? generateRequest(seed, index, ctx) : undefined);
      const stack = lines.find((l) => l.level === 'error')?.stack as string | undefined;
      if (stack !== undefined && !lines.some((l) => l.code === 100))
        addFinding('logged-error', req?.label ?? `request ${index}`, 'an error logged with its stack', index, req, stack);
      for (const line of lines) {
        if (line.code !== 100) continue;
        const label = req?.label ?? `request ${index}`;
        if (line.reason === PLACEHOLDER_REASON) {
          report.placeholders[label] = (report.placeholders[label] ?? 0) + 1;
          if (!opts.allowPlaceholders) addFinding('code-100', label, 'placeholder handler (not built yet)', index, req);
        } else {
          addFinding('code-100', label, 'unexpected exception', index, req, stack);
        }
      }
    }
    for (const line of orphans)
      if (line.code === 100 || line.level === 'error') addFinding('code-100', 'unattributed', String(line.msg ?? 'code 100'), -1, undefined, line.stack as string | undefined);
    if (opts.replay !== undefined && report.replay) report.replay.log = kept.get(opts.replay) ?? [];
    const leftovers = readdirSync(config.tmpDir);
    if (leftovers.length > 0) addFinding('tmp-leftover', 'uploads', `${leftovers.length} temporary upload file(s) left in the data folder`, -1);
    for (const p of leaks(Buffer.from(JSON.stringify(orphans)), [MARKER])) addFinding('leak', 'log', p, -1);
    report.sentinelIntact = sandbox.outsideDigest() === before;
    if (!report.sentinelIntact) addFinding('outside-changed', 'sentinel', 'the tree outside the photo root and data folder changed', -1);

    report.findings = [...findings.values()];
    return report;
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await station.close();
    sandbox.remove();
  }
}
