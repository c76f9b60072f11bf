import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FolderQueue, readingThreadUp } from '../src/library/folder-queue.ts';
import { fileFacts, GONE, readFolder, stillCurrent, UNKNOWN } from '../src/library/folder-read.ts';
import { albumIdOf, startStation } from './helpers/browse.ts';
import type { TestStation } from './helpers/browse.ts';

/** Album paths and item paths under `root` as the SPEC defines them, walked here independently of the scan. */
function onDisk(root: string): { albums: string[]; items: string[] } {
  const albums: string[] = [];
  const items: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      if (name.startsWith('.') || name.startsWith('@') || name === '#recycle') continue;
      const child = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(path.join(root, child));
      if (st.isDirectory()) {
        albums.push(child);
        walk(child);
      } else if (st.isFile() && /\.(jpg|mp4)$/.test(name)) {
        items.push(child);
      }
    }
  };
  walk('');
  return { albums: albums.sort(), items: items.sort() };
}

/** 60 top-level folders of 3 sub-folders each, every one with photos, a video, a text file and hidden names. */
function plant(root: string): void {
  for (let a = 0; a < 60; a++) {
    for (const rel of [`top${a}`, ...[0, 1, 2].map((b) => `top${a}/sub${b}`)]) {
      const dir = path.join(root, rel);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, `IMG_${i}.jpg`), 'x');
      writeFileSync(path.join(dir, 'clip.mp4'), 'v');
      writeFileSync(path.join(dir, 'notes.txt'), 'n');
      writeFileSync(path.join(dir, '.hidden.jpg'), 'h');
      mkdirSync(path.join(dir, '@eaDir'), { recursive: true });
      writeFileSync(path.join(dir, '@eaDir', 'thumb.jpg'), 't');
    }
  }
}

