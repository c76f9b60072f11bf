import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { getThumb, solid } from '../thumbs/images.ts';
import type { ThumbAnswer } from '../thumbs/images.ts';

const COVER = 'SYNO.PhotoStation.Cover';
const SMART = 'SYNO.PhotoStation.SmartAlbum';
const PHOTO = 'SYNO.PhotoStation.Photo';
const PHOTO_TAG = 'SYNO.PhotoStation.PhotoTag';

const smartIdOf = (name: string) => `smart_${Buffer.from(name, 'utf8').toString('hex')}`;
const day = (d: string) => Date.parse(`${d}T12:00:00Z`);

/**
 * Pub (public): a.jpg 2020-01-10 rated 4, b.jpg 2020-02-10 rated 5, c.jpg 2019-05-01 rated 1
 * (the oldest, and selected by no rating condition below); Priv (private): d.jpg 2019-12-01 rated
 * 5, the oldest of the well rated, which guests may not browse. Each picture has its own size,
 * so each thumbnail has its own bytes.
 */
const PICTURES: Record<string, { size: [number, number]; taken: string; rating: number }> = {
  'Pub/a.jpg': { size: [300, 200], taken: '2020-01-10', rating: 4 },
  'Pub/b.jpg': { size: [200, 300], taken: '2020-02-10', rating: 5 },
  'Pub/c.jpg': { size: [250, 250], taken: '2019-05-01', rating: 1 },
  'Priv/d.jpg': { size: [400, 320], taken: '2019-12-01', rating: 5 },
};
const id = (rel: string) => itemIdOf(path.dirname(rel), path.basename(rel));

