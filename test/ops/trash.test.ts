import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const TRASH = 'SYNO.PhotoStation.Trash';
const ALBUM = 'SYNO.PhotoStation.Album';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

describe('Album.delete and the trash', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A/B', 'x.jpg', { title: 'saved', rating: 3 });
    f.photo('A/B/C', 'y.jpg');
    f.photo('Other', 'o.jpg');
  });
  afterEach(async () => {
    await f.stop();
  });

  describe('Album.delete', () => {
    it('moves the folder to the trash in one unit and removes its rows', async () => {
      const before = f.hashes();
      const r = await f.call(ALBUM, 'delete', { id: `${albumId('A/B')},${albumId('A/B/C')}` });
      expect(r.data.items.map((i: { status: number }) => i.status)).to.deep.equal([204, 204]);
      expect(f.exists('A/B')).to.equal(false);
      expect(f.lib.albums.byPath('A/B/C')).to.equal(undefined);
      expect(f.hashes()).to.deep.equal(before);
      expect(f.trashCount()).to.equal(1);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('answers 419 without manage and 101 for the root or an unknown album, changing nothing', async () => {
      const sid = await f.user('bob', { A: { browse: true, upload: true } });
      expect(await f.call(ALBUM, 'delete', { id: albumId('A/B') }, sid)).to.deep.equal({ success: false, error: { code: 419 } });
      expect(await f.call(ALBUM, 'delete', { id: '' })).to.deep.equal({ success: false, error: { code: 101 } });
      expect(await f.call(ALBUM, 'delete', { id: albumId('Nope') })).to.deep.equal({ success: false, error: { code: 101 } });
      expect(f.exists('A/B/x.jpg')).to.equal(true);
      expect(f.trashCount()).to.equal(0);
    });
  });

  describe('with deleted entries', () => {
    beforeEach(async () => {
      await f.call(ALBUM, 'delete', { id: albumId('A/B') });
      await f.call('SYNO.PhotoStation.Photo', 'delete', { id: pid('Other', 'o.jpg') });
    });

    it('lists them newest first with original path and reason', async () => {
      const r = await f.call(TRASH, 'list', { offset: '0', limit: '10' });
      expect(r.data.total).to.equal(2);
      expect(r.data.items.map((e: { type: string; path: string; reason: string }) => [e.type, e.path, e.reason])).to.have.deep.members([
        ['album', 'A/B', 'delete'],
        ['photo', 'Other/o.jpg', 'delete'],
      ]);
      expect(r.data.items[0].deleted_at).to.be.a('number');
    });

    it('shows a user only the entries it could manage', async () => {
      const sid = await f.user('ann', { Other: { browse: true, manage: true } });
      const r = await f.call(TRASH, 'list', {}, sid);
      expect(r.data.items.map((e: { path: string }) => e.path)).to.deep.equal(['Other/o.jpg']);
      const hidden = (await f.call(TRASH, 'list', {})).data.items.find((e: { path: string }) => e.path === 'A/B').id;
      expect(await f.call(TRASH, 'restore', { id: String(hidden) }, sid)).to.deep.equal({ success: false, error: { code: 610 } });
    });

    it('restores an album with its saved metadata, recreating missing parents', async () => {
      await f.call(ALBUM, 'delete', { id: albumId('A') });
      const list = await f.call(TRASH, 'list', {});
      const id = list.data.items.find((e: { path: string }) => e.path === 'A/B').id;
      const r = await f.call(TRASH, 'restore', { id: String(id) });
      expect(r.data.items).to.deep.equal([{ id: String(id), status: 204, new_id: albumId('A/B'), error: null }]);
      expect(f.exists('A/B/C/y.jpg')).to.equal(true);
      const row = f.lib.items.get(f.lib.albums.byPath('A/B')!.id, 'x.jpg')!;
      expect([row.title, row.rating]).to.deep.equal(['saved', 3]);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('restores an item under a new name when its place is taken (rename is the default)', async () => {
      f.photo('Other', 'o.jpg', {}, 'newcomer');
      const id = (await f.call(TRASH, 'list', {})).data.items.find((e: { path: string }) => e.path === 'Other/o.jpg').id;
      const r = await f.call(TRASH, 'restore', { id: String(id) });
      expect(r.data.items[0]).to.include({ status: 200, new_id: pid('Other', 'o (1).jpg') });
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('with ignore skips an entry whose place is taken, with overwrite replaces the file (old one to the trash)', async () => {
      f.photo('Other', 'o.jpg', {}, 'newcomer');
      const id = (await f.call(TRASH, 'list', {})).data.items.find((e: { path: string }) => e.path === 'Other/o.jpg').id;
      const ignored = await f.call(TRASH, 'restore', { id: String(id), duplicate: 'ignore' });
      expect(ignored.data.items[0]).to.include({ status: 409 });
      expect(f.trashCount()).to.equal(2);
      const before = f.hashes();
      const replaced = await f.call(TRASH, 'restore', { id: String(id), duplicate: 'overwrite' });
      expect(replaced.data.items[0]).to.include({ status: 204, new_id: pid('Other', 'o.jpg') });
      const entries = (await f.call(TRASH, 'list', {})).data.items.map((e: { path: string; reason: string }) => [e.path, e.reason]);
      expect(entries).to.have.deep.members([
        ['A/B', 'delete'],
        ['Other/o.jpg', 'overwrite'],
      ]);
      expect(f.hashes()).to.deep.equal(before);
      expect(f.indexVsDisk()).to.deep.equal([]);
    });

    it('refuses to restore through a symlink planted where the parent was', async () => {
      const id = (await f.call(TRASH, 'list', {})).data.items.find((e: { path: string }) => e.path === 'Other/o.jpg').id;
      await f.call(ALBUM, 'delete', { id: albumId('Other') });
      const outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
      symlinkSync(outside, path.join(f.photoRoot, 'Other'));
      const r = await f.call(TRASH, 'restore', { id: String(id) });
      expect(r.data.items[0]).to.include({ status: 403 });
      expect(readdirSync(outside)).to.deep.equal([]);
      rmSync(outside, { recursive: true });
    });

    it('answers 610 for an unknown id', async () => {
      expect(await f.call(TRASH, 'restore', { id: '999' })).to.deep.equal({ success: false, error: { code: 610 } });
      expect(await f.call(TRASH, 'empty', { id: '999' })).to.deep.equal({ success: false, error: { code: 610 } });
    });

    it('empties named entries, then all, deleting their files', async () => {
      const ids = (await f.call(TRASH, 'list', {})).data.items.map((e: { id: number }) => e.id);
      expect((await f.call(TRASH, 'empty', { id: String(ids[0]) })).data).to.deep.equal({ emptied: 1 });
      expect(f.trashCount()).to.equal(1);
      await f.call(TRASH, 'empty', {});
      expect(f.trashCount()).to.equal(0);
      expect(readdirSync(f.trashDir)).to.deep.equal([]);
    });
  });

  describe('after the retention period', () => {
    it('purges entries at start', async () => {
      await f.call(ALBUM, 'delete', { id: albumId('Other') });
      const stored = f.lib.db.prepare('SELECT stored FROM trash').pluck().get() as string;
      await f.stop(true);
      await f.open({ now: () => Date.now() + 31 * 24 * 3600_000 });
      expect(f.trashCount()).to.equal(0);
      expect(existsSync(`${f.trashDir}/${stored}`)).to.equal(false);
    });
  });
});
