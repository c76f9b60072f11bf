import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, decodeAlbumId, decodeItemId, IdError, itemId, itemIdDecoder } from '../src/library/ids.ts';
import { startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

const hex = (s: string | Buffer) => Buffer.from(s).toString('hex');

/** Paths no album id may name (SPEC §4), each with why. */
const HOSTILE_PATHS: [string, string | Buffer][] = [
  ['parent', '..'],
  ['parent then a name', '../x'],
  ['a name then parent', 'x/..'],
  ['deep parent', 'a/../../etc'],
  ['absolute', '/etc'],
  ['absolute passwd', '/etc/passwd'],
  ['empty segment', 'a//b'],
  ['trailing slash', 'a/'],
  ['dot segment', 'a/./b'],
  ['dot', '.'],
  ['NUL', 'a\0b'],
  ['NUL at the end', 'photo.jpg\0'],
  ['backslash', 'a\\b'],
  ['backslash parent', '..\\x'],
  ['@eaDir', '@eaDir'],
  ['@eaDir below', 'a/@eaDir/b'],
  ['dot file', '.hidden'],
  ['dot file below', 'a/.hidden'],
  ['#recycle', '#recycle'],
  ['name over 255 bytes', 'n'.repeat(256)],
  ['multibyte name over 255 bytes', 'é'.repeat(128)],
  ['path over 4096 bytes', Array.from({ length: 20 }, () => 'p'.repeat(250)).join('/')],
  ['invalid UTF-8', Buffer.from([0x61, 0xff, 0x62])],
  ['overlong UTF-8 slash', Buffer.from([0xc0, 0xaf])],
  ['UTF-8 surrogate', Buffer.from([0xed, 0xa0, 0x80])],
];

const NOT_HEX = ['album_', 'album_a', 'album_abc', 'album_zz', 'album_2e2e2', 'album_ 2e', 'album_0x2e', 'Album_61', 'album61', '61', '/etc', '..'];

describe('Hostile ids (SPEC §4)', () => {
  describe('decoding album ids', () => {
    for (const [why, p] of HOSTILE_PATHS) {
      it(`refuses ${why}`, () => {
        expect(() => decodeAlbumId(`album_${hex(p)}`)).to.throw(IdError);
      });
    }
    for (const id of NOT_HEX) {
      it(`refuses the malformed id \`${id}\``, () => expect(() => decodeAlbumId(id)).to.throw(IdError));
    }
    it('accepts uppercase hex', () => {
      expect(decodeAlbumId(`album_${hex('Test/2007').toUpperCase()}`)).to.equal('Test/2007');
    });
    it('accepts a path of exactly 255-byte names', () => {
      const p = `${'a'.repeat(255)}/${'é'.repeat(127)}b`;
      expect(decodeAlbumId(albumId(p))).to.equal(p);
    });
    it('round-trips SPEC §4 example', () => expect(decodeAlbumId('album_546573742f32303037')).to.equal('Test/2007'));
  });

  describe('decoding item ids', () => {
    for (const [why, p] of HOSTILE_PATHS) {
      it(`refuses an album part with ${why}`, () => expect(() => decodeItemId(`photo_${hex(p)}_${hex('a.jpg')}`)).to.throw(IdError));
      // `#recycle.jpg` is an ordinary name: only `#recycle` itself is hidden (SPEC §1).
      if (p === '#recycle') continue;
      it(`refuses a name part with ${why}`, () => expect(() => decodeItemId(`photo_${hex('a')}_${hex(Buffer.concat([Buffer.from(p), Buffer.from('.jpg')]))}`)).to.throw(IdError));
    }
    for (const id of [
      'photo__616a7067',
      'photo_61_',
      'photo_61',
      'photo_6_616a7067',
      'photo_61_616a706',
      'photo_2f2f_612e6a7067',
      'photo_zz_612e6a7067',
      'image_61_612e6a7067',
      'photo_61_612e6a7067_61',
    ]) {
      it(`refuses the malformed id \`${id}\``, () => expect(() => decodeItemId(id)).to.throw(IdError));
    }
    it('refuses a name whose extension is not of the kind', () => {
      expect(() => decodeItemId(`photo_${hex('a')}_${hex('a.mp4')}`)).to.throw(IdError);
      expect(() => decodeItemId(`video_${hex('a')}_${hex('a.jpg')}`)).to.throw(IdError);
      expect(() => decodeItemId(`photo_${hex('a')}_${hex('passwd')}`)).to.throw(IdError);
    });
    it('decodes a long list as one id at a time does, each with its id as the server writes it', () => {
      const decode = itemIdDecoder();
      const good = [`photo_2F_${hex('a.jpg').toUpperCase()}`, itemId('x/y', 'v.mp4', 'video'), `photo_${hex('x/y').toUpperCase()}_${hex('b.jpg')}`];
      for (const id of good) expect(decode(id)).to.deep.equal({ ...decodeItemId(id), id: id.toLowerCase() });
      expect(decode(good[2] as string).id).to.equal(itemId('x/y', 'b.jpg', 'photo'));
      // The album part is decoded once per list: a bad one is refused every time it comes.
      const bad = `photo_${hex('a/../b')}_${hex('a.jpg')}`;
      for (let i = 0; i < 2; i++) expect(() => decode(bad)).to.throw(IdError);
      expect(() => decode(`photo_${hex('x/y')}_${hex('.hidden.jpg')}`)).to.throw(IdError);
    });
    it('keeps a byte-order mark that starts a name: it names another file than the name without it', () => {
      const name = '\ufeffa.jpg';
      expect(decodeItemId(itemId('x', name, 'photo')).name).to.equal(name);
      expect(itemIdDecoder()(itemId('x', name, 'photo')).id).to.equal(itemId('x', name, 'photo'));
    });
    it('encodes every name as the hex of its UTF-8 bytes, ASCII or not, the album part as well', () => {
      const names = ['a.jpg', 'DEL\u007f.jpg', 'é.jpg', '\u0080.jpg', '日本.jpg', '😀.jpg', '\ufeffa.jpg', 'lone\ud800.jpg', 'Ü (1).jpg'];
      for (const album of ['', 'x', 'Été/2017', '日本']) {
        for (const name of names) {
          expect(itemId(album, name, 'photo')).to.equal(`photo_${album === '' ? '2f' : hex(album)}_${hex(name)}`);
          // Twice: the second album part comes from the recent ones kept.
          expect(itemId(album, name, 'photo')).to.equal(`photo_${album === '' ? '2f' : hex(album)}_${hex(name)}`);
        }
        if (album) expect(albumId(album)).to.equal(`album_${hex(album)}`);
      }
    });
    it('reads 2f as the root album and accepts uppercase hex', () => {
      expect(decodeItemId(`photo_2F_${hex('a.jpg').toUpperCase()}`)).to.deep.equal({ albumPath: '', name: 'a.jpg', kind: 'photo' });
      expect(decodeItemId(itemId('x/y', 'v.mp4', 'video'))).to.deep.equal({ albumPath: 'x/y', name: 'v.mp4', kind: 'video' });
    });
  });

  describe('over HTTP', () => {
    let t: TestStation;
    let admin: string;
    let outside: string;
    before(async () => {
      t = await startStation({}, (root) => {
        mkdirSync(path.join(root, 'a', '@eaDir'), { recursive: true });
        mkdirSync(path.join(root, '.hidden'));
        writeFileSync(path.join(root, 'a', '@eaDir', 'x.jpg'), 'x');
        writeFileSync(path.join(root, '.hidden', 'x.jpg'), 'x');
      });
      // A real target one level above the photo root: `..` ids would reach it.
      outside = path.join(t.dir, 'outside.jpg');
      writeFileSync(outside, 'secret');
      mkdirSync(path.join(t.dir, 'outdir'));
      admin = await t.login('admin', 'admin-pw');
    });
    after(() => t.close());

    const albumIds = [...HOSTILE_PATHS.map(([, p]) => `album_${hex(p)}`), ...NOT_HEX, `album_${hex('../outdir')}`, `album_${hex('..').toUpperCase()}`, `album_${hex('a/@eaDir')}`];
    const itemIds = [
      `photo_${hex('..')}_${hex('outside.jpg')}`,
      `photo_2f_${hex('../outside.jpg')}`,
      `photo_${hex('a/@eaDir')}_${hex('x.jpg')}`,
      `photo_${hex('.hidden')}_${hex('x.jpg')}`,
      `photo_2f_${hex('.hidden/x.jpg')}`,
      `photo_${hex('/etc')}_${hex('passwd.jpg')}`,
      ...HOSTILE_PATHS.map(([, p]) => `photo_${hex(p)}_${hex('x.jpg')}`),
    ];

    it('Album.list answers 101 to every hostile album id', async () => {
      for (const id of albumIds) {
        const res = await t.call('SYNO.PhotoStation.Album', 'list', { id, offset: 0, limit: -1 }, admin);
        expect(res, id).to.deep.equal({ success: false, error: { code: 101 } });
      }
    });

    it('Album.getinfo answers 101 to every hostile album id', async () => {
      for (const id of albumIds) {
        const res = await t.call('SYNO.PhotoStation.Album', 'getinfo', { id }, admin);
        expect(res, id).to.deep.equal({ success: false, error: { code: 101 } });
      }
    });

    it('Photo.getinfo answers 456 to every hostile item id', async () => {
      for (const id of itemIds) {
        const res = await t.call('SYNO.PhotoStation.Photo', 'getinfo', { id }, admin);
        expect(res, id).to.deep.equal({ success: false, error: { code: 456 } });
      }
    });

    it('Photo.list answers 456 to every hostile filter_album', async () => {
      for (const id of albumIds) {
        const res = await t.call('SYNO.PhotoStation.Photo', 'list', { filter_album: id, offset: 0, limit: -1 }, admin);
        expect(res, id).to.deep.equal({ success: false, error: { code: 456 } });
      }
    });

    it('never indexes what hidden folders hold, so no id reaches it', async () => {
      const names = t.station.services.db.prepare('SELECT path FROM albums').pluck().all();
      expect(names).to.deep.equal(['', 'a']);
    });
  });
});
