import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import type { Envelope } from '../helpers/ops-fixture.ts';
import { hex, Outside, snapshot } from '../helpers/outside.ts';

/**
 * Relative paths that climb out of the photo root, or name something outside it absolutely.
 * Each is sent as the hex of an album id and of the album part and name part of an item id.
 */
function climbs(out: Outside): string[] {
  return ['..', '../outside', '../outside/x', 'a/../../x', '/tmp', out.dir, path.join(out.dir, 'outside-dir'), `../${path.basename(out.dir)}`, '..\\..\\x', 'A/../..'];
}

describe('Traversal: ids that decode to paths out of the photo root, on every id-taking method', () => {
  let f: OpsFixture;
  let out: Outside;
  let paths: string[];
  let albums: string[];
  let items: string[];
  let beforeOut: string[];
  let beforeData: string[];
  // The folder right above the photo root is the data folder: `..` would land there.
  const dataView = () => snapshot(path.join(f.dir, 'outside'));

  before(async () => {
    f = await OpsFixture.start();
    out = new Outside();
    f.photo('A', 'a.jpg');
    f.album('Dest');
    mkdirSync(path.join(f.dir, 'outside'));
    writeFileSync(path.join(f.dir, 'outside', 'x.jpg'), 'beside the root');
    paths = climbs(out);
    albums = paths.map((p) => `album_${hex(p)}`);
    items = [...paths.map((p) => `photo_${hex(p)}_${hex('x.jpg')}`), ...paths.map((p) => `photo_2f_${hex(`${p}.jpg`)}`), `photo_${hex('A')}_${hex('../a.jpg')}`];
    beforeOut = out.snapshot();
    beforeData = dataView();
  });
  after(async () => {
    const afterOut = out.snapshot();
    const afterData = dataView();
    await f.stop();
    out.remove();
    expect(afterOut).to.deep.equal(beforeOut);
    expect(afterData).to.deep.equal(beforeData);
  });
  afterEach(() => {
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(f.exists('A/a.jpg')).to.equal(true);
  });

  const refused = (code: number): Envelope => ({ success: false, error: { code } });
  async function each(ids: string[], code: number, call: (id: string) => Promise<Envelope>): Promise<void> {
    for (const id of ids) expect(await call(id), id).to.deep.equal(refused(code));
  }

  const ALBUM = 'SYNO.PhotoStation.Album';
  const PHOTO = 'SYNO.PhotoStation.Photo';
  const BATCH = 'SYNO.PhotoStation.Batch';

  it('Album.create answers 101 for such a parent, and for such a name', async () => {
    await each(albums, 101, (id) => f.call(ALBUM, 'create', { id, name: 'New' }));
    for (const name of paths) expect(await f.call(ALBUM, 'create', { id: '', name }), name).to.deep.equal(refused(101));
  });

  it('Album.edit answers 101 for such an album, and for a rename to such a name', async () => {
    await each(albums, 101, (id) => f.call(ALBUM, 'edit', { id, name: 'x' }));
    for (const name of paths) expect(await f.call(ALBUM, 'edit', { id: `album_${hex('A')}`, name }), name).to.deep.equal(refused(101));
  });

  it('Album.delete answers 101', async () => {
    await each(albums, 101, (id) => f.call(ALBUM, 'delete', { id }));
  });

  it('Album.move answers 101 for such a source and 456 for such a destination', async () => {
    await each(albums, 101, (id) => f.call(ALBUM, 'move', { id, sharepath: `album_${hex('Dest')}`, duplicate: 'rename' }));
    await each(albums, 456, (sharepath) => f.call(ALBUM, 'move', { id: `album_${hex('A')}`, sharepath, duplicate: 'rename' }));
  });

  it('Photo.edit, Photo.delete and Photo.copy answer 456 for such an item or destination', async () => {
    await each(items, 456, (id) => f.call(PHOTO, 'edit', { id, title: 'x' }));
    await each(items, 456, (id) => f.call(PHOTO, 'delete', { id }));
    for (const mode of ['copy', 'move']) {
      await each(items, 456, (id) => f.call(PHOTO, 'copy', { id, sharepath: `album_${hex('Dest')}`, mode, duplicate: 'rename' }));
      await each(albums, 456, (sharepath) => f.call(PHOTO, 'copy', { id: `photo_${hex('A')}_${hex('a.jpg')}`, sharepath, mode, duplicate: 'rename' }));
    }
  });

  it('Batch.move, Batch.copy and Batch.delete answer 600 for such a source or destination, 601 in a selection', async () => {
    const a = `photo_${hex('A')}_${hex('a.jpg')}`;
    for (const method of ['move', 'copy']) {
      await each([...albums, ...items], 600, (from) => f.call(BATCH, method, { operations: JSON.stringify([{ from, to: `album_${hex('Dest')}` }]) }));
      await each(albums, 600, (to) => f.call(BATCH, method, { operations: JSON.stringify([{ from: a, to }]) }));
      await each(albums, 600, (to) => f.call(BATCH, method, { selection: JSON.stringify([a]), to }));
      await each([...albums, ...items], 601, (id) => f.call(BATCH, method, { selection: JSON.stringify([id]), to: `album_${hex('Dest')}` }));
      await each(albums, 601, (id) => f.call(BATCH, method, { selection: JSON.stringify([{ children: id }]), to: `album_${hex('Dest')}` }));
      for (const name of paths) {
        expect(await f.call(BATCH, method, { operations: JSON.stringify([{ from: a, to: `album_${hex('Dest')}`, name }]) }), name).to.deep.equal(refused(600));
      }
    }
    await each([...albums, ...items], 600, (id) => f.call(BATCH, 'delete', { id: JSON.stringify([id]) }));
    await each([...albums, ...items], 601, (id) => f.call(BATCH, 'delete', { selection: JSON.stringify([id]) }));
    await each(albums, 601, (album) => f.call(BATCH, 'delete', { selection: JSON.stringify([{ search: { album } }]) }));
  });

  it('Permission.list and Permission.edit answer 426', async () => {
    await each(albums, 426, (id) => f.call('SYNO.PhotoStation.Permission', 'list', { id }));
    await each(albums, 426, (id) => f.call('SYNO.PhotoStation.Permission', 'edit', { id, username: 'admin', browse: 'true' }));
  });

  it('Trash.restore and Trash.empty take only entry numbers: 101 for a path', async () => {
    for (const id of paths) {
      expect(await f.call('SYNO.PhotoStation.Trash', 'restore', { id }), id).to.deep.equal(refused(101));
      expect(await f.call('SYNO.PhotoStation.Trash', 'empty', { id }), id).to.deep.equal(refused(101));
    }
  });

  it('BackgroundTask.status and stop answer 602 for a task id with slashes or dots', async () => {
    for (const taskid of ['..', '../../etc/passwd', 'a/b', out.dir.slice(0, 60)]) {
      expect(await f.call('SYNO.PhotoStation.BackgroundTask', 'status', { taskid }), taskid).to.deep.equal(refused(602));
      expect(await f.call('SYNO.PhotoStation.BackgroundTask', 'stop', { taskid }), taskid).to.deep.equal(refused(602));
    }
  });

  it('File.uploadphoto answers 516 for such a dest_folder_path', async () => {
    for (const dest of paths) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ api: 'SYNO.PhotoStation.File', version: '1', method: 'uploadphoto', _sid: f.adminSid, dest_folder_path: dest, duplicate: 'rename' }))
        form.append(k, v);
      form.append('original', new Blob(['x']), 'up.jpg');
      const res = await fetch(f.url.replace('entry.cgi', 'file.php'), { method: 'POST', body: form });
      expect(await res.json(), dest).to.deep.equal(refused(516));
    }
  });
});
