import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import type { PhotoStation } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';

export const ENTRY = '/photo/webapi/entry.cgi';
export const ADMIN_PASSWORD = 'admin-pw';
/** The injected clock starts here; tests move it forward. */
export const START = Date.UTC(2024, 0, 1, 12, 0, 0);

export type Params = Record<string, string | number | boolean>;

export interface CallOptions {
  /** URL path, `/photo/webapi/entry.cgi` by default. */
  path?: string;
  /** `form` (default) posts urlencoded; `query` sends a GET with the parameters in the URL. */
  as?: 'form' | 'query';
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // The envelope, loosely typed: tests assert on its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestServer {
  url: string;
  station: PhotoStation;
  dataDir: string;
  /** Every line the server logged, oldest first. */
  logs: Record<string, unknown>[];
  clock: { now(): number; advance(ms: number): void };
  call(params: Params, opts?: CallOptions): Promise<Answer>;
  /** Any request, for bodies and content types `call` does not make. */
  request(urlPath: string, init?: RequestInit): Promise<Answer>;
  /** Logs in and answers the session id; throws when the login fails. */
  login(username: string, password: string): Promise<string>;
  /** Closes the app and opens a new one on the same data folder (a new port). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

function listen(station: PhotoStation): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = station.app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

/**
 * A real server listening on a free loopback port, on a fresh temporary data folder (removed by
 * `close`) or on `dataDir` (left in place).
 */
export async function startServer(overrides: Partial<Config> = {}, existingDataDir?: string): Promise<TestServer> {
  const dataDir = existingDataDir ?? mkdtempSync(path.join(tmpdir(), 'ps-test-'));
  const logs: Record<string, unknown>[] = [];
  let time = START;
  const config = makeConfig(dataDir, { adminPassword: ADMIN_PASSWORD, log: (line) => logs.push(line), now: () => time, ...overrides });

  let station = await createApp(config);
  let { server, url } = await listen(station);

  const stop = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await station.close();
  };

  const t: TestServer = {
    get url() {
      return url;
    },
    get station() {
      return station;
    },
    dataDir,
    logs,
    clock: { now: () => time, advance: (ms) => void (time += ms) },
    async request(urlPath, init) {
      return answer(await fetch(url + urlPath, init));
    },
    async call(params, opts = {}) {
      const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      const where = opts.path ?? ENTRY;
      if (opts.as === 'query') return t.request(`${where}?${search}`, { headers: opts.headers });
      return t.request(where, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...opts.headers },
        body: search.toString(),
      });
    },
    async login(username, password) {
      const res = await t.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username, password });
      if (res.body?.success !== true) throw new Error(`login ${username} failed: ${res.text}`);
      return res.body.data.sid as string;
    },
    async restart() {
      await stop();
      station = await createApp(config);
      ({ server, url } = await listen(station));
    },
    async close() {
      await stop();
      if (existingDataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Shorthands for the calls most tests make. */
export const info = (query = 'all'): Params => ({ api: 'SYNO.API.Info', method: 'query', version: 1, query });
export const checkauth = (): Params => ({ api: 'SYNO.PhotoStation.Auth', method: 'checkauth', version: 1 });
export const userApi = (method: string, extra: Params = {}): Params => ({ api: 'SYNO.PhotoStation.User', method, version: 1, ...extra });
