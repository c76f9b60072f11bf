import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetadataPass } from '../src/library/scan-metadata.ts';
import { wallClockOfMtime } from '../src/library/metadata.ts';
import { formatWallClock } from '../src/library/present.ts';
import { albumIdOf, fixtures, itemIdOf, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

interface Row {
  name: string;
  size: number;
  mtime: number;
  taken_at: number;
  width: number;
  meta_pending: number;
}

const MTIME = new Date('2003-04-05T06:07:08Z');

describe('Discovery without a stat: new files get size, mtime and taken date from the metadata pass', () => {
  let t: TestStation;
  let sid: string;
  const row = (name: string): Row | undefined =>
    t.station.services.db
      .prepare("SELECT i.name, i.size, i.mtime, i.taken_at, i.width, i.meta_pending FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = 'New' AND i.name = ?")
      .get(name) as Row | undefined;
  const events = (key: string) => t.station.services.db.prepare('SELECT action FROM changes WHERE data_key = ? ORDER BY cursor').pluck().all(key) as string[];
  const scanStructure = () => t.station.services.scanner.scan({ structureOnly: true });

  before(async () => {
    t = await startStation();
    sid = await t.login('admin', 'admin-pw');
    const dir = path.join(t.root, 'New');
    mkdirSync(dir);
    // Known to the index before its files arrive: each new file gets its own CREATE event.
    await scanStructure();
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(dir, 'exif.jpg'));
    writeFileSync(path.join(dir, 'no-exif.jpg'), 'not a jpeg at all');
    writeFileSync(path.join(dir, 'clip.mp4'), 'v'.repeat(321));
    for (const f of ['no-exif.jpg', 'clip.mp4']) utimesSync(path.join(dir, f), MTIME, MTIME);
    await scanStructure();
  });
  after(() => t.close());

  it('the structural pass inserts each new file with size, mtime and taken date unknown, marked 2', () => {
    for (const name of ['exif.jpg', 'no-exif.jpg', 'clip.mp4']) expect(row(name)).to.include({ size: 0, mtime: 0, taken_at: 0, meta_pending: 2 });
    expect(events(itemIdOf('New', 'no-exif.jpg'))).to.deep.equal(['CREATE']);
    expect(events(itemIdOf('New', 'clip.mp4', 'video'))).to.deep.equal(['CREATE']);
  });

  it('a pending row answers Photo.getinfo and Photo.list plainly: 0 for what is not read yet', async () => {
    const info = await t.call('SYNO.PhotoStation.Photo', 'getinfo', { id: itemIdOf('New', 'no-exif.jpg') }, sid);
    expect(info.success, JSON.stringify(info)).to.equal(true);
    expect(info.data[0].info).to.include({ size: 0, resolutionx: 0, takendate: '1970-01-01 00:00:00' });
    const list = await t.call('SYNO.PhotoStation.Photo', 'list', { type: 'photo,video', offset: 0, limit: 10, sort_by: 'takendate' }, sid);
    expect(list.success).to.equal(true);
    expect(list.data.items.map((i: { info: { name: string } }) => i.info.name)).to.have.members(['exif.jpg', 'no-exif.jpg', 'clip.mp4']);
  });

  it('a rescan before the metadata pass neither stats nor reports a pending row as changed', async () => {
    const report = await scanStructure();
    expect(report.structure).to.include({ files: 3, added: 0, changed: 0, removed: 0 });
    expect(row('no-exif.jpg')).to.include({ meta_pending: 2, size: 0 });
    expect(events(itemIdOf('New', 'no-exif.jpg'))).to.deep.equal(['CREATE']);
  });

  describe('after the metadata pass', () => {
    before(async () => {
      await t.station.services.scanner.scan();
    });

    it('a photo without EXIF gets its size, its mtime and the mtime as its taken date', () => {
      expect(row('no-exif.jpg')).to.deep.equal({
        name: 'no-exif.jpg',
        size: 'not a jpeg at all'.length,
        mtime: MTIME.getTime(),
        taken_at: wallClockOfMtime(MTIME.getTime()),
        width: 0,
        meta_pending: 0,
      });
    });

    it('a photo with EXIF gets its size and mtime, and its taken date from EXIF', () => {
      const st = statSync(path.join(t.root, 'New', 'exif.jpg'));
      expect(row('exif.jpg')).to.include({ size: st.size, mtime: Math.trunc(st.mtimeMs), width: 8, meta_pending: 0 });
      expect(new Date(row('exif.jpg')!.taken_at).toISOString()).to.equal('2007-05-12T10:30:45.000Z');
    });

    it('a video gets its size and mtime, and the mtime as its taken date', () => {
      expect(row('clip.mp4')).to.include({ size: 321, mtime: MTIME.getTime(), taken_at: wallClockOfMtime(MTIME.getTime()), meta_pending: 0 });
    });

    it('Photo.getinfo answers the file size now; filling rows wrote no change event', async () => {
      const info = await t.call('SYNO.PhotoStation.Photo', 'getinfo', { id: itemIdOf('New', 'no-exif.jpg') }, sid);
      expect(info.data[0].info).to.include({ size: 'not a jpeg at all'.length, takendate: formatWallClock(wallClockOfMtime(MTIME.getTime())) });
      expect(events(itemIdOf('New', 'no-exif.jpg'))).to.deep.equal(['CREATE']);
    });

    it('a rescan sees a file whose content changed on disk (new size and mtime) and reads it again', async () => {
      const file = path.join(t.root, 'New', 'no-exif.jpg');
      writeFileSync(file, 'longer content, written later');
      const later = new Date('2011-01-02T03:04:05Z');
      utimesSync(file, later, later);
      const report = await scanStructure();
      expect(report.structure).to.include({ changed: 1, added: 0, removed: 0 });
      expect(row('no-exif.jpg')).to.include({ size: 'longer content, written later'.length, mtime: later.getTime(), meta_pending: 1 });
      expect(events(itemIdOf('New', 'no-exif.jpg'))).to.deep.equal(['CREATE', 'UPDATE']);
      await t.station.services.scanner.scan();
      expect(row('no-exif.jpg')).to.include({ taken_at: wallClockOfMtime(later.getTime()), meta_pending: 0 });
    });

    it('a rescan of unchanged complete rows changes nothing', async () => {
      const report = await scanStructure();
      expect(report.structure).to.include({ files: 3, added: 0, changed: 0, removed: 0 });
    });
  });

  describe('a newly found file replaced by a link before the metadata pass', () => {
    before(async () => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
      writeFileSync(path.join(outside, 'secret.jpg'), 'x'.repeat(999));
      writeFileSync(path.join(t.root, 'New', 'swap.jpg'), 'plain');
      await scanStructure();
      expect(row('swap.jpg')).to.include({ meta_pending: 2 });
      rmSync(path.join(t.root, 'New', 'swap.jpg'));
      symlinkSync(path.join(outside, 'secret.jpg'), path.join(t.root, 'New', 'swap.jpg'));
      // The metadata pass alone: a scan's own structural pass would drop the row first.
      await new MetadataPass(t.station.services.library).run(
        () => {},
        () => false,
      );
    });

    it('takes no size or date from the link target, and the next rescan drops the row', async () => {
      expect(row('swap.jpg')).to.include({ size: 0, mtime: 0, meta_pending: 0 });
      await scanStructure();
      expect(row('swap.jpg')).to.equal(undefined);
    });
  });
});

