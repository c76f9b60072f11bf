import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fail, JsonText, ok, okBody, pageJsonText } from '../src/webapi/envelope.ts';
import { Code } from '../src/webapi/codes.ts';
import { albumIdOf, itemIdOf, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';
import { rawCaller } from './helpers/raw-text.ts';
import type { RawCaller } from './helpers/raw-text.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

describe('The success envelope as text', () => {
  const values: unknown[] = [undefined, null, 0, 'x"y', [], { total: 1, offset: 1, items: [{ id: 'a', info: { name: 'é\u2028' } }] }];

  it('is the same text for an object as JSON.stringify of ok(data)', () => {
    for (const v of values) expect(okBody(v)).to.equal(JSON.stringify(ok(v)));
  });

  it('is the same bytes for pre-serialized data (JsonText), in strings or in bytes, as for the data itself', () => {
    for (const v of values.filter((x) => x !== undefined)) {
      const text = JSON.stringify(v);
      const expected = Buffer.from(JSON.stringify(ok(v)));
      expect(okBody(new JsonText(text))).to.deep.equal(expected);
      expect(okBody(new JsonText(text.slice(0, 1), Buffer.from(text.slice(1))))).to.deep.equal(expected);
    }
  });

  it('answers a cached page asked again with the same envelope, not a copy; another head, another envelope', () => {
    const page = Buffer.from('{"id":"a"},{"id":"b"}');
    const first = okBody(pageJsonText('{"total":2,"items":[', page, ']}'));
    expect(first).to.deep.equal(Buffer.from(JSON.stringify(ok({ total: 2, items: [{ id: 'a' }, { id: 'b' }] }))));
    expect(okBody(pageJsonText('{"total":2,"items":[', page, ']}'))).to.equal(first);
    const other = okBody(pageJsonText('{"total":3,"items":[', page, ']}'));
    expect(other).to.not.equal(first);
    expect(JSON.parse(other.toString()).data.total).to.equal(3);
  });

  it('leaves failures to fail()', () => {
    expect(JSON.stringify(fail(Code.BadRequest))).to.equal('{"success":false,"error":{"code":101}}');
  });
});

/**
 * Shared (public): a.jpg, b.jpg, Open/ (inherits public), Closed/ (private). The root holds
 * top.jpg. alice has no grant: she sees Shared and Open but not Closed nor the root's items.
 */
describe('Album.list answered from the serialized page cache', () => {
  let t: TestStation;
  let raw: RawCaller;
  let admin: string;
  let alice: string;
  before(async () => {
    t = await startStation({}, (root) => {
      mkdirSync(path.join(root, 'Shared', 'Open'), { recursive: true });
      mkdirSync(path.join(root, 'Shared', 'Closed'));
      writeFileSync(path.join(root, 'Shared', 'a.jpg'), 'a');
      writeFileSync(path.join(root, 'Shared', 'b.jpg'), 'bb');
      writeFileSync(path.join(root, 'top.jpg'), 'top');
    });
    const { db } = t.station.services;
    db.prepare("UPDATE albums SET type = 'public' WHERE path = 'Shared'").run();
    db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Shared/Closed'").run();
    await t.addUser('alice', 'alice-pw');
    admin = await t.login('admin', 'admin-pw');
    alice = await t.login('alice', 'alice-pw');
    raw = await rawCaller(t.station);
  });
  after(async () => {
    await raw.close();
    await t.close();
  });

  const shared = { id: albumIdOf('Shared'), offset: 0, limit: 10 };

  it('answers JSON text byte-identical to JSON.stringify of what it parses to, as application/json', async () => {
    const res = await raw.call(ALBUM, 'list', shared, admin);
    expect(res.type).to.equal('application/json; charset=utf-8');
    expect(res.text).to.equal(JSON.stringify(JSON.parse(res.text)));
    expect(JSON.parse(res.text)).to.include({ success: true });
  });

  it('answers the same bytes from the cache as when it built the page', async () => {
    const params = { ...shared, additional: 'photo_exif,thumb_size,file_location' };
    const first = await raw.call(ALBUM, 'list', params, admin);
    const second = await raw.call(ALBUM, 'list', params, admin);
    expect(second.text).to.equal(first.text);
    expect(JSON.parse(first.text).data.items[2].additional).to.have.keys('photo_exif', 'thumb_size', 'file_location');
  });

  it('answers the next offset and the total as before', async () => {
    const res = JSON.parse((await raw.call(ALBUM, 'list', { ...shared, offset: 1, limit: 2 }, admin)).text);
    expect(res.data).to.include({ total: 4, offset: 3 });
    expect(res.data.items.map((i: { id: string }) => i.id)).to.deep.equal([albumIdOf('Shared/Open'), itemIdOf('Shared', 'a.jpg')]);
  });

  describe('for two users with different rights on the same album', () => {
    it('gives each the positions after the sub-albums they see, whoever listed first', async () => {
      for (const [sid, subAlbums] of [
        [alice, ['Shared/Open']],
        [admin, ['Shared/Closed', 'Shared/Open']],
        [alice, ['Shared/Open']],
      ] as const) {
        const res = JSON.parse((await raw.call(ALBUM, 'list', shared, sid)).text);
        const n = subAlbums.length;
        expect(res.data.items.slice(0, n).map((i: { id: string }) => i.id)).to.deep.equal(subAlbums.map(albumIdOf));
        expect(res.data.items.slice(n).map((i: { pos: number; info: { name: string } }) => [i.info.name, i.pos])).to.deep.equal([
          ['a.jpg', n],
          ['b.jpg', n + 1],
        ]);
        expect(res.data).to.include({ total: n + 2, offset: n + 2 });
      }
    });

    it('shapes the sub-albums with the rights of the caller, not of the one who listed first', async () => {
      const params = { ...shared, additional: 'album_permission' };
      const byAdmin = JSON.parse((await raw.call(ALBUM, 'list', params, admin)).text);
      const byAlice = JSON.parse((await raw.call(ALBUM, 'list', params, alice)).text);
      expect(byAdmin.data.items[1].additional.album_permission).to.deep.equal({ browse: true, upload: true, manage: true });
      expect(byAlice.data.items[0].additional.album_permission).to.include({ manage: false, upload: false });
    });

    it('never shows the root items cached for the administrator to a user without browse on the root', async () => {
      const byAdmin = JSON.parse((await raw.call(ALBUM, 'list', { offset: 0, limit: 10 }, admin)).text);
      const byAlice = JSON.parse((await raw.call(ALBUM, 'list', { offset: 0, limit: 10 }, alice)).text);
      expect(byAdmin.data.items.map((i: { type: string }) => i.type)).to.deep.equal(['album', 'photo']);
      expect(byAlice.data.items.map((i: { type: string }) => i.type)).to.deep.equal(['album']);
      expect(byAlice.data).to.include({ total: 1, offset: 1 });
    });

    it('refuses a private album to a user without rights after the administrator paged it (417)', async () => {
      const params = { id: albumIdOf('Shared/Closed'), offset: 0, limit: 10 };
      expect(JSON.parse((await raw.call(ALBUM, 'list', params, admin)).text).success).to.equal(true);
      expect(JSON.parse((await raw.call(ALBUM, 'list', params, alice)).text)).to.deep.equal({ success: false, error: { code: 417 } });
    });
  });

  describe('after a file is added', () => {
    it('answers the new page, not the cached text', async () => {
      const before = JSON.parse((await raw.call(ALBUM, 'list', shared, admin)).text);
      writeFileSync(path.join(t.root, 'Shared', 'c.jpg'), 'ccc');
      await t.rescan();
      const after = JSON.parse((await raw.call(ALBUM, 'list', shared, admin)).text);
      expect(before.data.total).to.equal(4);
      expect(after.data.total).to.equal(5);
      expect(after.data.items.at(-1).info.name).to.equal('c.jpg');
    });
  });
});
