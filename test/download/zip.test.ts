import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { hashPassword } from '../../src/auth/password.ts';
import { albumId, itemId } from '../../src/library/ids.ts';
import { download, envelope, eventually, openFds, unzip } from '../helpers/download.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/**
 * The library, each file with random bytes:
 *
 *   r.jpg                     in the root (private by default)
 *   Pub/ (public)             p1.jpg, v.mp4, Deep/d.jpg, Deep/Deeper/dd.jpg, Empty/
 *   Pub/Priv/ (private)       x.jpg
 *   Pub/Pw/ (password)        w.jpg
 *   Other/ (private)          o.jpg, Sub/p1.jpg (a name also in Pub)
 */
describe('Download.getitem: one ZIP, streamed (SPEC §14)', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  const files = new Map<string, Buffer>();
  const put = (album: string, name: string) => {
    const bytes = randomBytes(1000 + Math.floor(Math.random() * 5000));
    const row = f.photo(album, name);
    writeFileSync(path.join(f.photoRoot, album, name), bytes);
    f.lib.items.update(row.id, { size: bytes.length });
    files.set(album === '' ? name : `${album}/${name}`, bytes);
  };
  const zipOf = async (ids: string[], sid: string | null = f.adminSid, extra: Record<string, string> = {}) => {
    const r = await download(f, 'getitem', { id: ids.join(','), ...extra }, { sid });
    expect(r.headers['content-type'], r.body.toString().slice(0, 200)).to.equal('application/zip');
    return { r, entries: unzip(r.body) };
  };
  /** The archive as `path -> bytes` for files and `path/` for folders. */
  const tree = (entries: { name: string; data: Buffer }[]): Record<string, string> =>
    Object.fromEntries(entries.map((e) => [e.name, e.name.endsWith('/') ? 'dir' : e.data.toString('hex')]));
  const want = (pairs: [string, string][]): Record<string, string> =>
    Object.fromEntries(pairs.map(([inZip, rel]) => [inZip, rel === 'dir' ? 'dir' : (files.get(rel) as Buffer).toString('hex')]));

  before(async () => {
    f = await OpsFixture.start();
    put('', 'r.jpg');
    put('Pub', 'p1.jpg');
    put('Pub', 'v.mp4');
    put('Pub/Deep', 'd.jpg');
    put('Pub/Deep/Deeper', 'dd.jpg');
    f.album('Pub/Empty');
    put('Pub/Priv', 'x.jpg');
    put('Pub/Pw', 'w.jpg');
    put('Other', 'o.jpg');
    put('Other/Sub', 'p1.jpg');
    f.lib.albums.update(f.album('Pub').id, { type: 'public' });
    f.lib.albums.update(f.album('Pub/Priv').id, { type: 'private' });
    f.lib.albums.update(f.album('Pub/Pw').id, { type: 'password', password: await hashPassword('pw') });
  });
  after(() => f.stop());

  it('an id named more than once goes in once (the root named 2 000 times is one copy of the library)', async () => {
    const once = tree((await zipOf([''])).entries);
    const many = await zipOf(Array.from({ length: 2000 }, () => ''));
    expect(tree(many.entries)).to.deep.equal(once);
    const twice = await zipOf([albumId('Other'), itemId('Pub', 'p1.jpg', 'photo'), albumId('Other'), itemId('Pub', 'p1.jpg', 'photo')]);
    expect(tree(twice.entries)).to.deep.equal(
      want([
        ['Other/', 'dir'],
        ['Other/o.jpg', 'Other/o.jpg'],
        ['Other/Sub/', 'dir'],
        ['Other/Sub/p1.jpg', 'Other/Sub/p1.jpg'],
        ['p1.jpg', 'Pub/p1.jpg'],
      ]),
    );
  });

  it('an album: its folder structure, recursively, every file byte for byte, stored without recompression', async () => {
    const { r, entries } = await zipOf([albumId('Pub')]);
    expect(r.headers['content-disposition']).to.equal(`attachment; filename="Pub.zip"; filename*=UTF-8''Pub.zip`);
    expect(r.headers['transfer-encoding'], 'streamed as built: no length known up front').to.equal('chunked');
    expect(tree(entries)).to.deep.equal(
      want([
        ['Pub/', 'dir'],
        ['Pub/p1.jpg', 'Pub/p1.jpg'],
        ['Pub/v.mp4', 'Pub/v.mp4'],
        ['Pub/Deep/', 'dir'],
        ['Pub/Deep/d.jpg', 'Pub/Deep/d.jpg'],
        ['Pub/Deep/Deeper/', 'dir'],
        ['Pub/Deep/Deeper/dd.jpg', 'Pub/Deep/Deeper/dd.jpg'],
        ['Pub/Empty/', 'dir'],
        ['Pub/Priv/', 'dir'],
        ['Pub/Priv/x.jpg', 'Pub/Priv/x.jpg'],
        ['Pub/Pw/', 'dir'],
        ['Pub/Pw/w.jpg', 'Pub/Pw/w.jpg'],
      ]),
    );
    expect(entries.filter((e) => !e.name.endsWith('/')).map((e) => e.method)).to.satisfy((m: number[]) => m.every((x) => x === 0));
  });

  it('items and albums together: items at the top, clashing names made unique', async () => {
    const { r, entries } = await zipOf([itemId('Pub', 'p1.jpg', 'photo'), itemId('Other/Sub', 'p1.jpg', 'photo'), albumId('Other/Sub')]);
    expect(r.headers['content-disposition']).to.match(/filename="photos\.zip"/);
    expect(tree(entries)).to.deep.equal(
      want([
        ['p1.jpg', 'Pub/p1.jpg'],
        ['p1 (2).jpg', 'Other/Sub/p1.jpg'],
        ['Sub/', 'dir'],
        ['Sub/p1.jpg', 'Other/Sub/p1.jpg'],
      ]),
    );
  });

  it('items of one album are named after it', async () => {
    const { r } = await zipOf([itemId('Pub', 'p1.jpg', 'photo'), itemId('Pub', 'v.mp4', 'video')]);
    expect(r.headers['content-disposition']).to.match(/filename="Pub\.zip"/);
  });

  it('the root album, for the administrator: everything, albums at the top', async () => {
    const { r, entries } = await zipOf(['']);
    expect(r.headers['content-disposition']).to.match(/filename="photos\.zip"/);
    const names = entries.map((e) => e.name);
    expect(names).to.include.members(['r.jpg', 'Pub/p1.jpg', 'Pub/Priv/x.jpg', 'Other/o.jpg', 'Other/Sub/p1.jpg']);
    expect(entries.filter((e) => !e.name.endsWith('/')).length).to.equal(files.size);
  });

  describe('rights: what the caller may not browse is left out', () => {
    it('a guest zipping the public album gets neither the private nor the locked sub-album', async () => {
      const { entries } = await zipOf([albumId('Pub')], null);
      const names = entries.map((e) => e.name);
      expect(names).to.include.members(['Pub/p1.jpg', 'Pub/Deep/Deeper/dd.jpg']);
      expect(names.filter((n) => n.startsWith('Pub/Priv') || n.startsWith('Pub/Pw'))).to.deep.equal([]);
    });

    it('with the album password the locked sub-album comes too', async () => {
      const { entries } = await zipOf([albumId('Pub')], null, { password: 'pw' });
      expect(tree(entries)).to.include(want([['Pub/Pw/w.jpg', 'Pub/Pw/w.jpg']]));
      expect(entries.map((e) => e.name).filter((n) => n.startsWith('Pub/Priv'))).to.deep.equal([]);
    });

    it('a guest zipping the root gets only the public album', async () => {
      const { entries } = await zipOf([''], null);
      expect(
        entries
          .filter((e) => !e.name.endsWith('/'))
          .map((e) => e.name)
          .sort(),
      ).to.deep.equal(['Pub/Deep/Deeper/dd.jpg', 'Pub/Deep/d.jpg', 'Pub/p1.jpg', 'Pub/v.mp4']);
    });

    it('a user granted only Other/Sub gets it from the root, and 507 for Other or an item of it', async () => {
      const sid = await f.user('sub-only', { 'Other/Sub': { browse: true } });
      const { entries } = await zipOf([albumId('Other/Sub'), albumId('Pub')], sid);
      const names = entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name);
      expect(names).to.include('Sub/p1.jpg');
      expect(names.filter((n) => n.startsWith('Pub/Priv'))).to.deep.equal([]);
      expect(envelope(await download(f, 'getitem', { id: albumId('Other') }, { sid }))).to.deep.equal({ success: false, error: { code: 507 } });
      expect(envelope(await download(f, 'getitem', { id: itemId('Other', 'o.jpg', 'photo') }, { sid }))).to.deep.equal({ success: false, error: { code: 507 } });
    });

    it('a user granted the private sub-album gets it inside the public one', async () => {
      const sid = await f.user('priv', { 'Pub/Priv': { browse: true } });
      const { entries } = await zipOf([albumId('Pub')], sid);
      expect(tree(entries)).to.include(want([['Pub/Priv/x.jpg', 'Pub/Priv/x.jpg']]));
      expect(entries.map((e) => e.name).filter((n) => n.startsWith('Pub/Pw/'))).to.deep.equal([]);
    });

    it('a guest naming a private album or a locked one without its password: 507', async () => {
      for (const id of [albumId('Other'), albumId('Pub/Priv'), albumId('Pub/Pw'), itemId('Pub/Pw', 'w.jpg', 'photo')]) {
        expect(envelope(await download(f, 'getitem', { id }, { sid: null })), id).to.deep.equal({ success: false, error: { code: 507 } });
      }
    });
  });

  it('506 for a bad or unknown id among the ids, and for no id', async () => {
    for (const id of ['album_zz', itemId('Pub', 'none.jpg', 'photo'), albumId('Nowhere'), `${albumId('Pub')},photo_1`]) {
      expect(envelope(await download(f, 'getitem', { id })), id).to.deep.equal({ success: false, error: { code: 506 } });
    }
    expect(envelope(await download(f, 'getitem', {}))).to.deep.equal({ success: false, error: { code: 506 } });
  });

  it('a hidden name in the index is never archived', async () => {
    const album = f.album('Pub/Deep');
    writeFileSync(path.join(f.photoRoot, 'Pub/Deep/.hidden.jpg'), 'hidden');
    f.lib.db.prepare(`INSERT INTO items (album_id, name, kind, size, mtime, created_at, taken_at) VALUES (?, '.hidden.jpg', 'photo', 6, 0, 0, 0)`).run(album.id);
    const { entries } = await zipOf([albumId('Pub/Deep')]);
    expect(entries.map((e) => e.name)).to.deep.equal(['Deep/', 'Deep/d.jpg', 'Deep/Deeper/', 'Deep/Deeper/dd.jpg']);
  });

  it('a big album is walked in slices: 600 items, all there', async () => {
    f.bulk('Bulk', 600, 1);
    const { entries } = await zipOf([albumId('Bulk')]);
    expect(entries.filter((e) => !e.name.endsWith('/')).length).to.equal(600);
    expect(new Set(entries.map((e) => e.name)).size).to.equal(601);
  });

  it('a client that leaves mid-archive: the walk stops and no descriptor stays open', async () => {
    f.photo('Big', 'a.mp4');
    f.photo('Big', 'b.mp4');
    truncateSync(path.join(f.photoRoot, 'Big/a.mp4'), 200 * 1024 * 1024);
    truncateSync(path.join(f.photoRoot, 'Big/b.mp4'), 200 * 1024 * 1024);
    const before = openFds();
    const url = new URL(f.url);
    url.search = new URLSearchParams({ api: 'SYNO.PhotoStation.Download', method: 'getitem', version: '1', id: albumId('Big'), _sid: f.adminSid }).toString();
    let received = 0;
    let during = 0;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > 2 * 1024 * 1024 && during === 0) {
            during = openFds();
            req.destroy();
            resolve();
          }
        });
        res.on('end', () => reject(new Error('the whole archive came before the client left')));
      });
      req.on('error', () => {});
    });
    expect(during).to.be.above(before);
    expect(await eventually(() => openFds() <= before), `open descriptors: ${openFds()}, before: ${before}`).to.equal(true);
    // The server still answers.
    expect((await download(f, 'getphoto', { id: itemId('Pub', 'p1.jpg', 'photo') })).status).to.equal(200);
  });
});
