import { expect } from 'chai';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { MetadataPass } from '../../src/library/scan-metadata.ts';
import { EXIF_JPEG, eachLinkedLibrary } from '../helpers/outside.ts';
import type { LinkedLibrary } from '../helpers/outside.ts';

const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';

/** Ids of things reached only through a link: none of them may name anything. */
const LINKED_ALBUMS = ['Evil', 'Evil/B', 'A/link', 'A/link/B'].map(albumId);
const LINKED_ITEMS = [itemId('Evil', 'o1.jpg', 'photo'), itemId('Evil/B', 'o2.jpg', 'photo'), itemId('A/link', 'o1.jpg', 'photo'), itemId('A', 'evil.jpg', 'photo')];

describe('Symlinks: browsing and the scanner never follow a link out of the photo root', () => {
  const linked = eachLinkedLibrary(false);
  let t: LinkedLibrary;
  beforeEach(() => {
    t = linked.current();
  });

  describe('a scan of a root holding links', () => {
    beforeEach(async () => {
      await t.f.station.services.scanner.scan();
    });

    it('indexes no linked folder, no linked file and nothing below a link', () => {
      const paths = t.indexPaths();
      expect(paths).to.include.members(['A', 'A/a.jpg', 'A/Sub', 'A/Sub/s.jpg', 'T/Inner/i.jpg', 'Dest']);
      expect(paths.filter((p) => /Evil|link|evil|o1|o2/.test(p))).to.deep.equal([]);
    });

    it('Album.list of the root and of A lists no link and nothing from behind one', async () => {
      const root = await t.f.call(ALBUM, 'list', { id: '', offset: '0', limit: '-1' });
      const a = await t.f.call(ALBUM, 'list', { id: albumId('A'), offset: '0', limit: '-1' });
      const names = [...root.data.items, ...a.data.items].map((i: { id: string }) => i.id);
      expect(names).to.have.members([albumId('A'), albumId('T'), albumId('Dest'), albumId('A/Sub'), itemId('A', 'a.jpg', 'photo'), itemId('A', 'f.jpg', 'photo')]);
    });

    it('Album.list and Album.getinfo answer 101 for every album reached through a link', async () => {
      for (const id of LINKED_ALBUMS) {
        expect(await t.f.call(ALBUM, 'list', { id, offset: '0', limit: '-1' }), id).to.deep.equal({ success: false, error: { code: 101 } });
        expect(await t.f.call(ALBUM, 'getinfo', { id }), id).to.deep.equal({ success: false, error: { code: 101 } });
      }
    });

    it('Photo.getinfo and Photo.edit answer 456 for every item reached through a link, Photo.list filter_album too', async () => {
      for (const id of LINKED_ITEMS) {
        expect(await t.f.call(PHOTO, 'getinfo', { id }), id).to.deep.equal({ success: false, error: { code: 456 } });
        expect(await t.f.call(PHOTO, 'edit', { id, title: 'x' }), id).to.deep.equal({ success: false, error: { code: 456 } });
      }
      for (const id of LINKED_ALBUMS) {
        expect(await t.f.call(PHOTO, 'list', { filter_album: id, offset: '0', limit: '-1' }), id).to.deep.equal({ success: false, error: { code: 456 } });
      }
    });

    it('Photo.list over the whole library answers only the real items', async () => {
      const r = await t.f.call(PHOTO, 'list', { offset: '0', limit: '-1' });
      expect(r.data.items.map((i: { id: string }) => i.id)).to.have.members(
        [
          ['A', 'a.jpg'],
          ['A', 'f.jpg'],
          ['A/Sub', 's.jpg'],
          ['T', 't.jpg'],
          ['T/Inner', 'i.jpg'],
        ].map(([a, n]) => itemId(a as string, n as string, 'photo')),
      );
    });
  });

  describe('a folder replaced by a link after the scan (time of check)', () => {
    beforeEach(async () => {
      await t.f.station.services.scanner.scan();
      t.swapT();
    });

    it('Album.list of the swapped album shows only what the index had, never what the link leads to', async () => {
      const r = await t.f.call(ALBUM, 'list', { id: albumId('T'), offset: '0', limit: '-1' });
      const ids = r.data.items.map((i: { id: string }) => i.id);
      expect(ids).not.to.include(itemId('T', 'twin-only.jpg', 'photo'));
    });

    it('the next scan drops the album and indexes nothing from behind the link', async () => {
      await t.f.station.services.scanner.scan();
      expect(t.indexPaths().filter((p) => p.startsWith('T'))).to.deep.equal([]);
    });

    it('Photo.edit of an item of the swapped album changes only its index row', async () => {
      const r = await t.f.call(PHOTO, 'edit', { id: itemId('T', 't.jpg', 'photo'), title: 'kept in the index' });
      expect(r.success).to.equal(true);
    });
  });

  describe('the metadata pass, when an album becomes a link after the structure pass', () => {
    it("reads no file through the link: the rows stay without the twin's EXIF", async () => {
      const { library } = t.f.station.services;
      // T/t.jpg pending, T then replaced by a twin whose t.jpg has EXIF (title `Eiffel fixture`).
      copyFileSync(EXIF_JPEG, t.abs('T/t.jpg'));
      await t.f.station.services.scanner.run({ structureOnly: true }).finished;
      library.db.prepare('UPDATE items SET meta_pending = 1').run();
      t.swapT();
      await new MetadataPass(library).run(
        () => {},
        () => false,
      );
      const row = library.db.prepare("SELECT title, width FROM items WHERE name = 't.jpg'").get() as { title: string; width: number };
      expect(row.title).not.to.equal('Eiffel fixture');
    });
  });

  describe('the structure pass, when an album becomes a link in the middle of a scan', () => {
    it('reads no folder through the link', async () => {
      const { library, scanner } = t.f.station.services;
      await scanner.scan();
      // The twin holds a folder named like T's sub-album, with a file the index has never seen.
      mkdirSync(t.out.p('twin-deep/Inner'), { recursive: true });
      writeFileSync(t.out.p('twin-deep/Inner/deep.jpg'), 'deep');
      linked.rebase();
      // Many files in T end the scan's first batch right after T was read (and T/Inner queued);
      // T is swapped then, before T/Inner is read.
      for (let i = 0; i < 2500; i++) writeFileSync(t.abs(`T/${i}.jpg`), '');
      let swapped = false;
      await scanner.run({
        structureOnly: true,
        onProgress: () => {
          if (swapped) return;
          swapped = true;
          t.swap('T', t.out.p('twin-deep'));
        },
      }).finished;
      const names = library.db.prepare('SELECT name FROM items').pluck().all();
      expect(swapped).to.equal(true);
      expect(names).not.to.include('deep.jpg');
    });
  });

  describe('links made with a relative target and chains of links', () => {
    it('a link to a link to the outside is not followed either', async () => {
      symlinkSync(path.join(t.f.photoRoot, 'Evil'), t.abs('A/chain'));
      await t.f.station.services.scanner.scan();
      expect(t.indexPaths().filter((p) => p.includes('chain'))).to.deep.equal([]);
    });
  });
});
