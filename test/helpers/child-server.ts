import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryReport } from '../../src/memory-probe.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Answers of many shapes; callers assert on them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ChildEnvelope = { success: boolean; data?: any; error?: { code: number } };

/**
 * The real server (`node --import tsx src/main.ts`) in its own process on a data folder, as an
 * operator runs it: SIGKILL it (or let `PHOTOSTATION_FAULT` do so), start another on the same
 * folder, and look at what recovery did through its log lines (stdout, one JSON object a line).
 */
export class ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** Every JSON log line the server wrote so far. */
  readonly logs: Record<string, unknown>[];
  /** Settles with the signal that ended the process (null for a normal exit). */
  readonly exited: Promise<NodeJS.Signals | null>;
  #dead = false;
  #probes = 0;

  private constructor(child: ChildProcess, url: string, logs: Record<string, unknown>[], exited: Promise<NodeJS.Signals | null>) {
    this.child = child;
    this.url = url;
    this.logs = logs;
    this.exited = exited;
    void exited.then(() => (this.#dead = true));
  }

  /**
   * Starts a server on `dataDir` with the administrator `admin`/`admin-pw`; `env` adds variables
   * (e.g. PHOTOSTATION_FAULT). `nodeArgs` go to node (`--expose-gc`); `probe` opens the IPC
   * channel `memory()` asks through.
   */
  static async start(dataDir: string, env: Record<string, string> = {}, opts: { nodeArgs?: string[]; probe?: boolean } = {}): Promise<ChildServer> {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
      cwd: repo,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PHOTOSTATION_DATA: dataDir, PHOTOSTATION_ADMIN_PASSWORD: 'admin-pw', ...env },
      stdio: opts.probe ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    });
    const logs: Record<string, unknown>[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (code, signal) => {
        logs.push({ msg: 'process exit', code, signal });
        resolve(signal);
      }),
    );
    const url = await new Promise<string>((resolve, reject) => {
      let pending = '';
      let all = '';
      child.stdout!.on('data', (b: Buffer) => {
        pending += b.toString();
        all += b.toString();
        const lines = pending.split('\n');
        pending = lines.pop() as string;
        for (const line of lines) {
          const m = /on (http:\/\/\S+entry\.cgi)/.exec(line);
          if (m) resolve(m[1] as string);
          else if (line.startsWith('{')) {
            try {
              logs.push(JSON.parse(line) as Record<string, unknown>);
            } catch {
              // a line cut by SIGKILL
            }
          }
        }
      });
      child.once('exit', (code, signal) => reject(new Error(`server exited before listening (code ${code}, signal ${signal}): ${all.slice(-2000)}`)));
    });
    return new ChildServer(child, url, logs, exited);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get dead(): boolean {
    return this.#dead;
  }

  /** POSTs a form call; rejects when the connection dies with the server. */
  async call(params: Record<string, string>, sid?: string): Promise<ChildEnvelope> {
    const body = new URLSearchParams({ version: '1', ...params, ...(sid ? { _sid: sid } : {}) });
    return (await (await fetch(this.url, { method: 'POST', body })).json()) as ChildEnvelope;
  }

  async login(username = 'admin', password = 'admin-pw'): Promise<string> {
    const r = await this.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', username, password });
    if (!r.success) throw new Error(`login failed: ${JSON.stringify(r)}`);
    return r.data.sid as string;
  }

  /** Sends `signal` (SIGKILL by default) and waits for the process to end. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<NodeJS.Signals | null> {
    if (!this.#dead) this.child.kill(signal);
    return this.exited;
  }

  /**
   * The server's memory (`src/memory-probe.ts`), after a full collection when `gc` is set and the
   * server runs with `--expose-gc`; `snapshot` names a heap snapshot file to write first.
   * Needs a server started with `probe: true`.
   */
  async memory(opts: { gc?: boolean; snapshot?: string } = {}): Promise<MemoryReport> {
    const probe = ++this.#probes;
    return new Promise<MemoryReport>((resolve, reject) => {
      const onMessage = (m: { probe?: number; report?: MemoryReport }) => {
        if (m.probe !== probe || !m.report) return;
        this.child.off('message', onMessage);
        resolve(m.report);
      };
      this.child.on('message', onMessage);
      this.child.send({ probe, ...opts }, (err) => {
        if (err) {
          this.child.off('message', onMessage);
          reject(err);
        }
      });
    });
  }

  /** Resident set size in KiB (Linux /proc). */
  rssKiB(): number {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    if (!m) throw new Error('VmRSS not found');
    return Number(m[1]);
  }
}