describe('A scan that finds a new folder holding files and sub-folders', () => {
  let t: TestStation;
  let sid: string;
  let before: number;
  const eventsAfter = (cursor: number) =>
    t.station.services.db.prepare('SELECT action, data_type, data_key FROM changes WHERE cursor > ? ORDER BY cursor').all(cursor) as {
      action: string;
      data_type: string;
      data_key: string;
    }[];

  beforeEach(async () => {
    t = await startStation();
    sid = await t.login('admin', 'admin-pw');
    before = t.station.services.changes.latest();
    mkdirSync(path.join(t.root, 'Trip', 'Day 1'), { recursive: true });
    for (const name of ['a.jpg', 'b.jpg']) writeFileSync(path.join(t.root, 'Trip', name), name);
    writeFileSync(path.join(t.root, 'Trip', 'Day 1', 'c.mp4'), 'c');
  });
  afterEach(() => t.close());

  it("records one CREATE per album and none per file: the album's event stands for its content", async () => {
    await t.station.services.scanner.scan({ structureOnly: true });
    expect(eventsAfter(before)).to.deep.equal([
      { action: 'CREATE', data_type: 'album', data_key: albumIdOf('Trip') },
      { action: 'CREATE', data_type: 'album', data_key: albumIdOf('Trip/Day 1') },
    ]);
    const list = await t.call('SYNO.PhotoStation.Photo', 'list', { filter_album: albumIdOf('Trip'), offset: 0, limit: 10 }, sid);
    expect(list.data.items.map((i: { id: string }) => i.id).sort()).to.deep.equal([itemIdOf('Trip', 'a.jpg'), itemIdOf('Trip', 'b.jpg')]);
  });

  it('still records a CREATE for each file new in an album the index already had', async () => {
    await t.station.services.scanner.scan({ structureOnly: true });
    const after = t.station.services.changes.latest();
    writeFileSync(path.join(t.root, 'Trip', 'd.jpg'), 'd');
    await t.station.services.scanner.scan({ structureOnly: true });
    expect(eventsAfter(after)).to.deep.equal([{ action: 'CREATE', data_type: 'photo', data_key: itemIdOf('Trip', 'd.jpg') }]);
  });
});
