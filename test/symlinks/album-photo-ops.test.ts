import { expect } from 'chai';
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { albumId, itemId } from '../../src/library/ids.ts';
import { eachLinkedLibrary } from '../helpers/outside.ts';
import type { LinkedLibrary } from '../helpers/outside.ts';

const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';
const TRASH = 'SYNO.PhotoStation.Trash';
const pid = (album: string, name: string) => itemId(album, name, 'photo');
const fail = (code: number) => ({ success: false, error: { code } });

/** Albums and items that exist only behind a link, or that a link replaced after the scan (T). */
const LINKED_ALBUMS = ['Evil', 'Evil/B', 'A/link', 'T', 'T/Inner'];
const LINKED_ITEMS = [pid('Evil', 'o1.jpg'), pid('A/link', 'o1.jpg'), pid('A', 'evil.jpg'), pid('T', 't.jpg'), pid('T/Inner', 'i.jpg')];

describe('Symlinks: Album and Photo operations never act through a link', () => {
  const linked = eachLinkedLibrary(true);
  let t: LinkedLibrary;
  beforeEach(() => {
    t = linked.current();
  });

  describe('Album.create', () => {
    it('answers 101 for a parent reached through a link', async () => {
      for (const parent of ['Evil', 'A/link']) expect(await t.f.call(ALBUM, 'create', { id: albumId(parent), name: 'New' }), parent).to.deep.equal(fail(101));
    });

    it('answers 422 inside an album swapped for a link, whether or not the name exists behind it', async () => {
      // One answer for both: the code tells nothing of what the link leads to.
      expect(await t.f.call(ALBUM, 'create', { id: albumId('T'), name: 'New' })).to.deep.equal(fail(422));
      expect(await t.f.call(ALBUM, 'create', { id: albumId('T'), name: 'twin-only.jpg' })).to.deep.equal(fail(422));
    });

    it('answers 421 for the name of a link: a link is never replaced', async () => {
      expect(await t.f.call(ALBUM, 'create', { id: '', name: 'Evil' })).to.deep.equal(fail(421));
      expect(lstatSync(t.abs('Evil')).isSymbolicLink()).to.equal(true);
    });
  });

  describe('Album.edit', () => {
    it('answers 101 for a link that was never an album', async () => {
      expect(await t.f.call(ALBUM, 'edit', { id: albumId('A/link'), name: 'x' })).to.deep.equal(fail(101));
    });

    it('answers 423 for a rename of a swapped album or of an album below one', async () => {
      expect(await t.f.call(ALBUM, 'edit', { id: albumId('T'), name: 'T2' })).to.deep.equal(fail(423));
      expect(await t.f.call(ALBUM, 'edit', { id: albumId('T/Inner'), name: 'Inner2' })).to.deep.equal(fail(423));
      expect(existsSync(t.abs('T2'))).to.equal(false);
      expect(t.f.lib.albums.byPath('T/Inner')).not.to.equal(undefined);
    });

    it('answers 421 for a rename onto the name of a link', async () => {
      expect(await t.f.call(ALBUM, 'edit', { id: albumId('A'), name: 'Evil' })).to.deep.equal(fail(421));
      expect(t.f.exists('A/a.jpg')).to.equal(true);
    });
  });

  describe('Album.delete', () => {
    it('answers 101 for a link or an album swapped for one', async () => {
      for (const a of LINKED_ALBUMS) expect(await t.f.call(ALBUM, 'delete', { id: albumId(a) }), a).to.deep.equal(fail(101));
    });

    it('moves an album holding links to the trash with its links, and emptying the trash leaves their targets', async () => {
      const r = await t.f.call(ALBUM, 'delete', { id: albumId('A') });
      expect(r.data.items).to.deep.equal([{ id: albumId('A'), status: 204, new_id: null, error: null }]);
      expect(t.f.exists('A')).to.equal(false);
      expect(await t.f.call(TRASH, 'empty', {})).to.deep.include({ success: true });
    });

    it('restores an album holding links with its links, not what they lead to', async () => {
      await t.f.call(ALBUM, 'delete', { id: albumId('A') });
      const id = (await t.f.call(TRASH, 'list', {})).data.items[0].id;
      expect((await t.f.call(TRASH, 'restore', { id: String(id) })).data.items[0]).to.include({ status: 204 });
      expect(lstatSync(t.abs('A/link')).isSymbolicLink()).to.equal(true);
      expect(lstatSync(t.abs('A/evil.jpg')).isSymbolicLink()).to.equal(true);
    });
  });

  describe('Album.move', () => {
    it('answers 101 for a source that is a link or was swapped for one', async () => {
      for (const a of LINKED_ALBUMS) expect(await t.f.call(ALBUM, 'move', { id: albumId(a), sharepath: albumId('Dest'), duplicate: 'rename' }), a).to.deep.equal(fail(101));
    });

    it('answers 456 for a destination that is a link or was swapped for one', async () => {
      for (const a of LINKED_ALBUMS) expect(await t.f.call(ALBUM, 'move', { id: albumId('A/Sub'), sharepath: albumId(a), duplicate: 'rename' }), a).to.deep.equal(fail(456));
      expect(t.f.exists('A/Sub/s.jpg')).to.equal(true);
    });

    it('moves an album holding links as one rename: the links move, their targets stay', async () => {
      const r = await t.f.call(ALBUM, 'move', { id: albumId('A'), sharepath: albumId('Dest'), duplicate: 'rename' });
      expect(r.data.items[0]).to.include({ status: 204 });
      expect(lstatSync(t.abs('Dest/A/link')).isSymbolicLink()).to.equal(true);
    });

    it('merging with overwrite moves nothing out of a sub-album swapped for a link', async () => {
      t.f.photo('M/Sub', 't.jpg');
      t.f.photo('M', 'm.jpg');
      t.f.album('Dest/M/Sub');
      t.swap('M/Sub', t.out.p('twin'));
      linked.rebase();
      const r = await t.f.call(ALBUM, 'move', { id: albumId('M'), sharepath: albumId('Dest'), duplicate: 'overwrite' });
      expect(r.success).to.equal(true);
      expect(t.f.exists('Dest/M/m.jpg')).to.equal(true);
      expect(existsSync(t.abs('Dest/M/Sub/t.jpg'))).to.equal(false);
    });

    it('merging with overwrite moves nothing into a destination sub-album that is a link', async () => {
      t.f.photo('M/Sub', 'o1.jpg');
      t.f.album('Dest/M');
      symlinkSync(t.out.p('outside-dir'), t.abs('Dest/M/Sub'));
      const r = await t.f.call(ALBUM, 'move', { id: albumId('M'), sharepath: albumId('Dest'), duplicate: 'overwrite' });
      expect(r.data.skip).to.include(albumId('M/Sub'));
      expect(t.f.exists('M/Sub/o1.jpg')).to.equal(true);
    });
  });

  describe('Photo.copy', () => {
    for (const mode of ['copy', 'move']) {
      it(`${mode}: answers 456 for a source reached through a link or in a swapped album`, async () => {
        for (const id of LINKED_ITEMS) expect(await t.f.call(PHOTO, 'copy', { id, sharepath: albumId('Dest'), mode, duplicate: 'rename' }), id).to.deep.equal(fail(456));
      });

      it(`${mode}: answers 456 for a destination that is a link or was swapped for one`, async () => {
        for (const a of LINKED_ALBUMS)
          expect(await t.f.call(PHOTO, 'copy', { id: pid('A', 'a.jpg'), sharepath: albumId(a), mode, duplicate: 'rename' }), a).to.deep.equal(fail(456));
        expect(t.f.exists('A/a.jpg')).to.equal(true);
      });

      it(`${mode}: overwrite onto a linked file replaces the link (to the trash), never the file it leads to`, async () => {
        t.f.photo('X', 'evil.jpg', {}, 'the replacing photo');
        const r = await t.f.call(PHOTO, 'copy', { id: pid('X', 'evil.jpg'), sharepath: albumId('A'), mode, duplicate: 'overwrite' });
        expect(r.data.items[0]).to.include({ status: 204 });
        expect(lstatSync(t.abs('A/evil.jpg')).isFile()).to.equal(true);
        expect(readFileSync(t.abs('A/evil.jpg'), 'utf8')).to.equal('the replacing photo');
      });

      it(`${mode}: an item swapped for a link after the scan is never read: at most the link itself moves`, async () => {
        t.swap('A/f.jpg', t.out.p('outside.jpg'));
        const r = await t.f.call(PHOTO, 'copy', { id: pid('A', 'f.jpg'), sharepath: albumId('Dest'), mode, duplicate: 'rename' });
        expect(r.success).to.equal(true);
        if (mode === 'copy') expect(r.data.items[0].status).to.be.at.least(400);
        if (existsSync(t.abs('Dest/f.jpg'))) expect(lstatSync(t.abs('Dest/f.jpg')).isSymbolicLink()).to.equal(true);
      });
    }
  });

  describe('Photo.delete', () => {
    it('answers 456 for an item reached through a link or in a swapped album', async () => {
      for (const id of LINKED_ITEMS) expect(await t.f.call(PHOTO, 'delete', { id }), id).to.deep.equal(fail(456));
    });

    it('an item swapped for a link goes to the trash as a link; emptying the trash leaves its target', async () => {
      t.swap('A/f.jpg', t.out.p('outside.jpg'));
      expect((await t.f.call(PHOTO, 'delete', { id: pid('A', 'f.jpg') })).data.items[0]).to.include({ status: 204 });
      expect(existsSync(t.abs('A/f.jpg'))).to.equal(false);
      expect(await t.f.call(TRASH, 'empty', {})).to.deep.include({ success: true });
    });
  });

  describe('Trash.restore', () => {
    it('answers 403 when an album above the original parent was replaced by a link, and creates nothing behind it', async () => {
      await t.f.call(PHOTO, 'delete', { id: pid('A/Sub', 's.jpg') });
      await t.f.call(ALBUM, 'delete', { id: albumId('A/Sub') });
      const entries = (await t.f.call(TRASH, 'list', {})).data.items as { id: number; path: string }[];
      t.swap('A', t.out.p('outside-dir'));
      for (const e of entries) {
        const r = await t.f.call(TRASH, 'restore', { id: String(e.id) });
        expect(r.data.items[0], e.path).to.include({ status: 403 });
      }
      expect(t.f.trashCount()).to.equal(2);
    });

    it('answers 403 for an overwrite onto a linked file: the link stays, the entry too', async () => {
      t.f.photo('X', 'evil.jpg', {}, 'deleted photo');
      await t.f.call(PHOTO, 'delete', { id: pid('X', 'evil.jpg') });
      const id = (await t.f.call(TRASH, 'list', {})).data.items[0].id;
      // The entry's original parent is X; plant a link under the same name there.
      symlinkSync(t.out.p('outside.jpg'), t.abs('X/evil.jpg'));
      const r = await t.f.call(TRASH, 'restore', { id: String(id), duplicate: 'overwrite' });
      expect(r.data.items[0]).to.include({ status: 403 });
      expect(lstatSync(t.abs('X/evil.jpg')).isSymbolicLink()).to.equal(true);
      expect(t.f.trashCount()).to.equal(1);
    });
  });
});
