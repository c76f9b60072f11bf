import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';
import type { AlbumRow } from '../../src/library/albums.ts';
import type { Services } from '../../src/services.ts';

/** Helpers for the upload and permission suites: one server per suite, real HTTP. */
export interface TestServer {
  base: string;
  services: Services;
  config: Config;
  dataDir: string;
  /** The folder holding dataDir and nothing else: a write that escapes dataDir lands here. */
  sandbox: string;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-pw';

export async function startServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const sandbox = mkdtempSync(path.join(os.tmpdir(), 'ps-upload-'));
  const dataDir = path.join(sandbox, 'data');
  const config = makeConfig(dataDir, {
    adminPassword: ADMIN_PASSWORD,
    log: (l) => {
      if (l.level === 'error') console.error(l);
    },
    ...overrides,
  });
  const ps = await createApp(config);
  const server: Server = await new Promise((resolve) => {
    const s = ps.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    services: ps.services,
    config,
    dataDir,
    sandbox,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ps.close();
      rmSync(sandbox, { recursive: true, force: true });
    },
  };
}

export interface Envelope {
  success: boolean;
  data?: Record<string, unknown> & { id?: string; items?: Record<string, unknown>[] };
  error?: { code: number };
}

/** A form-encoded call to entry.cgi. */
export async function call(base: string, params: Record<string, string>, sid?: string): Promise<Envelope> {
  const body = new URLSearchParams({ ...params, ...(sid ? { _sid: sid } : {}) });
  const res = await fetch(`${base}/photo/webapi/entry.cgi`, { method: 'POST', body });
  return (await res.json()) as Envelope;
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const env = await call(base, { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username, password });
  if (!env.success) throw new Error(`login of ${username} failed: ${JSON.stringify(env)}`);
  return env.data?.sid as string;
}

export interface FilePart {
  bytes: Uint8Array;
  filename: string;
  /** Form field name; `original` unless told. */
  field?: string;
}

/**
 * A real multipart upload to file.php: api/method/version travel as text fields as clients send
 * them, the file part last.
 */
export async function upload(base: string, fields: Record<string, string>, file: FilePart | undefined, sid?: string): Promise<Envelope> {
  const form = new FormData();
  const all: Record<string, string> = { api: 'SYNO.PhotoStation.File', version: '1', method: 'uploadphoto', ...fields };
  if (sid) all._sid = sid;
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  if (file) form.append(file.field ?? 'original', new Blob([Uint8Array.from(file.bytes)]), file.filename);
  const res = await fetch(`${base}/photo/webapi/file.php`, { method: 'POST', body: form });
  return (await res.json()) as Envelope;
}

/** Creates the album folders of `albumPath` on disk and in the index, parents first. */
export function makeAlbum(services: Services, albumPath: string, type: AlbumRow['type'] = null): AlbumRow {
  const { albums } = services.library;
  let album = albums.root();
  let current = '';
  for (const segment of albumPath.split('/')) {
    current = current === '' ? segment : `${current}/${segment}`;
    mkdirSync(path.join(services.config.photoRoot, current), { recursive: true });
    album = albums.byPath(current) ?? albums.insert(album, segment, services.config.now(), current === albumPath ? type : null);
  }
  return album;
}

/** Every file below `dir`, relative, sorted; hidden ones included. */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** Polls `check` until it holds or `ms` pass; cleanup after a cut connection is asynchronous. */
export async function eventually(check: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