describe('The structural pass with folders listed ahead on the reading thread', () => {
  let t: TestStation;
  let outside: string;
  const indexed = () => ({
    albums: (t.station.services.db.prepare("SELECT path FROM albums WHERE path <> '' ORDER BY path").pluck().all() as string[]).sort(),
    items: (
      t.station.services.db
        .prepare("SELECT CASE a.path WHEN '' THEN i.name ELSE a.path || '/' || i.name END FROM items i JOIN albums a ON a.id = i.album_id")
        .pluck()
        .all() as string[]
    ).sort(),
  });
  const scan = () => t.station.services.scanner.scan({ structureOnly: true });

  before(async () => {
    expect(await readingThreadUp(), 'the reading thread starts').to.equal(true);
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    mkdirSync(path.join(outside, 'private'));
    writeFileSync(path.join(outside, 'private', 'secret.jpg'), 's');
    writeFileSync(path.join(outside, 'secret.jpg'), 's');
    // The planted clip.mp4 files are one byte: without this, the metadata pass would spawn ffprobe for
    // each of 240 of them, which is the video tests' business, not the reading thread's.
    t = await startStation({ ffmpeg: 'off' });
  });
  after(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  describe('on a first scan', () => {
    let readAhead = 0;
    before(async () => {
      plant(t.root);
      // A folder changed less than 25 ms before the thread reads it is read again by the pass
      // (the file clock is coarse): let the last planted ones settle, so the count is the thread's.
      await new Promise((r) => setTimeout(r, 60));
      // Both passes: the rows are complete afterwards, so the next scan compares sizes and mtimes.
      readAhead = (await t.station.services.scanner.scan()).structure.readAhead;
    });

    it('indexes exactly the visible folders and media files on disk', () => {
      const expected = onDisk(t.root);
      expect(expected.albums).to.have.length(240);
      expect(indexed()).to.deep.equal(expected);
    });

    it('took most of the 241 folder listings from the reading thread', () => {
      expect(readAhead, String(readAhead)).to.be.greaterThan(120);
    });
  });

  describe('after folders are removed, added, renamed and replaced by links on disk', () => {
    let report: Awaited<ReturnType<typeof scan>>['structure'];
    before(async () => {
      rmSync(path.join(t.root, 'top1'), { recursive: true });
      renameSync(path.join(t.root, 'top2'), path.join(t.root, 'renamed'));
      mkdirSync(path.join(t.root, 'top3', 'sub0', 'deeper'));
      writeFileSync(path.join(t.root, 'top3', 'sub0', 'deeper', 'new.jpg'), 'n');
      rmSync(path.join(t.root, 'top4', 'sub1'), { recursive: true });
      symlinkSync(path.join(outside, 'private'), path.join(t.root, 'top4', 'sub1'));
      rmSync(path.join(t.root, 'top5', 'IMG_0.jpg'));
      symlinkSync(path.join(outside, 'secret.jpg'), path.join(t.root, 'top5', 'IMG_0.jpg'));
      writeFileSync(path.join(t.root, 'top6', 'sub2', 'IMG_3.jpg'), 'grown');
      report = (await scan()).structure;
    });

    it('makes the index equal the disk again', () => {
      expect(indexed()).to.deep.equal(onDisk(t.root));
    });

    it('follows neither the folder link nor the file link', () => {
      const { albums, items } = indexed();
      expect(albums).to.not.include('top4/sub1');
      expect(items).to.not.include('top5/IMG_0.jpg');
      expect(items.filter((i) => i.endsWith('secret.jpg'))).to.deep.equal([]);
    });

    it('reports the albums it added and removed', () => {
      // Added: renamed and its 3 sub-folders, top3/sub0/deeper. Removed: top1, top2, top4/sub1.
      expect(report).to.include({ albumsAdded: 5, albumsRemoved: 3 });
    });

    it("sees the file whose size changed (the folders read ahead carry their files' stats)", () => {
      expect(report.changed).to.equal(1);
      expect(report.readAhead).to.be.greaterThan(0);
      const row = t.station.services.db
        .prepare("SELECT i.size, i.meta_pending FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = 'top6/sub2' AND i.name = 'IMG_3.jpg'")
        .get();
      expect(row).to.deep.equal({ size: 5, meta_pending: 1 });
    });
  });
});

describe('A request between two batches of a scan, in a folder already read ahead', () => {
  let t: TestStation;
  let sid: string;
  let created: { success: boolean } | undefined;
  before(async function () {
    this.timeout(60_000);
    expect(await readingThreadUp()).to.equal(true);
    t = await startStation({ ffmpeg: 'off' });
    sid = await t.login('admin', 'admin-pw');
    for (let a = 0; a < 60; a++) {
      mkdirSync(path.join(t.root, `top${a}`));
      for (let i = 0; i < 60; i++) writeFileSync(path.join(t.root, `top${a}`, `IMG_${i}.jpg`), 'x');
    }
    // Settled, so the thread's listings are trusted unless the folder changes again.
    await new Promise((r) => setTimeout(r, 60));
    let asked = false;
    const request: Array<Promise<unknown>> = [];
    const scan = t.station.services.scanner.run({
      structureOnly: true,
      // After the first batch, while the last folders wait their turn with their listings read.
      // A batch a slow machine cut before the root was reconciled reports no album: top59 has no
      // row yet then, and the request would find no parent.
      onProgress: (p) => {
        if (asked || !('albums' in p) || p.albums === 0) return;
        asked = true;
        request.push(t.call('SYNO.PhotoStation.Album', 'create', { name: 'Made meanwhile', id: albumIdOf('top59') }, sid).then((r) => (created = r)));
      },
    });
    await scan.finished;
    await Promise.all(request);
  });
  after(() => t.close());

  it('keeps what the request did: the album it created is in the index as on disk', () => {
    expect(created?.success, JSON.stringify(created)).to.equal(true);
    const albums = t.station.services.db.prepare("SELECT path FROM albums WHERE path LIKE 'top59%' ORDER BY path").pluck().all();
    expect(albums).to.deep.equal(['top59', 'top59/Made meanwhile']);
  });
});

describe('A folder queue', () => {
  let root: string;
  let outside: string;
  const settle = () => new Promise((r) => setTimeout(r, 60));
  before(async () => {
    expect(await readingThreadUp()).to.equal(true);
    root = mkdtempSync(path.join(os.tmpdir(), 'ps-queue-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    mkdirSync(path.join(root, 'A'));
    writeFileSync(path.join(root, 'A', 'one.jpg'), '1');
    mkdirSync(path.join(root, 'B'));
    writeFileSync(path.join(root, 'B', 'one.jpg'), '1');
    writeFileSync(path.join(root, 'B', 'two.jpg'), '22');
    symlinkSync(path.join(outside, 'C', 'secret.jpg'), path.join(root, 'B', 'three.jpg'));
    mkdirSync(path.join(outside, 'C'));
    writeFileSync(path.join(outside, 'C', 'secret.jpg'), 's');
    symlinkSync(path.join(outside, 'C'), path.join(root, 'L'));
    // A listing of a folder changed less than 25 ms before it was read is not trusted (the
    // coarse file clock): let these settle, so the thread's listings are used.
    await settle();
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  /** Waits until `n` listings asked for have come back from the reading thread. */
  async function arrived(queue: FolderQueue, n: number): Promise<void> {
    const until = Date.now() + 10_000;
    while (queue.arrived() < n && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(queue.arrived(), 'listings back from the reading thread').to.equal(n);
  }

  /** A queue holding album 1, asked for at `rel`, its listing back from the thread and the album shifted: ready to `read`. */
  async function aheadOf(rel: string, stat = false): Promise<FolderQueue> {
    const queue = new FolderQueue(root);
    queue.push(1, rel, stat);
    await arrived(queue, 1);
    expect(queue.shift()).to.equal(1);
    return queue;
  }

  it('hands over the listing the reading thread made when the album is still where it was asked for', async () => {
    const queue = await aheadOf('B');
    const listing = queue.read('B');
    expect(listing).to.include({ ok: true, photos: '["one.jpg","two.jpg"]', photoCount: 2 });
    expect(listing.photoStats).to.equal(undefined);
    expect(queue.readAhead).to.equal(1);
  });

  it('stats each file when asked to, in the order of the names', async () => {
    const queue = await aheadOf('B', true);
    const stats = queue.read('B').photoStats;
    expect(stats && [stats[0], stats[2]]).to.deep.equal([1, 2]);
    expect(stats?.[1]).to.equal(Math.trunc(lstatSync(path.join(root, 'B', 'one.jpg')).mtimeMs));
  });

  it('reads the folder itself when the album has moved since it was asked for', async () => {
    const queue = await aheadOf('A');
    // The album is at B now: A's listing would put A's files in it.
    expect(queue.read('B')).to.include({ photos: '["one.jpg","two.jpg"]', photoCount: 2 });
    expect(queue.readAhead).to.equal(0);
  });

  it('reads the folder again when something was added to it after the thread read it', async () => {
    mkdirSync(path.join(root, 'Changing'));
    writeFileSync(path.join(root, 'Changing', 'one.jpg'), '1');
    await settle();
    const queue = await aheadOf('Changing');
    // What a request between two batches does: an upload into the folder.
    writeFileSync(path.join(root, 'Changing', 'two.jpg'), '2');
    expect(queue.read('Changing')).to.include({ photos: '["one.jpg","two.jpg"]', photoCount: 2 });
    expect(queue.readAhead).to.equal(0);
  });

  it('gives nothing for a folder that is a link, whichever thread reads it', async () => {
    const queue = await aheadOf('L');
    // A refused listing is never taken as it is: the folder is looked at again here, and refused again.
    expect(queue.read('L')).to.include({ ok: false, photoCount: 0 });
    expect(queue.readAhead).to.equal(0);
    queue.push(2, 'A', false);
    queue.shift();
    // Asked for as A, read as L (a rename onto the link): read here, refused here too.
    expect(queue.read('L')).to.include({ ok: false, photoCount: 0 });
  });

  it('gives nothing, without an error, for a folder below one that has become a file', async () => {
    writeFileSync(path.join(root, 'F'), 'a file where a folder was');
    const queue = await aheadOf('F/inner');
    expect(queue.read('F/inner')).to.include({ ok: false });
    queue.push(2, 'A', false);
    queue.shift();
    expect(queue.read('F/inner')).to.include({ ok: false });
  });

  describe('a listing, later', () => {
    it('is current while the folder is unchanged and had settled before it was read', () => {
      expect(stillCurrent(readFolder(root, 'A'), root, 'A')).to.equal(true);
    });

    it('is not once an entry is added, removed or renamed, nor once the folder is another one', async () => {
      mkdirSync(path.join(root, 'S'));
      writeFileSync(path.join(root, 'S', 'x.jpg'), 'x');
      await settle();
      let listing = readFolder(root, 'S');
      expect(stillCurrent(listing, root, 'S')).to.equal(true);
      renameSync(path.join(root, 'S', 'x.jpg'), path.join(root, 'S', 'y.jpg'));
      expect(stillCurrent(listing, root, 'S'), 'after a rename inside').to.equal(false);
      await settle();
      listing = readFolder(root, 'S');
      rmSync(path.join(root, 'S'), { recursive: true });
      mkdirSync(path.join(root, 'S'));
      writeFileSync(path.join(root, 'S', 'y.jpg'), 'x');
      expect(stillCurrent(listing, root, 'S'), 'after the folder was replaced').to.equal(false);
    });

    it('is not when the folder had changed just before it was read (the file clock is coarse)', () => {
      const listing = readFolder(root, 'A');
      expect(stillCurrent({ ...listing, listedAt: listing.changedAt + 10 }, root, 'A')).to.equal(false);
    });
  });

  it("tells a file that is gone from one that cannot be stat'ed, which keeps its row", () => {
    expect(fileFacts(path.join(root, 'A', 'missing.jpg'))[0]).to.equal(GONE);
    expect(fileFacts(path.join(root, 'A', 'one.jpg', 'below-a-file.jpg'))[0], 'ENOTDIR').to.equal(GONE);
    expect(fileFacts(path.join(root, 'A', 'nul\0.jpg'))[0], 'an error that says nothing of the file').to.equal(UNKNOWN);
    expect(fileFacts(path.join(root, 'A', 'one.jpg'))[0]).to.equal(1);
  });

  describe('when the pass needs the folder the thread is in the middle of reading', () => {
    const files = 30_000;
    let big: string;
    before(function () {
      this.timeout(60_000);
      big = path.join(root, 'Big');
      mkdirSync(big);
      for (let i = 0; i < files; i++) writeFileSync(path.join(big, `IMG_${i}.jpg`), '');
    });
    before(settle);

    it('waits for that listing between batches, in a process nothing else keeps alive, and takes it', function () {
      this.timeout(60_000);
      const here = path.dirname(fileURLToPath(import.meta.url));
      const tsx = path.join(here, '..', 'node_modules', '.bin', 'tsx');
      // From another working directory: the thread must find its loader from the code, not the cwd.
      const child = spawnSync(tsx, [path.join(here, 'helpers', 'settle-child.ts'), big], { encoding: 'utf8', cwd: os.tmpdir() });
      expect(child.status, child.stderr).to.equal(0);
      expect(JSON.parse(child.stdout)).to.deep.equal({ sawReading: true, waits: 1, ready: true, arrived: 1, readAhead: 1, photoCount: files, stats: 2 * files });
    });
  });
});
