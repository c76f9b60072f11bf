import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import type { PhotoStation } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';

export const ADMIN_PASSWORD = 'admin-pw-7c1e';

export interface AttackServer {
  station: PhotoStation;
  /** Every line the app logged, in order. */
  lines: Record<string, unknown>[];
  /** The app's clock; tests move `clock.now` to pass the throttle window. */
  clock: { now: number };
  url: string;
  /** WebAPI calls made through `call`. */
  calls: number;
  close(): Promise<void>;
}

/** The real app on port 0 in a fresh temporary data folder, with its log captured. */
export async function startServer(overrides: Partial<Config> = {}): Promise<AttackServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ps-auth-'));
  const lines: Record<string, unknown>[] = [];
  const clock = { now: Date.now() };
  const station = await createApp(makeConfig(dir, { adminPassword: ADMIN_PASSWORD, log: (l) => lines.push(l), now: () => clock.now, ...overrides }));
  const server: Server = await new Promise((resolve) => {
    const s = station.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    station,
    lines,
    clock,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: 0,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  body: { success: boolean; data?: Record<string, unknown>; error?: { code: number } };
  cookies: string[];
}

/** One WebAPI call: parameters as a form body (POST) or a query string (GET), extra headers as given. */
export async function call(s: AttackServer, params: Record<string, string>, opts: { headers?: Record<string, string>; get?: boolean } = {}): Promise<Reply> {
  s.calls++;
  const form = new URLSearchParams(params).toString();
  const res = opts.get
    ? await fetch(`${s.url}/photo/webapi/entry.cgi?${form}`, { headers: opts.headers })
    : await fetch(`${s.url}/photo/webapi/entry.cgi`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...opts.headers }, body: form });
  return { body: (await res.json()) as Reply['body'], cookies: res.headers.getSetCookie() };
}

export const auth = (method: string, extra: Record<string, string> = {}) => ({ api: 'SYNO.PhotoStation.Auth', method, version: '1', ...extra });

export async function login(s: AttackServer, username: string, password: string, headers?: Record<string, string>): Promise<Reply> {
  return call(s, auth('login', { username, password }), { headers });
}
