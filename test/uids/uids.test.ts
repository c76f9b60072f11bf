import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.ts';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, photo } from '../helpers/batch.ts';

const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';
const TRASH = 'SYNO.PhotoStation.Trash';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Stable uids (SPEC §17)', function () {
  this.timeout(60_000);

  describe('migration 060 on an index that predates it', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'ps-uid-mig-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('gives each of 100 000 existing items and their albums a distinct UUID, in seconds', () => {
      const file = path.join(dir, 'old.db');
      const migrations = path.join(import.meta.dirname, '../../src/db/migrations');
      const old = new Database(file);
      old.pragma('foreign_keys = ON');
      old.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
      // The index as it was before 060: every earlier migration, applied as open.ts would.
      for (const name of readdirSync(migrations)
        .filter((n) => n.endsWith('.sql') && n < '060')
        .sort()) {
        old.exec(readFileSync(path.join(migrations, name), 'utf8'));
        old.prepare('INSERT INTO migrations VALUES (?, 0)').run(name);
      }
      old.exec(`INSERT INTO albums (parent_id, name, path, depth, created_at) VALUES (1, 'A', 'A', 1, 0), (1, 'B', 'B', 1, 0)`);
      const names = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => `p${i}.jpg`));
      old.prepare(`INSERT INTO items (album_id, name, kind, created_at) SELECT 2, value, 'photo', 0 FROM json_each(?)`).run(names);
      old.close();

      const started = performance.now();
      const db = openDatabase(file);
      const ms = performance.now() - started;
      const counts = db.prepare('SELECT count(*) AS n, count(DISTINCT uid) AS d, sum(uid IS NULL) AS nulls FROM items').get();
      expect(counts).to.deep.equal({ n: 100_000, d: 100_000, nulls: 0 });
      const albums = db.prepare('SELECT uid FROM albums').pluck().all() as string[];
      expect(albums).to.have.length(3);
      for (const u of [...albums, db.prepare('SELECT uid FROM items LIMIT 1').pluck().get() as string]) expect(u).to.match(UUID);
      db.close();
      expect(ms, `migration took ${ms} ms`).to.be.below(3000);
    });
  });

  describe('on a running server', () => {
    let f: OpsFixture;
    beforeEach(async () => {
      f = await OpsFixture.start();
    });
    afterEach(async () => {
      await f.stop();
    });

    const uidAt = (rel: string): string | undefined => {
      const i = rel.lastIndexOf('/');
      const album = f.lib.albums.byPath(rel.slice(0, i));
      return (album && f.lib.items.get(album.id, rel.slice(i + 1))?.uid) ?? undefined;
    };
    const albumUid = (p: string) => f.lib.albums.byPath(p)?.uid;

    it('answers info.uid in listings and getinfo, for albums and items', async () => {
      const row = f.photo('A', 'x.jpg');
      const album = f.album('A');
      expect(row.uid).to.match(UUID);
      const list = await f.call(ALBUM, 'list', { id: '', limit: '-1', offset: '0' });
      expect(list.data.items[0].info.uid).to.equal(album.uid);
      const items = await f.call(ALBUM, 'list', { id: albumId('A'), limit: '-1', offset: '0' });
      expect(items.data.items[0].info.uid).to.equal(row.uid);
      const info = await f.call(PHOTO, 'getinfo', { id: photo('A', 'x.jpg') });
      expect(info.data[0].info.uid).to.equal(row.uid);
      // A uid is taken wherever an id is: getinfo of the album and of the item by uid.
      const byUid = await f.call(ALBUM, 'getinfo', { id: album.uid });
      expect(byUid.data.items[0].id).to.equal(albumId('A'));
      const itemByUid = await f.call(PHOTO, 'getinfo', { id: row.uid as string });
      expect(itemByUid.data[0].id).to.equal(photo('A', 'x.jpg'));
    });

    it('gives rows the scanner finds a uid, and new albums one too', async () => {
      mkdirSync(path.join(f.photoRoot, 'S'));
      writeFileSync(path.join(f.photoRoot, 'S', 'found.jpg'), 'jpeg?');
      await f.station.services.scanner.scan();
      expect(albumUid('S')).to.match(UUID);
      expect(uidAt('S/found.jpg')).to.match(UUID);
      const r = await f.call(ALBUM, 'create', { name: 'New' });
      expect(r.success).to.equal(true);
      expect(albumUid('New')).to.match(UUID);
    });

    it('keeps an item uid through Photo.copy mode=move, a Batch move and a Batch rename', async () => {
      const u = f.photo('A', 'x.jpg').uid;
      f.album('B');
      expect((await f.call(PHOTO, 'copy', { id: photo('A', 'x.jpg'), sharepath: albumId('B'), mode: 'move', duplicate: 'rename' })).success).to.equal(true);
      expect(uidAt('B/x.jpg')).to.equal(u);
      await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [photo('B', 'x.jpg')]: albumId('A') }) });
      expect(uidAt('A/x.jpg')).to.equal(u);
      await f.call(BATCH, 'move', { operations: JSON.stringify([{ from: photo('A', 'x.jpg'), to: albumId('A'), name: 'renamed.jpg' }]) });
      expect(f.exists('A/renamed.jpg')).to.equal(true);
      expect(uidAt('A/renamed.jpg')).to.equal(u);
    });

    it('keeps album and item uids through Album.move, Album.edit name and a Batch album move, without touching item rows', async () => {
      const x = f.photo('A/Sub', 'x.jpg').uid;
      const a = albumUid('A/Sub');
      f.album('D');
      await f.call(ALBUM, 'move', { id: albumId('A/Sub'), sharepath: albumId('D'), duplicate: 'ignore' });
      expect(f.exists('D/Sub/x.jpg')).to.equal(true);
      expect([albumUid('D/Sub'), uidAt('D/Sub/x.jpg')]).to.deep.equal([a, x]);
      await f.call(ALBUM, 'edit', { id: albumId('D/Sub'), name: 'Renamed' });
      expect(f.exists('D/Renamed/x.jpg')).to.equal(true);
      expect([albumUid('D/Renamed'), uidAt('D/Renamed/x.jpg')]).to.deep.equal([a, x]);
      await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [albumId('D/Renamed')]: '' }) });
      expect(f.exists('Renamed/x.jpg')).to.equal(true);
      expect([albumUid('Renamed'), uidAt('Renamed/x.jpg')]).to.deep.equal([a, x]);
    });

    it('gives a copy a new uid and leaves the original its own', async () => {
      const u = f.photo('A', 'x.jpg').uid;
      f.album('B');
      await f.call(PHOTO, 'copy', { id: photo('A', 'x.jpg'), sharepath: albumId('B'), mode: 'copy', duplicate: 'rename' });
      expect(f.exists('B/x.jpg')).to.equal(true);
      expect(uidAt('A/x.jpg')).to.equal(u);
      expect(uidAt('B/x.jpg')).to.match(UUID).and.not.equal(u);
    });

    it('keeps uids through the trash: an item deleted and restored, an album deleted and restored', async () => {
      const x = f.photo('A', 'x.jpg').uid;
      const y = f.photo('K/L', 'y.jpg').uid;
      const k = albumUid('K');
      const l = albumUid('K/L');
      await f.call(PHOTO, 'delete', { id: photo('A', 'x.jpg') });
      await f.call(ALBUM, 'delete', { id: albumId('K') });
      expect(f.exists('A/x.jpg') || f.exists('K')).to.equal(false);
      const entries = (await f.call(TRASH, 'list', {})).data.items as { id: number }[];
      const r = await f.call(TRASH, 'restore', { id: entries.map((e) => e.id).join(',') });
      expect(r.success).to.equal(true);
      expect(f.exists('A/x.jpg') && f.exists('K/L/y.jpg')).to.equal(true);
      expect([uidAt('A/x.jpg'), uidAt('K/L/y.jpg'), albumUid('K'), albumUid('K/L')]).to.deep.equal([x, y, k, l]);
    });

    it('keeps the uid of a file displaced by overwrite when it comes back from the trash', async () => {
      f.photo('A', 'x.jpg');
      const old = f.photo('B', 'x.jpg').uid;
      const mover = uidAt('A/x.jpg');
      await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [photo('A', 'x.jpg')]: albumId('B') }), duplicate: 'overwrite' });
      expect(uidAt('B/x.jpg')).to.equal(mover);
      const [entry] = (await f.call(TRASH, 'list', {})).data.items as { id: number }[];
      await f.call(TRASH, 'restore', { id: String(entry?.id) });
      expect(uidAt('B/x (1).jpg')).to.equal(old);
    });

    it('takes uids in Batch move (sources, destinations, selections) and delete, and answers in path ids', async () => {
      const x = f.photo('A', 'x.jpg').uid as string;
      const y = f.photo('A', 'y.jpg').uid as string;
      const z = f.photo('A', 'z.jpg').uid as string;
      const b = f.album('B').uid;
      const r = await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [x]: b }) });
      expect(r.data.items[0]).to.include({ status: 204, new_id: photo('B', 'x.jpg') });
      expect(f.exists('B/x.jpg')).to.equal(true);
      const s = await f.call(BATCH, 'move', { selection: JSON.stringify([{ children: albumUid('A'), exclude: [z] }]), to: b });
      expect(s.data.taskid).to.be.a('string');
      for (let i = 0; i < 200 && !f.exists('B/y.jpg'); i++) await new Promise((res) => setTimeout(res, 25));
      expect(f.exists('B/y.jpg')).to.equal(true);
      expect(f.exists('A/z.jpg')).to.equal(true);
      expect(uidAt('B/y.jpg')).to.equal(y);
      const d = await f.call(BATCH, 'delete', { id: z });
      expect(d.data.deleted).to.deep.equal([itemId('A', 'z.jpg', 'photo')]);
      expect(f.exists('A/z.jpg')).to.equal(false);
    });

    it('takes uids in Download and Thumb: the bytes of the item, a JPEG thumbnail', async () => {
      const row = f.photo('A', 'x.jpg');
      const jpeg = readFileSync(path.join(import.meta.dirname, '../fixtures/exif.jpg'));
      writeFileSync(path.join(f.photoRoot, 'A', 'x.jpg'), jpeg);
      const get = (api: string, method: string, extra: Record<string, string>) =>
        fetch(`${f.url}?${new URLSearchParams({ api, method, version: '1', _sid: f.adminSid, ...extra })}`);
      const download = await get('SYNO.PhotoStation.Download', 'getphoto', { id: row.uid as string });
      expect(Buffer.from(await download.arrayBuffer()).equals(jpeg)).to.equal(true);
      const thumb = await get('SYNO.PhotoStation.Thumb', 'get', { id: row.uid as string, size: 'small' });
      expect(thumb.headers.get('content-type')).to.match(/^image\/jpeg/);
      expect(
        Buffer.from(await thumb.arrayBuffer())
          .subarray(0, 2)
          .toString('hex'),
      ).to.equal('ffd8');
    });

    it('takes uids in Photo.copy (items and destination), Photo.delete, Album.move and Album.delete', async () => {
      const x = f.photo('A', 'x.jpg').uid as string;
      const y = f.photo('A', 'y.jpg').uid as string;
      f.album('B');
      f.album('C/D');
      const copied = await f.call(PHOTO, 'copy', { id: x, sharepath: albumUid('B') as string, mode: 'copy', duplicate: 'rename' });
      expect(copied.success, JSON.stringify(copied)).to.equal(true);
      expect(f.exists('B/x.jpg') && f.exists('A/x.jpg')).to.equal(true);
      const moved = await f.call(PHOTO, 'copy', { id: y, sharepath: albumUid('B') as string, mode: 'move', duplicate: 'rename' });
      expect(moved.success, JSON.stringify(moved)).to.equal(true);
      expect([f.exists('A/y.jpg'), f.exists('B/y.jpg')]).to.deep.equal([false, true]);
      expect(uidAt('B/y.jpg')).to.equal(y);
      const removed = await f.call(PHOTO, 'delete', { id: x });
      expect(removed.success, JSON.stringify(removed)).to.equal(true);
      expect(f.exists('A/x.jpg')).to.equal(false);
      const d = albumUid('C/D') as string;
      const albumMoved = await f.call(ALBUM, 'move', { id: d, sharepath: albumUid('B') as string, duplicate: 'rename' });
      expect(albumMoved.success, JSON.stringify(albumMoved)).to.equal(true);
      expect([f.exists('C/D'), f.exists('B/D')]).to.deep.equal([false, true]);
      expect(albumUid('B/D')).to.equal(d);
      const albumRemoved = await f.call(ALBUM, 'delete', { id: d });
      expect(albumRemoved.success, JSON.stringify(albumRemoved)).to.equal(true);
      expect(f.exists('B/D')).to.equal(false);
    });

    it('refuses a uid that names nothing as it refuses a bad id', async () => {
      const none = '00000000-0000-4000-8000-000000000000';
      expect(await f.call(PHOTO, 'getinfo', { id: none })).to.deep.include({ success: false });
      const r = await f.call(BATCH, 'move', { move_operations: JSON.stringify({ [none]: albumId('A') }) });
      expect(r).to.deep.equal({ success: false, error: { code: 600 } });
    });
  });
});