describe('Cover.setsmart and the cover of a smart album', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  let bob: string;

  const lib = () => t.station.services.library;
  const rowId = (rel: string) => lib().items.get(lib().albums.byPath(path.dirname(rel))!.id, path.basename(rel))!.id;
  /** The stored choice of every smart album, by name: what a refused call must leave alone. */
  const choices = () => lib().db.prepare('SELECT name, cover_item_id FROM smart_albums ORDER BY name').all();
  const choiceOf = (name: string) => lib().db.prepare('SELECT cover_item_id FROM smart_albums WHERE name = ?').pluck().get(name);
  const thumb = (target: string, sid?: string, headers?: Record<string, string>): Promise<ThumbAnswer> =>
    getThumb(t, { id: target, size: 'small' }, { ...(sid ? { sid } : {}), ...(headers ? { headers } : {}) });
  /** Thumb.get of a smart album answers exactly the bytes of the item's own thumbnail. */
  const expectCover = async (smart: string, rel: string, sid?: string) => {
    const [cover, own] = await Promise.all([thumb(smart, sid), thumb(id(rel), admin)]);
    expect(cover.status, JSON.stringify(cover.json)).to.equal(200);
    expect(cover.headers.get('etag')).to.equal(own.headers.get('etag'));
    expect(cover.bytes.equals(own.bytes), `the cover of ${smart} is ${rel}`).to.equal(true);
  };
  const setsmart = (smart: string, item: string, sid = admin) => t.call(COVER, 'setsmart', { id: smart, item_id: item }, sid);
  /** Chooses the cover as a precondition of a test. */
  const choose = async (smart: string, rel: string) => expect(await setsmart(smart, id(rel))).to.deep.equal({ success: true });
  const create = async (params: Record<string, string>) => {
    const r = await t.call(SMART, 'create', params, admin);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data.id as string;
  };

  before(async () => {
    const bytes = Object.fromEntries(await Promise.all(Object.entries(PICTURES).map(async ([rel, p]) => [rel, await solid(...p.size)] as const)));
    t = await startStation({}, (root) => {
      for (const [rel, b] of Object.entries(bytes)) {
        mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
        writeFileSync(path.join(root, rel), b);
      }
    });
    lib().db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Pub'").run();
    lib().db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Priv'").run();
    await t.addUser('bob', 'bob-pw');
    admin = await t.login('admin', 'admin-pw');
    bob = await t.login('bob', 'bob-pw');
  });
  after(() => t.close());

  let best: string;
  beforeEach(async () => {
    lib().db.exec('DELETE FROM smart_albums; DELETE FROM item_tags');
    for (const [rel, p] of Object.entries(PICTURES)) lib().items.update(rowId(rel), { taken_at: day(p.taken), rating: p.rating });
    best = await create({ name: 'Best', rating: '3' });
  });

  describe('without a chosen cover', () => {
    it('is the first item Photo.list filter_smart lists, among those the caller may browse', async () => {
      const first = async (sid?: string) => (await t.call(PHOTO, 'list', { filter_smart: best, offset: 0, limit: 1 }, sid)).data.items[0].id;
      expect(await first(admin)).to.equal(id('Priv/d.jpg'));
      await expectCover(best, 'Priv/d.jpg', admin);
      expect(await first()).to.equal(id('Pub/a.jpg'));
      await expectCover(best, 'Pub/a.jpg');
      await expectCover(best, 'Pub/a.jpg', bob);
    });

    it('answers 503 when the smart album selects nothing the caller may browse', async () => {
      const videos = await create({ name: 'Videos', type: 'video' });
      expect((await thumb(videos, admin)).json).to.deep.equal({ success: false, error: { code: 503 } });
      const december = await create({ name: 'December', date_from: '2019-12-01', date_to: '2019-12-31' });
      await expectCover(december, 'Priv/d.jpg', admin);
      expect((await thumb(december, bob)).json).to.deep.equal({ success: false, error: { code: 503 } });
    });

    it('answers 501 for an id that names no smart album, and the cover of one that does', async () => {
      await expectCover(smartIdOf('Best'), 'Priv/d.jpg', admin);
      expect((await thumb(smartIdOf('Nothing'), admin)).json).to.deep.equal({ success: false, error: { code: 501 } });
      expect((await thumb('smart_zz', admin)).json).to.deep.equal({ success: false, error: { code: 501 } });
    });
  });

  describe('Cover.setsmart', () => {
    it('makes an item the smart album selects its cover: the row holds it and Thumb.get answers its thumbnail', async () => {
      const r = await setsmart(best, id('Pub/b.jpg'));
      expect(r).to.deep.equal({ success: true });
      expect(choiceOf('Best')).to.equal(rowId('Pub/b.jpg'));
      await expectCover(best, 'Pub/b.jpg', admin);
      await expectCover(best, 'Pub/b.jpg');
    });

    it('is revalidated by clients: no-cache, and 304 for the cover they have', async () => {
      await choose(best, 'Pub/b.jpg');
      const first = await thumb(best, admin);
      expect(first.headers.get('cache-control')).to.equal('private, no-cache');
      const again = await thumb(best, admin, { 'If-None-Match': first.headers.get('etag')! });
      expect(again.status).to.equal(304);
      await choose(best, 'Pub/a.jpg');
      const changed = await thumb(best, admin, { 'If-None-Match': first.headers.get('etag')! });
      expect(changed.status).to.equal(200);
      // Only the ETag says whether a kept copy is current: a newer date is no proof.
      const dated = await thumb(best, admin, { 'If-Modified-Since': new Date(Date.now() + 3_600_000).toUTCString() });
      expect(dated.status).to.equal(200);
    });

    it('refuses a user who is not an administrator with 105 and changes nothing', async () => {
      const before = choices();
      expect((await setsmart(best, id('Pub/b.jpg'), bob)).error?.code).to.equal(105);
      expect(choices()).to.deep.equal(before);
      await expectCover(best, 'Priv/d.jpg', admin);
    });

    it('refuses a smart album that does not exist with 101 and changes nothing', async () => {
      const before = choices();
      for (const smart of [smartIdOf('Nothing'), 'smart_zz', 'smart_']) {
        expect((await setsmart(smart, id('Pub/b.jpg'))).error?.code, smart).to.equal(101);
      }
      expect(choices()).to.deep.equal(before);
    });

    it('refuses an item the smart album does not select with 101 and changes nothing', async () => {
      await choose(best, 'Pub/a.jpg');
      const before = choices();
      // Rated 1, under the minimum of 3.
      expect((await setsmart(best, id('Pub/c.jpg'))).error?.code).to.equal(101);
      const sand = await t.call('SYNO.PhotoStation.Tag', 'create', { name: 'sand', type: 'desc' }, admin);
      const tagged = await create({ name: 'Sand', tag: sand.data.id, type: 'photo', date_from: '2020-01-01' });
      // Neither tagged nor, for d.jpg, in the dates.
      expect((await setsmart(tagged, id('Pub/b.jpg'))).error?.code).to.equal(101);
      expect((await setsmart(tagged, id('Priv/d.jpg'))).error?.code).to.equal(101);
      expect(choices()).to.deep.equal([...before, { name: 'Sand', cover_item_id: null }]);
      await expectCover(best, 'Pub/a.jpg', admin);
    });

    it('refuses an item that does not exist, or a malformed id, with 101', async () => {
      const before = choices();
      for (const item of [id('Pub/zz.jpg'), itemIdOf('Nowhere', 'a.jpg'), 'photo_zz', 'album_507562']) {
        expect((await setsmart(best, item)).error?.code, item).to.equal(101);
      }
      expect(choices()).to.deep.equal(before);
    });
  });

  describe('when the chosen item no longer matches', () => {
    it('falls back to the first item while its rating is too low, and is the cover again once it is not', async () => {
      await choose(best, 'Pub/b.jpg');
      const rate = async (rating: number) => expect((await t.call(PHOTO, 'edit', { id: id('Pub/b.jpg'), rating }, admin)).success).to.equal(true);
      await rate(2);
      await expectCover(best, 'Priv/d.jpg', admin);
      await expectCover(best, 'Pub/a.jpg');
      // The choice is checked when read, never dropped by the edit.
      expect(choiceOf('Best')).to.equal(rowId('Pub/b.jpg'));
      await rate(5);
      await expectCover(best, 'Pub/b.jpg', admin);
    });

    it('falls back to the first tagged item when its tag is taken off', async () => {
      const sea = (await t.call('SYNO.PhotoStation.Tag', 'create', { name: 'sea', type: 'desc' }, admin)).data.id as string;
      for (const rel of ['Pub/a.jpg', 'Pub/b.jpg']) expect((await t.call(PHOTO_TAG, 'desc_tag', { id: id(rel), tag_id: sea }, admin)).success).to.equal(true);
      const tagged = await create({ name: 'Sea', tag: sea });
      await choose(tagged, 'Pub/b.jpg');
      await expectCover(tagged, 'Pub/b.jpg');
      expect((await t.call(PHOTO_TAG, 'delete', { id: id('Pub/b.jpg'), tag_id: sea }, admin)).success).to.equal(true);
      await expectCover(tagged, 'Pub/a.jpg');
    });

    it('shows a caller who may not browse the chosen item the first item they may browse', async () => {
      await choose(best, 'Priv/d.jpg');
      await expectCover(best, 'Priv/d.jpg', admin);
      await expectCover(best, 'Pub/a.jpg', bob);
      await expectCover(best, 'Pub/a.jpg');
    });
  });

  describe('renaming and deleting the smart album', () => {
    it('keeps the choice through a rename (a new id)', async () => {
      await choose(best, 'Pub/b.jpg');
      const renamed = (await t.call(SMART, 'edit', { id: best, name: 'Favourites' }, admin)).data.id as string;
      expect(renamed).to.equal(smartIdOf('Favourites'));
      expect(choiceOf('Favourites')).to.equal(rowId('Pub/b.jpg'));
      await expectCover(renamed, 'Pub/b.jpg', admin);
      expect((await thumb(best, admin)).json).to.deep.equal({ success: false, error: { code: 501 } });
    });

    it('drops the choice with the smart album', async () => {
      await choose(best, 'Pub/b.jpg');
      expect(choiceOf('Best')).to.equal(rowId('Pub/b.jpg'));
      expect((await t.call(SMART, 'delete', { id: best }, admin)).success).to.equal(true);
      expect(choices()).to.deep.equal([]);
      expect((await thumb(best, admin)).json).to.deep.equal({ success: false, error: { code: 501 } });
    });

    it('takes the id of a smart album named with 255 characters of 3 bytes each', async () => {
      const long = await create({ name: '海'.repeat(255), rating: '3' });
      await choose(long, 'Pub/a.jpg');
      expect(choiceOf('海'.repeat(255))).to.equal(rowId('Pub/a.jpg'));
      expect((await t.call(SMART, 'edit', { id: long, rating: '4' }, admin)).success).to.equal(true);
      await expectCover(long, 'Pub/a.jpg', admin);
    });
  });
});
