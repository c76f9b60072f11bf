import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ItemRow } from '../src/library/items.ts';
import { fixtures, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

function albumPaths(t: TestStation): string[] {
  return t.station.services.db.prepare('SELECT path FROM albums ORDER BY path').pluck().all() as string[];
}

function itemPaths(t: TestStation): string[] {
  return t.station.services.db
    .prepare("SELECT CASE a.path WHEN '' THEN i.name ELSE a.path || '/' || i.name END FROM items i JOIN albums a ON a.id = i.album_id ORDER BY 1")
    .pluck()
    .all() as string[];
}

function item(t: TestStation, albumPath: string, name: string): ItemRow | undefined {
  const album = t.station.services.library.albums.byPath(albumPath);
  return album && t.station.services.library.items.get(album.id, name);
}

describe('Scanning the photo root', () => {
  describe('with folders and files placed on disk before the start', () => {
    let t: TestStation;
    let outside: string;
    before(async () => {
      outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
      mkdirSync(path.join(outside, 'secret'));
      writeFileSync(path.join(outside, 'secret', 'leak.jpg'), 'x');
      writeFileSync(path.join(outside, 'leak2.jpg'), 'x');
      t = await startStation({}, (root) => {
        mkdirSync(path.join(root, 'Trips', '2007'), { recursive: true });
        copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, 'Trips', '2007', 'eiffel.jpg'));
        copyFileSync(path.join(fixtures, 'plain.png'), path.join(root, 'Trips', 'plain.png'));
        writeFileSync(path.join(root, 'Trips', 'clip.mp4'), 'not really a video');
        writeFileSync(path.join(root, 'Trips', 'notes.txt'), 'not an item');
        writeFileSync(path.join(root, 'top.jpg'), 'x');
        for (const hidden of ['.hidden', '@eaDir', '#recycle']) {
          mkdirSync(path.join(root, hidden));
          writeFileSync(path.join(root, hidden, 'inside.jpg'), 'x');
        }
        mkdirSync(path.join(root, 'Trips', '@eaDir'));
        writeFileSync(path.join(root, 'Trips', '.dot.jpg'), 'x');
        writeFileSync(path.join(root, 'Trips', '@at.jpg'), 'x');
        symlinkSync(path.join(outside, 'secret'), path.join(root, 'linked-folder'));
        symlinkSync(path.join(outside, 'leak2.jpg'), path.join(root, 'Trips', 'linked.jpg'));
      });
    });
    after(async () => {
      await t.close();
      rmSync(outside, { recursive: true, force: true });
    });

    it('indexes every visible folder as an album', () => {
      expect(albumPaths(t)).to.deep.equal(['', 'Trips', 'Trips/2007']);
    });

    it('indexes photos and videos by extension, and nothing else', () => {
      expect(itemPaths(t)).to.deep.equal(['Trips/2007/eiffel.jpg', 'Trips/clip.mp4', 'Trips/plain.png', 'top.jpg']);
    });

    it('never follows a symlink to a folder or a file outside the root', () => {
      expect(albumPaths(t)).not.to.include('linked-folder');
      const names = t.station.services.db.prepare('SELECT name FROM items').pluck().all();
      expect(names).not.to.include('leak.jpg');
      expect(names).not.to.include('linked.jpg');
    });

    it('reads EXIF in the metadata pass: taken date, pixel size, orientation, position, title', () => {
      const row = item(t, 'Trips/2007', 'eiffel.jpg');
      expect(row).to.include({ width: 8, height: 6, orientation: 6, title: 'Eiffel fixture', meta_pending: 0 });
      expect(new Date(row!.taken_at).toISOString()).to.equal('2007-05-12T10:30:45.000Z');
      expect(row!.lat).to.be.closeTo(48.8584, 1e-4);
      expect(row!.lng).to.be.closeTo(2.2945, 1e-4);
      expect(JSON.parse(row!.exif as string)).to.include({ Make: 'TestCam', Model: 'Fixture 1', ISO: 200 });
    });

    it('takes the pixel size from a file without EXIF and its taken date from the mtime', () => {
      const row = item(t, 'Trips', 'plain.png');
      expect(row).to.include({ width: 5, height: 4, lat: null });
      expect(row!.taken_at).to.be.greaterThan(0);
    });

    describe('when files and folders change on disk outside the server', () => {
      let report: Awaited<ReturnType<TestStation['station']['services']['scanner']['scan']>>;
      before(async () => {
        mkdirSync(path.join(t.root, 'New'));
        writeFileSync(path.join(t.root, 'New', 'added.jpg'), 'x');
        rmSync(path.join(t.root, 'top.jpg'));
        rmSync(path.join(t.root, 'Trips', '2007'), { recursive: true });
        // Same name, new content: must be read again.
        copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(t.root, 'Trips', 'plain.png'));
        utimesSync(path.join(t.root, 'Trips', 'plain.png'), new Date('2020-01-01'), new Date('2020-01-01'));
        report = await t.station.services.scanner.scan();
      });

      it('adds the new folder and file', () => {
        expect(albumPaths(t)).to.include('New');
        expect(itemPaths(t)).to.include('New/added.jpg');
      });

      it('drops the removed file, and the removed folder with its items', () => {
        expect(itemPaths(t)).not.to.include('top.jpg');
        expect(albumPaths(t)).not.to.include('Trips/2007');
        expect(itemPaths(t)).not.to.include('Trips/2007/eiffel.jpg');
      });

      it('re-reads a file whose size or mtime changed', () => {
        expect(item(t, 'Trips', 'plain.png')).to.include({ width: 8, height: 6 });
        expect(report.structure.changed).to.equal(1);
      });

      it('reports what it did', () => {
        expect(report.structure).to.include({ albumsAdded: 1, albumsRemoved: 1, added: 1, removed: 1 });
      });

      describe('and nothing changes before the next scan', () => {
        it('skips every unchanged file', async () => {
          const again = await t.station.services.scanner.scan();
          expect(again.structure).to.include({ added: 0, changed: 0, removed: 0, albumsAdded: 0, albumsRemoved: 0 });
          expect(again.metadata.read).to.equal(0);
        });
      });
    });
  });

  describe('with names the ids cannot carry', () => {
    let t: TestStation;
    before(async () => {
      t = await startStation({}, (root) => {
        writeFileSync(path.join(root, `${'é'.repeat(125)}.jpg`), 'x'); // 254 bytes: fine
        writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x62, 0xff, 0x2e, 0x6a, 0x70, 0x67])]), 'x'); // invalid UTF-8
        writeFileSync(path.join(root, 'back\\slash.jpg'), 'x');
      });
    });
    after(() => t.close());

    it('skips them and keeps the rest', () => {
      expect(itemPaths(t)).to.deep.equal([`${'é'.repeat(125)}.jpg`]);
    });
  });
});
