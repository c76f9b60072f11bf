import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import type { PhotoStation } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';

export interface Envelope {
  success: boolean;
  data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: { code: number; errors?: unknown[] };
}

/** A server on a fresh temporary data folder, reached over real HTTP. */
export interface TestStation {
  station: PhotoStation;
  dir: string;
  root: string;
  /** `http://127.0.0.1:<port>`, for requests `call` does not make. */
  base: string;
  /** `http://127.0.0.1:<port>`: for requests `call` does not make (binary answers). */
  url: string;
  call(api: string, method: string, params?: Record<string, string | number | boolean>, sid?: string): Promise<Envelope>;
  login(username: string, password: string): Promise<string>;
  /** Creates a user; grants nothing. */
  addUser(username: string, password: string, isAdmin?: boolean): Promise<void>;
  /** Writes a rights row as Permission.edit would. */
  grant(username: string, albumPath: string, rights: { browse?: boolean; upload?: boolean; manage?: boolean }): void;
  /** Rescans the photo root and waits for both passes. */
  rescan(): Promise<void>;
  close(): Promise<void>;
}

/** `setup` fills the photo root before the server starts (and scans it). */
export async function startStation(overrides: Partial<Config> = {}, setup?: (root: string) => void): Promise<TestStation> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-browse-'));
  const config = makeConfig(dir, { adminPassword: 'admin-pw', ...overrides });
  if (setup) {
    mkdirSync(config.photoRoot, { recursive: true });
    setup(config.photoRoot);
  }
  const station = await createApp(config);
  await station.services.scanner.done;
  const server: Server = station.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/photo/webapi/entry.cgi`;

  const call: TestStation['call'] = async (api, method, params = {}, sid) => {
    const body = new URLSearchParams({ api, method, version: '1' });
    for (const [k, v] of Object.entries(params)) body.set(k, String(v));
    if (sid) body.set('_sid', sid);
    const res = await fetch(url, { method: 'POST', body });
    return (await res.json()) as Envelope;
  };

  return {
    station,
    dir,
    root: config.photoRoot,
    base: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    call,
    async login(username, password) {
      const res = await call('SYNO.PhotoStation.Auth', 'login', { username, password });
      if (!res.success) throw new Error(`login ${username} failed: ${JSON.stringify(res)}`);
      return res.data.sid as string;
    },
    async addUser(username, password, isAdmin = false) {
      await station.services.users.create(username, password, isAdmin, Date.now());
    },
    grant(username, albumPath, rights) {
      const { db, users, library } = station.services;
      const user = users.byName(username);
      const album = library.albums.byPath(albumPath);
      if (!user || !album) throw new Error(`grant: no user ${username} or album ${albumPath}`);
      db.prepare('INSERT OR REPLACE INTO album_rights (album_id, user_id, browse, upload, manage) VALUES (?, ?, ?, ?, ?)').run(
        album.id,
        user.id,
        rights.browse ? 1 : 0,
        rights.upload ? 1 : 0,
        rights.manage ? 1 : 0,
      );
    },
    async rescan() {
      await station.services.scanner.scan();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `album_<hex>` of a path, as a client would build it. */
export function albumIdOf(p: string): string {
  return p === '' ? '' : `album_${Buffer.from(p).toString('hex')}`;
}

export function itemIdOf(albumPath: string, name: string, kind: 'photo' | 'video' = 'photo'): string {
  const album = albumPath === '' ? '2f' : Buffer.from(albumPath).toString('hex');
  return `${kind}_${album}_${Buffer.from(name).toString('hex')}`;
}

export const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures');
