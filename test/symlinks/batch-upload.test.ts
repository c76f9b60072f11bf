import { expect } from 'chai';
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { albumId, itemId } from '../../src/library/ids.ts';
import { eachLinkedLibrary } from '../helpers/outside.ts';
import type { LinkedLibrary } from '../helpers/outside.ts';

const BATCH = 'SYNO.PhotoStation.Batch';
const TASK = 'SYNO.PhotoStation.BackgroundTask';
const pid = (album: string, name: string) => itemId(album, name, 'photo');

const LINKED_ALBUMS = ['Evil', 'Evil/B', 'A/link', 'T', 'T/Inner'];
const LINKED_ITEMS = [pid('Evil', 'o1.jpg'), pid('A/link', 'o1.jpg'), pid('A', 'evil.jpg'), pid('T', 't.jpg'), pid('T/Inner', 'i.jpg')];

type Unit = { id: string; status: number; error: number | null };

describe('Symlinks: Batch and uploads never act through a link', () => {
  const linked = eachLinkedLibrary(true);
  let t: LinkedLibrary;
  beforeEach(() => {
    t = linked.current();
  });

  const ops = (method: string, operations: { from: string; to: string; duplicate?: string }[]) => t.f.call(BATCH, method, { operations: JSON.stringify(operations) });

  /** Waits for a background task and answers its units. */
  async function units(taskid: string): Promise<Unit[]> {
    for (let i = 0; i < 200; i++) {
      const r = await t.f.call(TASK, 'status', { taskid, limit: '-1' });
      if (r.data.task.status !== 'queued' && r.data.task.status !== 'processing') return r.data.items as Unit[];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`task ${taskid} did not end`);
  }

  for (const method of ['move', 'copy']) {
    describe(`Batch.${method}`, () => {
      it('answers 404 for each source reached through a link or in a swapped album', async () => {
        const sources = [...LINKED_ITEMS, ...LINKED_ALBUMS.map(albumId)];
        const r = await ops(
          method,
          sources.map((from) => ({ from, to: albumId('Dest') })),
        );
        expect(r.data.items.map((u: Unit) => [u.id, u.status])).to.deep.equal(sources.map((s) => [s, 404]));
        expect(t.indexPaths().filter((p) => p.startsWith('Dest/'))).to.deep.equal([]);
      });

      it('answers 404 for each destination that is a link or was swapped for one', async () => {
        const r = await ops(
          method,
          LINKED_ALBUMS.flatMap((a) => [
            { from: pid('A', 'a.jpg'), to: albumId(a) },
            { from: albumId('A/Sub'), to: albumId(a) },
          ]),
        );
        expect(r.data.items.map((u: Unit) => u.status)).to.deep.equal(LINKED_ALBUMS.flatMap(() => [404, 404]));
        expect(t.f.exists('A/a.jpg') && t.f.exists('A/Sub/s.jpg')).to.equal(true);
      });

      it('overwrite onto a linked file replaces the link, never the file it leads to', async () => {
        t.f.photo('X', 'evil.jpg', {}, 'the replacing photo');
        const r = await ops(method, [{ from: pid('X', 'evil.jpg'), to: albumId('A'), duplicate: 'overwrite' }]);
        expect(r.data.items[0]).to.include({ status: 204 });
        expect(readFileSync(t.abs('A/evil.jpg'), 'utf8')).to.equal('the replacing photo');
      });

      it('an album with a sub-album swapped for a link after the check: nothing comes in from behind it', async () => {
        t.f.photo('M/Sub', 's2.jpg');
        t.f.photo('M', 'm.jpg');
        t.swap('M/Sub', t.out.p('twin'));
        const r = await ops(method, [{ from: albumId('M'), to: albumId('Dest') }]);
        expect(r.data.items[0].status).to.be.oneOf([200, 204]);
        expect(t.f.exists('Dest/M/m.jpg')).to.equal(true);
        // A move takes the link along as a link; a copy leaves it.
        if (existsSync(t.abs('Dest/M/Sub'))) expect(lstatSync(t.abs('Dest/M/Sub')).isSymbolicLink()).to.equal(true);
      });

      it('overwrite onto an album whose sub-album is a link: nothing is written behind the link', async () => {
        t.f.photo('M/Sub', 'o1.jpg');
        t.f.photo('M/Sub/Deeper', 'd.jpg');
        t.f.album('Dest/M');
        symlinkSync(t.out.p('outside-dir'), t.abs('Dest/M/Sub'));
        const r = await ops(method, [{ from: albumId('M'), to: albumId('Dest'), duplicate: 'overwrite' }]);
        expect(r.success).to.equal(true);
        expect(lstatSync(t.abs('Dest/M/Sub')).isSymbolicLink()).to.equal(true);
      });
    });
  }

  describe('Batch.delete', () => {
    it('answers 404 for each item or album reached through a link or swapped for one', async () => {
      const ids = [...LINKED_ITEMS, ...LINKED_ALBUMS.map(albumId)];
      const r = await t.f.call(BATCH, 'delete', { id: JSON.stringify(ids) });
      expect(r.data.items.map((u: Unit) => [u.id, u.status])).to.deep.equal(ids.map((s) => [s, 404]));
      expect(r.data.deleted).to.deep.equal([]);
      expect(t.f.trashCount()).to.equal(0);
    });

    it('answers 601 for a selection of the children of a link', async () => {
      for (const a of ['Evil', 'A/link']) {
        const r = await t.f.call(BATCH, 'delete', { selection: JSON.stringify([{ children: albumId(a) }]) });
        expect(r, a).to.deep.equal({ success: false, error: { code: 601 } });
      }
    });

    it('a selection of the children of a swapped album deletes none of them', async () => {
      const r = await t.f.call(BATCH, 'delete', { selection: JSON.stringify([{ children: albumId('T'), recursive: true }]) });
      const done = await units(r.data.taskid);
      expect(done.map((u) => [u.id, u.status])).to.have.deep.members([
        [pid('T', 't.jpg'), 404],
        [pid('T/Inner', 'i.jpg'), 404],
      ]);
      expect(t.f.trashCount()).to.equal(0);
    });

    it('a selection copy of the children of a swapped album copies none of them', async () => {
      const r = await t.f.call(BATCH, 'copy', { selection: JSON.stringify([{ children: albumId('T') }]), to: albumId('Dest') });
      const done = await units(r.data.taskid);
      expect(done.map((u) => u.status)).to.deep.equal([404, 404]);
      expect(t.indexPaths().filter((p) => p.startsWith('Dest/'))).to.deep.equal([]);
    });
  });

  describe('File.uploadphoto', () => {
    const jpeg = () => new Blob([`upload ${Math.random()}`]);
    async function upload(fields: Record<string, string>) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ api: 'SYNO.PhotoStation.File', version: '1', method: 'uploadphoto', _sid: t.f.adminSid, ...fields })) form.append(k, v);
      form.append('original', jpeg(), fields.filename ?? 'up.jpg');
      const res = await fetch(t.f.url.replace('entry.cgi', 'file.php'), { method: 'POST', body: form });
      return res.json();
    }

    it('answers 516 for a destination through a link, below one or swapped for one', async () => {
      for (const dest of ['Evil', 'Evil/B', 'A/link', 'A/link/B', 'T', 'T/Inner']) {
        expect(await upload({ dest_folder_path: dest, duplicate: 'rename' }), dest).to.deep.equal({ success: false, error: { code: 516 } });
      }
    });

    it('answers 522 for the name of a linked file with overwrite or ignore, and leaves the link', async () => {
      for (const duplicate of ['overwrite', 'ignore']) {
        expect(await upload({ dest_folder_path: 'A', filename: 'evil.jpg', duplicate }), duplicate).to.deep.equal({ success: false, error: { code: 522 } });
      }
      expect(lstatSync(t.abs('A/evil.jpg')).isSymbolicLink()).to.equal(true);
    });

    it('with rename, takes the next free name beside the link', async () => {
      const r = await upload({ dest_folder_path: 'A', filename: 'evil.jpg', duplicate: 'rename' });
      expect(r.data.id).to.equal(pid('A', 'evil (1).jpg'));
      expect(lstatSync(t.abs('A/evil.jpg')).isSymbolicLink()).to.equal(true);
    });
  });
});
