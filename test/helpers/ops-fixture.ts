import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.ts';
import type { PhotoStation } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';
import type { AlbumRow } from '../../src/library/albums.ts';
import { baseName, parentPath } from '../../src/library/ids.ts';
import { kindOf } from '../../src/library/media.ts';
import { contentHashes, indexVsDisk, temporaries } from './library-check.ts';

// Tests read answers of many shapes; `any` keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Envelope = { success: boolean; data?: any; error?: { code: number } };

/**
 * A real server on port 0 with a fresh data folder, plus helpers to lay out albums and items the
 * way the scanner would (folders and files on disk, rows in the index) and to compare the index
 * with the disk.
 */
export class OpsFixture {
  readonly dir: string;
  station!: PhotoStation;
  server!: Server;
  url!: string;
  adminSid!: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'ps-ops-'));
  }

  static async start(overrides: Partial<Config> = {}): Promise<OpsFixture> {
    const f = new OpsFixture();
    await f.open(overrides);
    return f;
  }

  async open(overrides: Partial<Config> = {}): Promise<void> {
    this.station = await createApp(makeConfig(this.dir, { adminPassword: 'admin-pw', ...overrides }));
    this.server = this.station.app.listen(0, '127.0.0.1');
    await new Promise((r) => this.server.once('listening', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/photo/webapi/entry.cgi`;
    this.adminSid = await this.login('admin', 'admin-pw');
  }

  /** Stops the server; `keep` leaves the data folder for a restart. */
  async stop(keep = false): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    await this.station.close();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }

  get lib() {
    return this.station.services.library;
  }

  get photoRoot(): string {
    return this.station.services.config.photoRoot;
  }

  get trashDir(): string {
    return this.station.services.config.trashDir;
  }

  async call(api: string, method: string, params: Record<string, string>, sid: string | null = this.adminSid): Promise<Envelope> {
    const body = new URLSearchParams({ api, method, version: '1', ...params, ...(sid ? { _sid: sid } : {}) });
    const res = await fetch(this.url, { method: 'POST', body });
    return (await res.json()) as Envelope;
  }

  async login(username: string, password: string): Promise<string> {
    const r = await this.call('SYNO.PhotoStation.Auth', 'login', { username, password }, null);
    if (!r.success) throw new Error(`login failed: ${JSON.stringify(r)}`);
    return r.data.sid as string;
  }

  /** A non-administrator with rights granted per album path. */
  async user(username: string, grants: Record<string, { browse?: boolean; upload?: boolean; manage?: boolean }>): Promise<string> {
    const u = await this.station.services.users.create(username, 'user-pw', false, Date.now());
    const ins = this.lib.db.prepare('INSERT INTO album_rights (album_id, user_id, browse, upload, manage) VALUES (?, ?, ?, ?, ?)');
    for (const [p, r] of Object.entries(grants)) ins.run(this.album(p).id, u.id, r.browse ? 1 : 0, r.upload ? 1 : 0, r.manage ? 1 : 0);
    return this.login(username, 'user-pw');
  }

  /** The album at `p` (folders and rows created as needed). */
  album(p: string): AlbumRow {
    const found = this.lib.albums.byPath(p);
    if (found) return found;
    const parent = this.album(parentPath(p));
    mkdirSync(path.join(this.photoRoot, p), { recursive: true });
    return this.lib.albums.insert(parent, baseName(p), Date.now());
  }

  /** A photo file with unique content and an index row carrying metadata. */
  photo(albumPath: string, name: string, meta: { title?: string; rating?: number; lat?: number; lng?: number } = {}, content?: string) {
    const album = this.album(albumPath);
    const file = path.join(this.photoRoot, albumPath, name);
    const data = content ?? `${albumPath}/${name}#${Math.random()}`;
    writeFileSync(file, data);
    return this.lib.items.insert({
      album_id: album.id,
      name,
      kind: kindOf(name) ?? 'photo',
      size: data.length,
      mtime: 1_600_000_000_000,
      created_at: Date.now(),
      taken_at: 1_500_000_000_000,
      width: 10,
      height: 10,
      orientation: 1,
      lat: meta.lat ?? null,
      lng: meta.lng ?? null,
      title: meta.title ?? '',
      description: '',
      rating: meta.rating ?? 0,
      exif: null,
    });
  }

  /**
   * `photos` small files in `albums` sub-albums of a new top-level album, written directly (files
   * on disk, rows in one transaction) with their real size and mtime, so a start-up scan of the
   * fixture finds nothing to do.
   */
  bulk(top: string, photos: number, albums: number): void {
    const root = this.album(top);
    const now = Date.now();
    const ins = this.lib.db.prepare(`INSERT INTO items (album_id, name, kind, size, mtime, created_at, taken_at) VALUES (?, ?, 'photo', ?, ?, ?, 0)`);
    const subs: AlbumRow[] = [];
    this.lib.db.transaction(() => {
      for (let a = 0; a < albums; a++) subs.push(albums === 1 ? root : this.lib.albums.insert(root, `s${a}`, now));
    })();
    for (const sub of subs) mkdirSync(path.join(this.photoRoot, sub.path), { recursive: true });
    const fileOf = (i: number) => path.join(this.photoRoot, (subs[i % albums] as AlbumRow).path, `p${i}.jpg`);
    for (let i = 0; i < photos; i++) writeFileSync(fileOf(i), `p${i}-${top}`);
    this.lib.db.transaction(() => {
      for (let i = 0; i < photos; i++) {
        const st = statSync(fileOf(i));
        const mtime = Math.trunc(st.mtimeMs);
        ins.run((subs[i % albums] as AlbumRow).id, `p${i}.jpg`, st.size, mtime, now);
      }
    })();
  }

  exists(rel: string): boolean {
    try {
      statSync(path.join(this.photoRoot, rel));
      return true;
    } catch {
      return false;
    }
  }

  hasItem(rel: string): boolean {
    const album = this.lib.albums.byPath(parentPath(rel));
    return !!album && !!this.lib.items.get(album.id, baseName(rel));
  }

  /** sha256 of every file under the photo root and the trash, as a sorted list (a multiset). */
  hashes(): string[] {
    return contentHashes(this.photoRoot, this.trashDir);
  }

  /** Differences between the index and the disk: album rows vs folders, item rows vs media files. Empty when they agree. */
  indexVsDisk(): string[] {
    return indexVsDisk(this.lib.db, this.photoRoot);
  }

  /** Hidden temporaries left anywhere under the photo root. */
  temporaries(): string[] {
    return temporaries(this.photoRoot);
  }

  trashCount(): number {
    return this.lib.db.prepare('SELECT count(*) FROM trash').pluck().get() as number;
  }
}
