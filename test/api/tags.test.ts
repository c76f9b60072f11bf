import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const TAG = 'SYNO.PhotoStation.Tag';
const PHOTO_TAG = 'SYNO.PhotoStation.PhotoTag';
const PHOTO = 'SYNO.PhotoStation.Photo';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

/** The names of the tags on an item, straight from the index (by the item's current place). */
function tagsInIndex(f: OpsFixture, albumPath: string, name: string): string[] {
  const album = f.lib.albums.byPath(albumPath);
  const item = album && f.lib.items.get(album.id, name);
  if (!item) return [];
  return (f.lib.tags.ofItems([item.id], ['desc', 'people', 'geo']).get(item.id) ?? []).map((t) => `${t.type}:${t.name}`);
}

/** A tag's place as the index holds it. */
function placeRow(f: OpsFixture, tagId: string) {
  return f.lib.db.prepare('SELECT lat, lng, address, place_id FROM tags WHERE id = ?').get(Number(tagId.replace('tag_', '')));
}

describe('Tags (SPEC §15)', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A', 'x.jpg', { title: 'the x' });
    f.photo('A', 'y.jpg', { rating: 4 });
    f.photo('B', 'z.jpg');
  });
  afterEach(() => f.stop());

  const create = async (name: string, type: string, extra: Record<string, string> = {}) => {
    const r = await f.call(TAG, 'create', { name, type, ...extra });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data.id as string;
  };

  describe('Tag', () => {
    it('creates desc, people and geo tags (a place without coordinates too) and lists them by name', async () => {
      const sea = await create('sea', 'desc');
      const ann = await create('Ann', 'people');
      const paris = await create('Paris', 'geo', { lat: '48.8566', lng: '2.3522', address: 'Paris, France', place_id: 'p1' });
      const home = await create('Home', 'geo');
      expect(sea).to.match(/^tag_\d+$/);
      const all = await f.call(TAG, 'list', { limit: '-1', offset: '0' });
      expect(all.data.total).to.equal(4);
      expect(all.data.offset).to.equal(4);
      expect(all.data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['Ann', 'Home', 'Paris', 'sea']);
      const geo = await f.call(TAG, 'list', { type: 'geo', limit: '10', offset: '0' });
      expect(geo.data.tags).to.deep.equal([
        { id: home, type: 'tag', tag_type: 'geo', name: 'Home', additional: { info: { name: 'Home', lat: null, lng: null, address: '', place_id: '' } } },
        { id: paris, type: 'tag', tag_type: 'geo', name: 'Paris', additional: { info: { name: 'Paris', lat: 48.8566, lng: 2.3522, address: 'Paris, France', place_id: 'p1' } } },
      ]);
      const page = await f.call(TAG, 'list', { limit: '1', offset: '1', sort_direction: 'desc' });
      expect([page.data.total, page.data.offset, page.data.tags[0].id]).to.deep.equal([4, 2, paris]);
      expect((await f.call(TAG, 'getinfo', { id: `${ann},${sea}` })).data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['Ann', 'sea']);
    });

    it('refuses a second tag of the same kind and name (441), a bad place (438), an unknown tag (437), and changes nothing', async () => {
      await create('Sea', 'desc');
      expect(await f.call(TAG, 'create', { name: 'sea', type: 'desc' })).to.deep.equal({ success: false, error: { code: 441 } });
      await create('sea', 'people'); // another kind: another tag
      expect(await f.call(TAG, 'create', { name: 'P', type: 'geo', lat: '91', lng: '0' })).to.deep.equal({ success: false, error: { code: 438 } });
      expect(await f.call(TAG, 'create', { name: '  ', type: 'desc' })).to.deep.equal({ success: false, error: { code: 438 } });
      expect(await f.call(TAG, 'create', { name: 'q', type: 'other' })).to.deep.equal({ success: false, error: { code: 438 } });
      expect(await f.call(TAG, 'getinfo', { id: 'tag_999' })).to.deep.equal({ success: false, error: { code: 437 } });
      expect(await f.call(TAG, 'getinfo', { id: 'album_00' })).to.deep.equal({ success: false, error: { code: 437 } });
      expect((await f.call(TAG, 'list', {})).data.total).to.equal(2);
    });

    it('edits and deletes for administrators only (440); deleting takes the tag off its items', async () => {
      const sea = await create('sea', 'desc');
      const lake = await create('lake', 'desc');
      await f.call(PHOTO_TAG, 'desc_tag', { id: pid('A', 'x.jpg'), tag_id: sea });
      const bob = await f.user('bob', { A: { browse: true, manage: true } });
      expect(await f.call(TAG, 'edit', { id: sea, name: 'ocean' }, bob)).to.deep.equal({ success: false, error: { code: 440 } });
      expect(await f.call(TAG, 'delete', { id: sea }, bob)).to.deep.equal({ success: false, error: { code: 440 } });
      expect(await f.call(TAG, 'edit', { id: sea, name: 'LAKE' })).to.deep.equal({ success: false, error: { code: 441 } });
      expect((await f.call(TAG, 'edit', { id: sea, name: 'ocean' })).success).to.equal(true);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:ocean']);
      expect(await f.call(TAG, 'delete', { id: `${lake},tag_999` })).to.deep.equal({ success: false, error: { code: 439 } });
      expect((await f.call(TAG, 'delete', { id: sea })).success).to.equal(true);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
      expect((await f.call(TAG, 'list', {})).data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['lake']);
    });

    it('shows a guest only the tags on items it may browse', async () => {
      const sea = await create('sea', 'desc');
      const ann = await create('Ann', 'people');
      await create('unused', 'desc');
      await f.call(PHOTO_TAG, 'desc_tag', { id: pid('A', 'x.jpg'), tag_id: sea });
      await f.call(PHOTO_TAG, 'people_tag', { id: pid('B', 'z.jpg'), tag_id: ann, x: '0', y: '0', width: '1', height: '1' });
      f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'A'").run();
      f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'B'").run();
      const guest = await f.call(TAG, 'list', {}, null);
      expect([guest.data.total, guest.data.tags.map((t: { name: string }) => t.name)]).to.deep.equal([1, ['sea']]);
      expect((await f.call(TAG, 'getinfo', { id: ann }, null)).error?.code).to.equal(105);
      const bob = await f.user('bob', {});
      expect((await f.call(TAG, 'list', {}, bob)).data.total).to.equal(3);
    });

    it("edit moves a geo tag's place; bad coordinates are 439 and change nothing", async () => {
      const paris = await create('Paris', 'geo', { lat: '48.8566', lng: '2.3522', address: 'Paris' });
      const before = placeRow(f, paris);
      const bad: Array<Record<string, string>> = [{ lat: '-90.5', lng: '0' }, { lat: '0', lng: '180.1' }, { lat: '10' }, { lat: 'north', lng: '2' }, { address: 'x'.repeat(1025) }];
      for (const b of bad) {
        expect(await f.call(TAG, 'edit', { id: paris, ...b }), JSON.stringify(b).slice(0, 60)).to.deep.equal({ success: false, error: { code: 439 } });
      }
      expect(placeRow(f, paris)).to.deep.equal(before);
      expect((await f.call(TAG, 'edit', { id: paris, lat: '-33.8688', lng: '151.2093', address: 'Sydney NSW' })).success).to.equal(true);
      expect(placeRow(f, paris)).to.deep.equal({ lat: -33.8688, lng: 151.2093, address: 'Sydney NSW', place_id: '' });
      const info = (await f.call(TAG, 'getinfo', { id: paris })).data.tags[0].additional.info;
      expect(info).to.deep.equal({ name: 'Paris', lat: -33.8688, lng: 151.2093, address: 'Sydney NSW', place_id: '' });
    });

    describe('the feed when a tag changes', () => {
      /** The feed's events since `cursor`, as action, key and data. */
      const since = (cursor: number) => f.lib.changes.after(cursor, 10_000).map((e) => [e.action, e.data_key, e.data]);
      const tagged = { tags: true };

      it('a rename or a moved place announces each item carrying the tag; an edit that changes nothing, none', async () => {
        const sea = await create('sea', 'desc');
        const paris = await create('Paris', 'geo', { lat: '48.8566', lng: '2.3522', address: 'Paris' });
        await f.call(PHOTO_TAG, 'desc_tag', { id: `${pid('A', 'x.jpg')},${pid('B', 'z.jpg')}`, tag_id: sea });
        await f.call(PHOTO_TAG, 'geo_tag', { id: pid('A', 'y.jpg'), tag_id: paris });
        let cursor = f.lib.changes.latest();
        expect((await f.call(TAG, 'edit', { id: sea, name: 'ocean' })).success).to.equal(true);
        expect(since(cursor)).to.deep.equal([
          ['UPDATE', pid('A', 'x.jpg'), tagged],
          ['UPDATE', pid('B', 'z.jpg'), tagged],
        ]);
        expect(tagsInIndex(f, 'B', 'z.jpg')).to.deep.equal(['desc:ocean']);
        cursor = f.lib.changes.latest();
        expect((await f.call(TAG, 'edit', { id: sea, name: ' ocean ' })).success).to.equal(true);
        expect(since(cursor), 'the same name again').to.deep.equal([]);
        expect((await f.call(TAG, 'edit', { id: paris, lat: '-33.8688', lng: '151.2093' })).success).to.equal(true);
        expect(since(cursor)).to.deep.equal([['UPDATE', pid('A', 'y.jpg'), tagged]]);
        // A refused edit (the name of another tag of the kind) changes nothing and announces nothing.
        await create('lake', 'desc');
        cursor = f.lib.changes.latest();
        expect(await f.call(TAG, 'edit', { id: sea, name: 'lake' })).to.deep.equal({ success: false, error: { code: 441 } });
        expect(since(cursor)).to.deep.equal([]);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:ocean']);
      });

      it('a deleted tag comes off its items with an UPDATE for each, the other tags staying', async () => {
        const sea = await create('sea', 'desc');
        const ann = await create('Ann', 'people');
        f.photo('B', 'clip.mp4');
        const clip = itemId('B', 'clip.mp4', 'video');
        await f.call(PHOTO_TAG, 'desc_tag', { id: `${pid('A', 'x.jpg')},${clip},${pid('B', 'z.jpg')}`, tag_id: sea });
        await f.call(PHOTO_TAG, 'people_tag', { id: pid('A', 'x.jpg'), tag_id: ann, x: '0', y: '0', width: '0.5', height: '0.5' });
        const cursor = f.lib.changes.latest();
        expect(await f.call(TAG, 'delete', { id: sea })).to.deep.equal({ success: true });
        expect(since(cursor)).to.deep.equal([
          ['UPDATE', pid('A', 'x.jpg'), tagged],
          ['UPDATE', pid('B', 'z.jpg'), tagged],
          ['UPDATE', clip, tagged],
        ]);
        expect(f.lib.changes.after(cursor, 10).map((e) => e.data_type)).to.deep.equal(['photo', 'photo', 'video']);
        expect(tagsInIndex(f, 'B', 'clip.mp4')).to.deep.equal([]);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['people:Ann']);
        expect(tagsInIndex(f, 'B', 'z.jpg')).to.deep.equal([]);
        expect((await f.call(TAG, 'list', {})).data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['Ann']);
        // An unknown id among the ids: refused, and nothing of the others changes.
        const before = f.lib.changes.latest();
        expect(await f.call(TAG, 'delete', { id: `${ann},tag_999999` })).to.deep.equal({ success: false, error: { code: 439 } });
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['people:Ann']);
        expect(since(before)).to.deep.equal([]);
      });

      it('a tag deleted while desc_tag links it to thousands of items, between two slices: 467, no link left to it', async function () {
        this.timeout(30_000);
        f.bulk('Many', 2_500, 1);
        const sea = await create('sea', 'desc');
        const seaId = Number(sea.slice(4));
        const links = () => f.lib.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM item_tags WHERE tag_id = ?').get(seaId)!.n;
        let deletedAt: number | undefined;
        // The first slice is committed when the loop is first free: the tag goes then (Tag.delete's effect, all at once).
        const probe = setInterval(() => {
          if (deletedAt !== undefined) return;
          const n = links();
          if (n > 0 && n < 2_500) {
            deletedAt = n;
            f.lib.tags.delete([seaId]);
          }
        }, 1);
        try {
          const ids = Array.from({ length: 2_500 }, (_, i) => pid('Many', `p${i}.jpg`)).join(',');
          expect(await f.call(PHOTO_TAG, 'desc_tag', { id: ids, tag_id: sea })).to.deep.equal({ success: false, error: { code: 467 } });
        } finally {
          clearInterval(probe);
        }
        expect(deletedAt, 'deleted between two slices').to.equal(1_000);
        expect(links()).to.equal(0);
        expect(f.lib.tags.byId(seaId)).to.equal(undefined);
      });

      it('a tag on thousands of items is renamed and deleted slice by slice: one event per item each time, the loop free', async function () {
        this.timeout(30_000);
        f.bulk('Many', 2_500, 1);
        const ids = f.lib.db.prepare<[], { id: number }>("SELECT i.id FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = 'Many' ORDER BY i.id").all();
        const sea = await create('sea', 'desc');
        const sky = await create('sky', 'desc');
        const link = f.lib.db.prepare('INSERT INTO item_tags (item_id, tag_id, confirmed) VALUES (?, ?, 1)');
        f.lib.db.transaction(() => ids.forEach(({ id }, i) => (link.run(id, Number(sea.slice(4))), i % 2 === 0 && link.run(id, Number(sky.slice(4))))))();
        const links = (tag: string) => f.lib.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM item_tags WHERE tag_id = ?').get(Number(tag.slice(4)))!.n;
        const keys = ids.map((_, i) => pid('Many', `p${i}.jpg`));
        let worst = 0;
        let last = performance.now();
        // What the index holds whenever the loop is free during each call: with slices, some of
        // the events (the edit) or links (the delete) are committed already; one transaction
        // would show all or none.
        let cursor = f.lib.changes.latest();
        const events = new Set<number>();
        const seen = new Set<number>();
        const probe = setInterval(() => {
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
          events.add(f.lib.changes.latest() - cursor);
          seen.add(links(sea));
        }, 1);
        try {
          expect((await f.call(TAG, 'edit', { id: sea, name: 'ocean' })).success).to.equal(true);
          expect(f.lib.changes.after(cursor, 10_000).map((e) => e.data_key)).to.deep.equal(keys);
          expect(links(sea)).to.equal(2_500);
          const partial = [...events].filter((n) => n > 0 && n < 2_500);
          expect(partial.length, `event counts seen during the edit: ${[...events].join(', ')}`).to.be.above(0);
          seen.clear();
          cursor = f.lib.changes.latest();
          expect(await f.call(TAG, 'delete', { id: sea })).to.deep.equal({ success: true });
          expect(f.lib.changes.after(cursor, 10_000).map((e) => e.data_key)).to.deep.equal(keys);
        } finally {
          clearInterval(probe);
        }
        expect(links(sea)).to.equal(0);
        expect(f.lib.tags.byId(Number(sea.slice(4)))).to.equal(undefined);
        expect(links(sky), 'the other tag keeps its links').to.equal(1_250);
        expect(worst, 'longest event-loop delay, ms').to.be.below(50);
        const between = [...seen].filter((n) => n > 0 && n < 2_500);
        expect(between.length, `link counts seen between slices: ${[...seen].join(', ')}`).to.be.above(0);
      });
    });

    describe('delete_unconfirmed_tag', () => {
      /** Marks the person `tag` on the item unconfirmed, as a face found by recognition would be. */
      const unconfirm = (album: string, name: string, tag: string) => {
        const item = f.lib.items.get(f.album(album).id, name) as { id: number };
        f.lib.db.prepare('UPDATE item_tags SET confirmed = 0 WHERE item_id = ? AND tag_id = ?').run(item.id, Number(tag.slice(4)));
      };
      const links = () => f.lib.db.prepare('SELECT t.name, l.confirmed FROM item_tags l JOIN tags t ON t.id = l.tag_id ORDER BY l.id').all();

      beforeEach(async () => {
        const ann = await create('Ann', 'people');
        const bo = await create('Bo', 'people');
        const sea = await create('sea', 'desc');
        const region = { x: '0', y: '0', width: '0.5', height: '0.5' };
        await f.call(PHOTO_TAG, 'people_tag', { id: pid('A', 'x.jpg'), tag_id: ann, ...region });
        await f.call(PHOTO_TAG, 'people_tag', { id: pid('A', 'x.jpg'), tag_id: bo, ...region });
        await f.call(PHOTO_TAG, 'people_tag', { id: pid('B', 'z.jpg'), tag_id: ann, ...region });
        await f.call(PHOTO_TAG, 'desc_tag', { id: pid('B', 'z.jpg'), tag_id: sea });
        unconfirm('A', 'x.jpg', bo);
        unconfirm('B', 'z.jpg', ann);
      });

      it('takes every unconfirmed person off every item, keeping the tags and the confirmed links, with a feed event per item', async () => {
        const before = f.lib.changes.latest();
        expect(await f.call(TAG, 'delete_unconfirmed_tag', {})).to.deep.equal({ success: true });
        expect(links()).to.deep.equal([
          { name: 'Ann', confirmed: 1 },
          { name: 'sea', confirmed: 1 },
        ]);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['people:Ann']);
        expect(tagsInIndex(f, 'B', 'z.jpg')).to.deep.equal(['desc:sea']);
        expect((await f.call(TAG, 'list', { type: 'people' })).data.total).to.equal(2);
        expect(f.lib.changes.after(before, 100).map((e) => [e.action, e.data_key])).to.deep.equal([
          ['UPDATE', pid('A', 'x.jpg')],
          ['UPDATE', pid('B', 'z.jpg')],
        ]);
        // Nothing left to take: still a success, and no event.
        const later = f.lib.changes.latest();
        expect(await f.call(TAG, 'delete_unconfirmed_tag', {})).to.deep.equal({ success: true });
        expect(f.lib.changes.after(later, 100)).to.deep.equal([]);
      });

      it('takes thousands off slice by slice: every unconfirmed link gone, every confirmed one kept, one event per item, the loop free', async function () {
        this.timeout(30_000);
        // 2 500 items (three slices of 1 000, the last short), each with an unconfirmed face;
        // every third one also carries a confirmed person, which stays.
        f.bulk('Faces', 2_500, 1);
        const ids = f.lib.db.prepare<[], { id: number }>("SELECT i.id FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = 'Faces' ORDER BY i.id").all();
        const cy = Number((await create('Cy', 'people')).slice(4));
        const di = Number((await create('Di', 'people')).slice(4));
        const link = f.lib.db.prepare('INSERT INTO item_tags (item_id, tag_id, confirmed) VALUES (?, ?, ?)');
        f.lib.db.transaction(() => {
          ids.forEach(({ id }, i) => {
            link.run(id, cy, 0);
            if (i % 3 === 0) link.run(id, di, 1);
          });
        })();
        const count = (confirmed: number) => f.lib.db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM item_tags WHERE confirmed = ?').get(confirmed)!.n;
        const confirmedBefore = count(1);
        const before = f.lib.changes.latest();
        let worst = 0;
        let last = performance.now();
        // What the index holds whenever the loop is free during the call: with slices, some of
        // the links are already gone and committed; one transaction would show all or none.
        const seen = new Set<number>();
        const probe = setInterval(() => {
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
          seen.add(count(0));
        }, 1);
        try {
          expect(await f.call(TAG, 'delete_unconfirmed_tag', {})).to.deep.equal({ success: true });
        } finally {
          clearInterval(probe);
        }
        expect(count(0)).to.equal(0);
        expect(count(1)).to.equal(confirmedBefore);
        const events = f.lib.changes.after(before, 10_000);
        // The two fixture photos of beforeEach and the 2 500, each once, in id order.
        expect(events.length).to.equal(2_502);
        expect(new Set(events.map((e) => e.data_key)).size).to.equal(2_502);
        expect(events.slice(2).map((e) => e.data_key)).to.deep.equal(ids.map((_, i) => pid('Faces', `p${i}.jpg`)));
        expect(worst, 'longest event-loop delay, ms').to.be.below(50);
        // 2 502 unconfirmed at the start (the 2 of beforeEach first, by id): 1 502 and 502 between slices.
        const between = [...seen].filter((n) => n > 0 && n < 2_502);
        expect(between.length, `counts seen between slices: ${[...seen].join(', ')}`).to.be.above(0);
      });

      it('is for administrators only: 440 for a user who manages every album, 105 for a guest, and nothing changes', async () => {
        const all = links();
        const bob = await f.user('bob', { A: { browse: true, manage: true }, B: { browse: true, manage: true } });
        expect(await f.call(TAG, 'delete_unconfirmed_tag', {}, bob)).to.deep.equal({ success: false, error: { code: 440 } });
        expect(await f.call(TAG, 'delete_unconfirmed_tag', {}, null)).to.deep.equal({ success: false, error: { code: 105 } });
        expect(links()).to.deep.equal(all);
      });
    });

    it('searchplace finds known places by name or address', async () => {
      await create('Eiffel tower', 'geo', { lat: '48.858', lng: '2.294', address: 'Champ de Mars, Paris' });
      await create('Paris', 'desc');
      const r = await f.call(TAG, 'searchplace', { query: 'paris' });
      expect(r.data.places.map((p: { name: string }) => p.name)).to.deep.equal(['Eiffel tower']);
      expect((await f.call(TAG, 'searchplace', { query: '%' })).data.places).to.deep.equal([]);
    });
  });

  describe('PhotoTag', () => {
    it('puts desc, geo and people tags on items and lists them in both shapes', async () => {
      const sea = await create('sea', 'desc');
      const ann = await create('Ann', 'people');
      const paris = await create('Paris', 'geo', { lat: '48.8566', lng: '2.3522', address: 'Paris' });
      const x = pid('A', 'x.jpg');
      const y = pid('A', 'y.jpg');
      const added = await f.call(PHOTO_TAG, 'desc_tag', { id: `${x},${y}`, tag_id: sea });
      expect(added.data.item_tag_ids).to.have.length(2);
      expect(added.data.item_tag_ids[0]).to.match(/^item_tag_\d+$/);
      await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: paris });
      const face = await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0.1', y: '0.2', width: '0.3', height: '0.4' });
      const one = await f.call(PHOTO_TAG, 'list', { id: x });
      expect(one.data.tags).to.deep.equal([
        { id: sea, item_tag_id: added.data.item_tag_ids[0], type: 'desc', tag_type: 'desc', name: 'sea', additional: { info: { name: 'sea' } } },
        {
          id: paris,
          item_tag_id: one.data.tags[1].item_tag_id,
          type: 'geo',
          tag_type: 'geo',
          name: 'Paris',
          additional: { info: { name: 'Paris', lat: 48.8566, lng: 2.3522, address: 'Paris', place_id: '' } },
        },
        {
          id: ann,
          item_tag_id: face.data.item_tag_ids[0],
          type: 'people',
          tag_type: 'people',
          name: 'Ann',
          additional: { info: { name: 'Ann', x: 0.1, y: 0.2, width: 0.3, height: 0.4, is_confirmed: true } },
        },
      ]);
      const people = await f.call(PHOTO_TAG, 'list', { id: x, type: 'people' });
      expect(people.data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['Ann']);
      const both = await f.call(PHOTO_TAG, 'list', { id: `${x},${y}`, type: 'desc' });
      expect(both.data.tags).to.deep.equal([
        { photoId: x, tags: [one.data.tags[0]] },
        { photoId: y, tags: [{ ...one.data.tags[0], item_tag_id: added.data.item_tag_ids[1] }] },
      ]);
    });

    it('records one feed event per tagged item under the id the server writes, however the client spelled it; again, 468 and no event', async () => {
      const sea = await create('sea', 'desc');
      const x = pid('A', 'x.jpg');
      const z = pid('B', 'z.jpg');
      const before = f.lib.changes.latest();
      const added = await f.call(PHOTO_TAG, 'desc_tag', { id: `${x.toUpperCase().replace('PHOTO', 'photo')},${z}`, tag_id: sea });
      expect(added.success, JSON.stringify(added)).to.equal(true);
      const events = f.lib.changes.after(before, 100);
      expect(events.map((e) => [e.action, e.data_type, e.data_key])).to.deep.equal([
        ['UPDATE', 'photo', x],
        ['UPDATE', 'photo', z],
      ]);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea']);
      expect(tagsInIndex(f, 'B', 'z.jpg')).to.deep.equal(['desc:sea']);
      // Again on the same items changes nothing: 468, as Photo Station answers, and no event.
      const later = f.lib.changes.latest();
      expect(await f.call(PHOTO_TAG, 'desc_tag', { id: `${x},${z}`, tag_id: sea })).to.deep.equal({ success: false, error: { code: 468 } });
      expect(f.lib.changes.after(later, 100)).to.deep.equal([]);
    });

    describe('when some or all of the items already have the tag (Photo Station: 468 only when all do)', () => {
      it('answers 468 for desc_tag and geo_tag when every named item already had every tag, and writes nothing', async () => {
        const sea = await create('sea', 'desc');
        const paris = await create('Paris', 'geo');
        const x = pid('A', 'x.jpg');
        const y = pid('A', 'y.jpg');
        expect((await f.call(PHOTO_TAG, 'desc_tag', { id: `${x},${y}`, tag_id: sea })).success).to.equal(true);
        expect((await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: paris })).success).to.equal(true);
        const rows = f.lib.db.prepare('SELECT count(*) FROM item_tags').pluck().get();
        expect(await f.call(PHOTO_TAG, 'desc_tag', { id: `${x},${y}`, tag_id: sea })).to.deep.equal({ success: false, error: { code: 468 } });
        expect(await f.call(PHOTO_TAG, 'desc_tag', { id: y, tag_id: sea })).to.deep.equal({ success: false, error: { code: 468 } });
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: paris })).to.deep.equal({ success: false, error: { code: 468 } });
        expect(f.lib.db.prepare('SELECT count(*) FROM item_tags').pluck().get()).to.equal(rows);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea', 'geo:Paris']);
      });

      it('succeeds when at least one item gets the tag, listing every link, and writes only the new one', async () => {
        const sea = await create('sea', 'desc');
        const x = pid('A', 'x.jpg');
        const z = pid('B', 'z.jpg');
        const first = await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: sea });
        const before = f.lib.changes.latest();
        const both = await f.call(PHOTO_TAG, 'desc_tag', { id: `${x},${z}`, tag_id: sea });
        expect(both.success, JSON.stringify(both)).to.equal(true);
        expect(both.data.item_tag_ids).to.have.length(2);
        expect(both.data.item_tag_ids[0]).to.equal(first.data.item_tag_ids[0]);
        expect(f.lib.changes.after(before, 100).map((e) => e.data_key)).to.deep.equal([z]);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea']);
        expect(tagsInIndex(f, 'B', 'z.jpg')).to.deep.equal(['desc:sea']);
      });

      it('succeeds when one of several tags is new on an item that has the others', async () => {
        const sea = await create('sea', 'desc');
        const lake = await create('lake', 'desc');
        const x = pid('A', 'x.jpg');
        await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: sea });
        const r = await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: `${sea},${lake}` });
        expect(r.success, JSON.stringify(r)).to.equal(true);
        expect(r.data.item_tag_ids).to.have.length(2);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea', 'desc:lake']);
      });
    });

    describe("geo_tag with a place, as the Lightroom plugin's addPhotoTag sends it (`address`, `lat`, `lng`, `place_id`)", () => {
      const lausanne = { lat: '46.5197', lng: '6.6323', address: 'Lausanne, Switzerland', place_id: 'ChIJ5aeJzT4pjEcRXu7iysk_F-s' };
      const stored = { lat: 46.5197, lng: 6.6323, address: 'Lausanne, Switzerland', place_id: 'ChIJ5aeJzT4pjEcRXu7iysk_F-s' };

      it('fills in a place made by name only, and every list answers it in `additional.info`', async () => {
        const place = await create('Lausanne', 'geo');
        const x = pid('A', 'x.jpg');
        const r = await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, ...lausanne });
        expect(r.success, JSON.stringify(r)).to.equal(true);
        expect(placeRow(f, place)).to.deep.equal(stored);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['geo:Lausanne']);
        const info = { name: 'Lausanne', ...stored };
        expect((await f.call(PHOTO_TAG, 'list', { id: x, type: 'geo' })).data.tags[0].additional.info).to.deep.equal(info);
        expect((await f.call(TAG, 'getinfo', { id: place })).data.tags[0].additional.info).to.deep.equal(info);
        expect((await f.call(TAG, 'list', { type: 'geo' })).data.tags[0].additional.info).to.deep.equal(info);
      });

      it('a place filled in announces every item carrying it once, not only those the call names; the same place again, nothing', async () => {
        const place = await create('Lausanne', 'geo');
        const [x, y, z] = [pid('A', 'x.jpg'), pid('A', 'y.jpg'), pid('B', 'z.jpg')];
        await f.call(PHOTO_TAG, 'geo_tag', { id: `${y},${z}`, tag_id: place });
        let cursor = f.lib.changes.latest();
        // x gets the tag (announced by the tagging), y had it and is named, z had it and is not.
        expect((await f.call(PHOTO_TAG, 'geo_tag', { id: `${x},${y}`, tag_id: place, ...lausanne })).success).to.equal(true);
        expect(f.lib.changes.after(cursor, 100).map((e) => [e.action, e.data_key, e.data])).to.deep.equal([
          ['UPDATE', x, { tags: true }],
          ['UPDATE', y, { tags: true }],
          ['UPDATE', z, { tags: true }],
        ]);
        expect((await f.call(PHOTO_TAG, 'list', { id: z, type: 'geo' })).data.tags[0].additional.info).to.deep.equal({ name: 'Lausanne', ...stored });
        cursor = f.lib.changes.latest();
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, ...lausanne })).to.deep.equal({ success: false, error: { code: 468 } });
        expect(f.lib.changes.after(cursor, 100)).to.deep.equal([]);
      });

      it('fills in the place of a tag the item already has: a success, not 468', async () => {
        const place = await create('Lausanne', 'geo');
        const x = pid('A', 'x.jpg');
        const first = await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place });
        const again = await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, address: 'Lausanne, Switzerland' });
        expect(again).to.deep.equal({ success: true, data: { item_tag_ids: first.data.item_tag_ids } });
        expect(placeRow(f, place)).to.deep.equal({ lat: null, lng: null, address: 'Lausanne, Switzerland', place_id: '' });
        // The same place once more changes nothing: 468 again.
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, address: 'Lausanne, Switzerland' })).to.deep.equal({ success: false, error: { code: 468 } });
      });

      it('refuses bad coordinates, an address over 1024 characters, a place for two tags (101), and changes nothing', async () => {
        const place = await create('Lausanne', 'geo');
        const other = await create('Geneva', 'geo');
        const x = pid('A', 'x.jpg');
        const bad: Array<Record<string, string>> = [
          { lat: '90.0001', lng: '6' },
          { lat: '-91', lng: '6' },
          { lat: '46', lng: '180.5' },
          { lat: '46', lng: '-181' },
          { lat: '46' },
          { lng: '6' },
          { lat: 'NaN', lng: '6' },
          { lat: '46', lng: 'Infinity' },
          { lat: '1e3', lng: '0' },
          { address: 'x'.repeat(1025) },
          { lat: '1'.repeat(65), lng: '0' },
        ];
        for (const b of bad)
          expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, ...b }), JSON.stringify(b).slice(0, 60)).to.deep.equal({ success: false, error: { code: 101 } });
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: `${place},${other}`, ...lausanne })).to.deep.equal({ success: false, error: { code: 101 } });
        expect(placeRow(f, place)).to.deep.equal({ lat: null, lng: null, address: '', place_id: '' });
        expect(placeRow(f, other)).to.deep.equal({ lat: null, lng: null, address: '', place_id: '' });
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
      });

      it("replaces a place's coordinates or address for an administrator only (440 for others, nothing changed); a blank field erases nothing", async () => {
        const place = await create('Lausanne', 'geo', lausanne);
        const x = pid('A', 'x.jpg');
        const bob = await f.user('bob', { A: { browse: true, manage: true } });
        const elsewhere = { lat: '46.2044', lng: '6.1432' };
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, ...elsewhere }, bob)).to.deep.equal({ success: false, error: { code: 440 } });
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, address: 'Genève' }, bob)).to.deep.equal({ success: false, error: { code: 440 } });
        expect(placeRow(f, place)).to.deep.equal(stored);
        expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
        // What the tag already says, or blanks, is no change: bob may tag with it.
        expect((await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: place, ...lausanne, address: '', place_id: '' }, bob)).success).to.equal(true);
        expect(placeRow(f, place)).to.deep.equal(stored);
        // Without manage on the item, 457 comes first: the tag's place is none of the caller's business.
        const viewer = await f.user('viewer', { A: { browse: true } });
        expect(await f.call(PHOTO_TAG, 'geo_tag', { id: pid('A', 'y.jpg'), tag_id: place, ...elsewhere }, viewer)).to.deep.equal({ success: false, error: { code: 457 } });
        expect((await f.call(PHOTO_TAG, 'geo_tag', { id: pid('A', 'y.jpg'), tag_id: place, ...elsewhere })).success).to.equal(true);
        expect(placeRow(f, place)).to.deep.equal({ ...stored, lat: 46.2044, lng: 6.1432 });
      });
    });

    it('answers 467 (PHOTO_TAG_NOT_EXIST) for a tag that does not exist, and writes nothing', async () => {
      const x = pid('A', 'x.jpg');
      expect(await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: 'tag_999' })).to.deep.equal({ success: false, error: { code: 467 } });
      expect(await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: 'tag_999' })).to.deep.equal({ success: false, error: { code: 467 } });
      expect(await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: 'tag_999', x: '0', y: '0', width: '0.5', height: '0.5' })).to.deep.equal({
        success: false,
        error: { code: 467 },
      });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
    });

    it('tagging a person again moves the region; confirm=false takes it off; delete by tag or by link', async () => {
      const ann = await create('Ann', 'people');
      const sea = await create('sea', 'desc');
      const x = pid('A', 'x.jpg');
      await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0.1', y: '0.1', width: '0.1', height: '0.1' });
      await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0.5', y: '0.5', width: '0.2', height: '0.2' });
      const tags = (await f.call(PHOTO_TAG, 'list', { id: x })).data.tags;
      expect(tags).to.have.length(1);
      expect(tags[0].additional.info).to.include({ x: 0.5, y: 0.5, width: 0.2, height: 0.2 });
      expect((await f.call(PHOTO_TAG, 'people_tag_confirm', { id: x, tag_id: ann, confirm: 'false' })).success).to.equal(true);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
      expect(await f.call(PHOTO_TAG, 'people_tag_confirm', { id: x, tag_id: ann })).to.deep.equal({ success: false, error: { code: 437 } });
      const link = (await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: sea })).data.item_tag_ids[0];
      await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0', y: '0', width: '1', height: '1' });
      await f.call(PHOTO_TAG, 'delete', { id: x, item_tag_id: link });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['people:Ann']);
      await f.call(PHOTO_TAG, 'delete', { id: x, tag_id: ann });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
    });

    it('refuses a region outside the image, a tag of another kind, no right (457), and changes nothing', async () => {
      const ann = await create('Ann', 'people');
      const sea = await create('sea', 'desc');
      const x = pid('A', 'x.jpg');
      expect((await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0.9', y: '0', width: '0.2', height: '0.1' })).error?.code).to.equal(101);
      expect((await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '-0.1', y: '0', width: '0.2', height: '0.1' })).error?.code).to.equal(101);
      expect((await f.call(PHOTO_TAG, 'geo_tag', { id: x, tag_id: sea })).error?.code).to.equal(101);
      const viewer = await f.user('viewer', { A: { browse: true } });
      expect(await f.call(PHOTO_TAG, 'desc_tag', { id: x, tag_id: sea }, viewer)).to.deep.equal({ success: false, error: { code: 457 } });
      expect((await f.call(PHOTO_TAG, 'list', { id: x }, viewer)).success).to.equal(true);
      expect(await f.call(PHOTO_TAG, 'list', { id: pid('B', 'z.jpg') }, viewer)).to.deep.equal({ success: false, error: { code: 457 } });
      expect(await f.call(PHOTO_TAG, 'list', { id: pid('B', 'nope.jpg') })).to.deep.equal({ success: false, error: { code: 456 } });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
    });
  });

  describe('Photo.list filters', () => {
    it('filter_tag: items with any of the tags; keyword: names, titles, descriptions and tags; rating: a minimum', async () => {
      const sea = await create('sea', 'desc');
      const ann = await create('Ann', 'people');
      const other = await create('unused', 'desc');
      await f.call(PHOTO_TAG, 'desc_tag', { id: pid('A', 'x.jpg'), tag_id: sea });
      await f.call(PHOTO_TAG, 'people_tag', { id: pid('B', 'z.jpg'), tag_id: ann, x: '0', y: '0', width: '1', height: '1' });
      const names = async (params: Record<string, string>) =>
        (await f.call(PHOTO, 'list', { offset: '0', limit: '-1', sort_by: 'filename', ...params })).data.items.map((i: { info: { name: string } }) => i.info.name);
      expect(await names({ filter_tag: `${sea},${ann}` })).to.deep.equal(['x.jpg', 'z.jpg']);
      expect(await names({ filter_tag: other })).to.deep.equal([]);
      expect(await names({ filter_tag: sea, filter_album: albumId('B') })).to.deep.equal([]);
      expect(await names({ keyword: 'ANN' })).to.deep.equal(['z.jpg']);
      expect(await names({ keyword: 'the x' })).to.deep.equal(['x.jpg']);
      expect(await names({ keyword: 'y.j' })).to.deep.equal(['y.jpg']);
      expect(await names({ keyword: '_' })).to.deep.equal([]);
      expect(await names({ rating: '4' })).to.deep.equal(['y.jpg']);
      expect(await names({ rating: '9' })).to.deep.equal([]);
      expect(await names({ color_label: '1,2' })).to.deep.equal(['x.jpg', 'y.jpg', 'z.jpg']);
      expect((await f.call(PHOTO, 'list', { offset: '0', limit: '1', filter_tag: 'nonsense' })).error?.code).to.equal(456);
    });

    it('filter_tag=tag_unconfirm: the items with an unconfirmed people tag, as Photo Station lists them; none once confirmed', async () => {
      const ann = await create('Ann', 'people');
      const sea = await create('sea', 'desc');
      const x = pid('A', 'x.jpg');
      const z = pid('B', 'z.jpg');
      await f.call(PHOTO_TAG, 'people_tag', { id: x, tag_id: ann, x: '0', y: '0', width: '1', height: '1' });
      await f.call(PHOTO_TAG, 'people_tag', { id: z, tag_id: ann, x: '0', y: '0', width: '1', height: '1' });
      await f.call(PHOTO_TAG, 'desc_tag', { id: z, tag_id: sea });
      // A face found in the file, not yet confirmed by a person (as the scanner writes one).
      const zRow = f.lib.items.get((f.lib.albums.byPath('B') as { id: number }).id, 'z.jpg') as { id: number };
      f.lib.db.prepare('UPDATE item_tags SET confirmed = 0 WHERE item_id = ? AND tag_id = ?').run(zRow.id, Number(ann.slice(4)));
      const names = async (filter_tag: string) =>
        (await f.call(PHOTO, 'list', { offset: '0', limit: '-1', type: 'photo', filter_tag })).data?.items.map((i: { id: string }) => i.id);
      expect(await names('tag_unconfirm')).to.deep.equal([z]);
      expect(await names(`${sea},tag_unconfirm`)).to.deep.equal([z]);
      expect((await f.call(PHOTO_TAG, 'people_tag_confirm', { id: z, tag_id: ann, confirm: 'true' })).success).to.equal(true);
      expect(await names('tag_unconfirm')).to.deep.equal([]);
    });

    it("gps=true: only the items with a position (Photo Station's map view); gps=false: all", async () => {
      f.photo('B', 'w.jpg', { lat: 48.85, lng: 2.35 });
      const ids = async (gps: string) => (await f.call(PHOTO, 'list', { offset: '0', limit: '-1', type: 'photo', gps })).data?.items.map((i: { id: string }) => i.id);
      expect(await ids('true')).to.deep.equal([pid('B', 'w.jpg')]);
      expect(await ids('false')).to.have.length(4);
    });

    it('filter_tag shows a user only what it may browse', async () => {
      const sea = await create('sea', 'desc');
      await f.call(PHOTO_TAG, 'desc_tag', { id: `${pid('A', 'x.jpg')},${pid('B', 'z.jpg')}`, tag_id: sea });
      const bob = await f.user('bob', { B: { browse: true } });
      const r = await f.call(PHOTO, 'list', { offset: '0', limit: '-1', filter_tag: sea }, bob);
      expect(r.data.items.map((i: { info: { name: string } }) => i.info.name)).to.deep.equal(['z.jpg']);
    });
  });

  describe('tags follow their item', () => {
    let sea: string;
    let ann: string;
    beforeEach(async () => {
      sea = await create('sea', 'desc');
      ann = await create('Ann', 'people');
      await f.call(PHOTO_TAG, 'desc_tag', { id: pid('A', 'x.jpg'), tag_id: sea });
      await f.call(PHOTO_TAG, 'people_tag', { id: pid('A', 'x.jpg'), tag_id: ann, x: '0.1', y: '0.2', width: '0.3', height: '0.4' });
    });

    it('through an item move, keeping the row', async () => {
      const before = f.lib.items.get(f.album('A').id, 'x.jpg')!.id;
      const r = await f.call(PHOTO, 'copy', { id: pid('A', 'x.jpg'), sharepath: albumId('B'), mode: 'move', duplicate: 'rename' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      expect(f.lib.items.get(f.album('B').id, 'x.jpg')!.id).to.equal(before);
      expect(tagsInIndex(f, 'B', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
      const listed = await f.call(PHOTO_TAG, 'list', { id: pid('B', 'x.jpg'), type: 'people' });
      expect(listed.data.tags[0].additional.info).to.include({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
    });

    it('through an album move', async () => {
      const r = await f.call('SYNO.PhotoStation.Album', 'move', { id: albumId('A'), sharepath: albumId('B'), duplicate: 'rename' });
      expect(r.success, JSON.stringify(r)).to.equal(true);
      expect(tagsInIndex(f, 'B/A', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
    });

    it('with a copy, both items keeping them', async () => {
      await f.call(PHOTO, 'copy', { id: pid('A', 'x.jpg'), sharepath: albumId('B'), mode: 'copy', duplicate: 'rename' });
      expect(tagsInIndex(f, 'B', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
      const listed = await f.call(PHOTO_TAG, 'list', { id: pid('B', 'x.jpg'), type: 'people' });
      expect(listed.data.tags[0].additional.info).to.include({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
    });

    it('to the trash with an item and back with a restore, even when the tag was deleted meanwhile', async () => {
      await f.call(PHOTO, 'delete', { id: pid('A', 'x.jpg') });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal([]);
      expect(f.lib.db.prepare('SELECT count(*) FROM item_tags').pluck().get()).to.equal(0);
      await f.call(TAG, 'delete', { id: ann });
      const entry = (await f.call('SYNO.PhotoStation.Trash', 'list', {})).data.items[0].id;
      const r = await f.call('SYNO.PhotoStation.Trash', 'restore', { id: String(entry) });
      expect(r.data.items[0].status).to.equal(204);
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
      const listed = await f.call(PHOTO_TAG, 'list', { id: pid('A', 'x.jpg'), type: 'people' });
      expect(listed.data.tags[0].additional.info).to.include({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
      expect((await f.call(TAG, 'list', { type: 'people' })).data.tags.map((t: { name: string }) => t.name)).to.deep.equal(['Ann']);
    });

    it('to the trash with its album and back', async () => {
      await f.call('SYNO.PhotoStation.Album', 'delete', { id: albumId('A') });
      expect(f.lib.db.prepare('SELECT count(*) FROM item_tags').pluck().get()).to.equal(0);
      const entry = (await f.call('SYNO.PhotoStation.Trash', 'list', {})).data.items[0].id;
      await f.call('SYNO.PhotoStation.Trash', 'restore', { id: String(entry) });
      expect(tagsInIndex(f, 'A', 'x.jpg')).to.deep.equal(['desc:sea', 'people:Ann']);
    });
  });
});
