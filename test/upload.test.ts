import { expect } from 'chai';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { itemId } from '../src/library/ids.ts';
import { call, eventually, filesBelow, login, makeAlbum, startServer, upload, ADMIN_PASSWORD } from './helpers/upload.ts';
import type { TestServer } from './helpers/upload.ts';
import { recover } from '../src/ops/recovery.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const JPEG = readFileSync(path.join(fixtures, 'exif.jpg'));
const PNG = readFileSync(path.join(fixtures, 'plain.png'));
// Not a playable video, but uploads are judged by extension (SPEC §8), not by content.
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64, 7)]);

describe('SYNO.PhotoStation.File', () => {
  let srv: TestServer;
  let admin: string;

  before(async () => {
    srv = await startServer();
    admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
    makeAlbum(srv.services, 'Trips/Paris');
  });
  after(async () => srv.close());

  const root = () => srv.config.photoRoot;
  const tmpFiles = () => readdirSync(srv.config.tmpDir);
  const row = (albumPath: string, name: string) => {
    const album = srv.services.library.albums.byPath(albumPath);
    return album && srv.services.library.items.get(album.id, name);
  };

  describe('uploadphoto of a JPEG with EXIF, by an administrator', () => {
    let answer: Awaited<ReturnType<typeof upload>>;
    before(async () => {
      answer = await upload(srv.base, { dest_folder_path: 'Trips/Paris' }, { bytes: JPEG, filename: 'eiffel.jpg' }, admin);
    });

    it('answers success with the id of the new item', () => {
      expect(answer).to.deep.equal({ success: true, data: { id: itemId('Trips/Paris', 'eiffel.jpg', 'photo') } });
    });

    it('writes the same bytes into the album folder', () => {
      expect(readFileSync(path.join(root(), 'Trips/Paris/eiffel.jpg')).equals(JPEG)).to.equal(true);
    });

    it('indexes the taken date, pixel size, orientation and position from EXIF', () => {
      const item = row('Trips/Paris', 'eiffel.jpg');
      expect(item).to.include({ kind: 'photo', size: JPEG.length, taken_at: Date.UTC(2007, 4, 12, 10, 30, 45), width: 8, height: 6, orientation: 6 });
      expect(item?.lat).to.be.closeTo(48.8584, 1e-4);
      expect(item?.lng).to.be.closeTo(2.2945, 1e-4);
      expect(item?.title).to.equal('Eiffel fixture');
    });

    it('leaves no staging file in the album and no temporary file', () => {
      expect(readdirSync(path.join(root(), 'Trips/Paris'))).to.deep.equal(['eiffel.jpg']);
      expect(tmpFiles()).to.deep.equal([]);
    });
  });

  describe('with title and description in the form', () => {
    it('indexes them instead of the EXIF text', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Trips', title: 'Tower', description: 'At noon' }, { bytes: JPEG, filename: 'titled.jpg' }, admin);
      expect(env.success).to.equal(true);
      expect(row('Trips', 'titled.jpg')).to.include({ title: 'Tower', description: 'At noon', width: 8 });
    });
  });

  describe('with an empty destination', () => {
    it('stores the file in the root album, whose items use 2f as album part', async () => {
      const env = await upload(srv.base, { dest_folder_path: '' }, { bytes: PNG, filename: 'plain.png' }, admin);
      expect(env.data?.id).to.equal('photo_2f_' + Buffer.from('plain.png').toString('hex'));
      expect(readFileSync(path.join(root(), 'plain.png')).equals(PNG)).to.equal(true);
      expect(row('', 'plain.png')).to.include({ kind: 'photo', size: PNG.length });
    });
  });

  describe('with a `filename` field', () => {
    it('names the file after the field, not after the part', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Trips', filename: 'renamed.jpg' }, { bytes: JPEG, filename: 'part-name.jpg' }, admin);
      expect(env.data?.id).to.equal(itemId('Trips', 'renamed.jpg', 'photo'));
      expect(existsSync(path.join(root(), 'Trips/renamed.jpg'))).to.equal(true);
      expect(existsSync(path.join(root(), 'Trips/part-name.jpg'))).to.equal(false);
    });
  });

  describe('uploadvideo of an .mp4', () => {
    it('stores and indexes a video item', async () => {
      const env = await upload(srv.base, { method: 'uploadvideo', dest_folder_path: 'Trips/Paris' }, { bytes: MP4, filename: 'clip.mp4' }, admin);
      expect(env).to.deep.equal({ success: true, data: { id: itemId('Trips/Paris', 'clip.mp4', 'video') } });
      expect(readFileSync(path.join(root(), 'Trips/Paris/clip.mp4')).equals(MP4)).to.equal(true);
      expect(row('Trips/Paris', 'clip.mp4')).to.include({ kind: 'video', size: MP4.length });
    });
  });

  describe('mtime', () => {
    it('takes a value up to 10^11 as seconds', async () => {
      await upload(srv.base, { dest_folder_path: 'Trips', mtime: '1200000000' }, { bytes: JPEG, filename: 'secs.jpg' }, admin);
      expect(statSync(path.join(root(), 'Trips/secs.jpg')).mtimeMs).to.equal(1_200_000_000_000);
      expect(row('Trips', 'secs.jpg')?.mtime).to.equal(1_200_000_000_000);
    });

    it('takes a value over 10^11 as milliseconds (DS photo)', async () => {
      await upload(srv.base, { dest_folder_path: 'Trips', mtime: '1200000000123' }, { bytes: JPEG, filename: 'millis.jpg' }, admin);
      expect(Math.round(statSync(path.join(root(), 'Trips/millis.jpg')).mtimeMs)).to.equal(1_200_000_000_123);
      expect(row('Trips', 'millis.jpg')?.mtime).to.equal(1_200_000_000_123);
    });

    it('takes 0 as no time given, keeping the time of writing', async () => {
      const before = Date.now() - 60_000;
      await upload(srv.base, { dest_folder_path: 'Trips', mtime: '0' }, { bytes: JPEG, filename: 'zero.jpg' }, admin);
      expect(statSync(path.join(root(), 'Trips/zero.jpg')).mtimeMs).to.be.above(before);
    });

    it('refuses a value that is not a number with 516', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Trips', mtime: 'yesterday' }, { bytes: JPEG, filename: 'badtime.jpg' }, admin);
      expect(env.error?.code).to.equal(516);
      expect(existsSync(path.join(root(), 'Trips/badtime.jpg'))).to.equal(false);
    });
  });

  describe('when the name is taken', () => {
    const OTHER = Buffer.concat([JPEG, Buffer.from('other bytes')]);
    before(async () => {
      makeAlbum(srv.services, 'Dup');
      const env = await upload(srv.base, { dest_folder_path: 'Dup' }, { bytes: JPEG, filename: 'a.jpg' }, admin);
      expect(env.success).to.equal(true);
    });

    describe('with duplicate=rename', () => {
      it('stores the upload as `name (1).ext`, then `name (2).ext`', async () => {
        const one = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'rename' }, { bytes: OTHER, filename: 'a.jpg' }, admin);
        const two = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'rename' }, { bytes: OTHER, filename: 'a.jpg' }, admin);
        expect(one.data?.id).to.equal(itemId('Dup', 'a (1).jpg', 'photo'));
        expect(two.data?.id).to.equal(itemId('Dup', 'a (2).jpg', 'photo'));
        expect(readFileSync(path.join(root(), 'Dup/a.jpg')).equals(JPEG)).to.equal(true);
        expect(readFileSync(path.join(root(), 'Dup/a (1).jpg')).equals(OTHER)).to.equal(true);
        expect(row('Dup', 'a (2).jpg')?.size).to.equal(OTHER.length);
      });
    });

    describe('by several uploads of one name at once, with rename', () => {
      it('gives each its own name and loses none', async () => {
        makeAlbum(srv.services, 'Race');
        const bodies = [0, 1, 2, 3, 4, 5].map((i) => Buffer.concat([JPEG, Buffer.from(`copy ${i}`)]));
        const answers = await Promise.all(bodies.map((bytes) => upload(srv.base, { dest_folder_path: 'Race' }, { bytes, filename: 'r.jpg' }, admin)));
        const ids = answers.map((a) => a.data?.id);
        expect(new Set(ids).size).to.equal(6);
        const names = readdirSync(path.join(root(), 'Race')).sort();
        expect(names).to.deep.equal(['r (1).jpg', 'r (2).jpg', 'r (3).jpg', 'r (4).jpg', 'r (5).jpg', 'r.jpg']);
        const stored = names.map((n) => readFileSync(path.join(root(), 'Race', n)).toString('latin1')).sort();
        expect(stored).to.deep.equal(bodies.map((b) => b.toString('latin1')).sort());
        const album = srv.services.library.albums.byPath('Race');
        expect(srv.services.db.prepare('SELECT count(*) AS n FROM items WHERE album_id = ?').get(album?.id)).to.deep.equal({ n: 6 });
      });
    });

    describe('with an unknown duplicate mode', () => {
      it('refuses with 516 and writes nothing', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'merge' }, { bytes: JPEG, filename: 'a.jpg' }, admin);
        expect(env.error?.code).to.equal(516);
        expect(readFileSync(path.join(root(), 'Dup/a.jpg')).equals(JPEG)).to.equal(true);
      });
    });

    describe('without duplicate', () => {
      it('renames (the default), never replacing or dropping an upload', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Dup' }, { bytes: OTHER, filename: 'a.jpg' }, admin);
        expect(env.data?.id).to.equal(itemId('Dup', 'a (3).jpg', 'photo'));
        expect(readFileSync(path.join(root(), 'Dup/a.jpg')).equals(JPEG)).to.equal(true);
      });
    });

    describe('with duplicate=ignore', () => {
      it('writes nothing and answers the existing item', async () => {
        const before = filesBelow(root());
        const env = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'ignore' }, { bytes: OTHER, filename: 'a.jpg' }, admin);
        expect(env).to.deep.equal({ success: true, data: { id: itemId('Dup', 'a.jpg', 'photo') } });
        expect(readFileSync(path.join(root(), 'Dup/a.jpg')).equals(JPEG)).to.equal(true);
        expect(filesBelow(root())).to.deep.equal(before);
        expect(row('Dup', 'a.jpg')?.size).to.equal(JPEG.length);
        expect(tmpFiles()).to.deep.equal([]);
      });
    });

    describe('with duplicate=overwrite', () => {
      let env: Awaited<ReturnType<typeof upload>>;
      before(async () => {
        makeAlbum(srv.services, 'Over');
        await upload(srv.base, { dest_folder_path: 'Over' }, { bytes: JPEG, filename: 'b.jpg' }, admin);
        env = await upload(srv.base, { dest_folder_path: 'Over', duplicate: 'overwrite', title: 'new one' }, { bytes: OTHER, filename: 'b.jpg' }, admin);
      });

      it('puts the new bytes under the same name and id', () => {
        expect(env.data?.id).to.equal(itemId('Over', 'b.jpg', 'photo'));
        expect(readFileSync(path.join(root(), 'Over/b.jpg')).equals(OTHER)).to.equal(true);
        expect(readdirSync(path.join(root(), 'Over'))).to.deep.equal(['b.jpg']);
      });

      it('indexes the new file in place of the old one', () => {
        const album = srv.services.library.albums.byPath('Over');
        const rows = srv.services.db.prepare('SELECT name, size, title FROM items WHERE album_id = ?').all(album?.id);
        expect(rows).to.deep.equal([{ name: 'b.jpg', size: OTHER.length, title: 'new one' }]);
      });

      it('puts the replaced bytes in the trash as an `overwrite` entry with its original path', () => {
        const entries = srv.services.db.prepare("SELECT type, path, stored, reason FROM trash WHERE path = 'Over/b.jpg'").all() as {
          type: string;
          path: string;
          stored: string;
          reason: string;
        }[];
        expect(entries).to.have.length(1);
        expect(entries[0]).to.include({ type: 'photo', reason: 'overwrite' });
        expect(readFileSync(path.join(srv.config.trashDir, entries[0]?.stored as string)).equals(JPEG)).to.equal(true);
      });

      it('keeps that entry through start-up recovery (which sweeps only files no entry names)', () => {
        const entry = srv.services.db.prepare("SELECT stored FROM trash WHERE path = 'Over/b.jpg'").pluck().get() as string;
        recover(srv.services.ops.engine);
        expect(readFileSync(path.join(srv.config.trashDir, entry)).equals(JPEG)).to.equal(true);
      });
    });

    describe('by a folder', () => {
      before(() => mkdirSync(path.join(root(), 'Dup/folder.jpg')));

      it('refuses overwrite with 522 and leaves the folder', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'overwrite' }, { bytes: JPEG, filename: 'folder.jpg' }, admin);
        expect(env.error?.code).to.equal(522);
        expect(statSync(path.join(root(), 'Dup/folder.jpg')).isDirectory()).to.equal(true);
        expect(readdirSync(path.join(root(), 'Dup')).filter((f) => f.startsWith('.'))).to.deep.equal([]);
      });

      it('refuses ignore with 522', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'ignore' }, { bytes: JPEG, filename: 'folder.jpg' }, admin);
        expect(env.error?.code).to.equal(522);
      });

      it('renames past it with rename', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Dup', duplicate: 'rename' }, { bytes: JPEG, filename: 'folder.jpg' }, admin);
        expect(env.data?.id).to.equal(itemId('Dup', 'folder (1).jpg', 'photo'));
      });
    });
  });

  describe('refusals', () => {
    let before_: string[];
    beforeEach(() => {
      before_ = filesBelow(srv.dataDir).filter((f) => !f.startsWith('photostation.db'));
    });
    const unchanged = () => {
      expect(filesBelow(srv.dataDir).filter((f) => !f.startsWith('photostation.db'))).to.deep.equal(before_);
      expect(tmpFiles()).to.deep.equal([]);
    };

    it('521 without a file part', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Trips', filename: 'x.jpg' }, undefined, admin);
      expect(env.error?.code).to.equal(521);
      unchanged();
    });

    for (const [method, name] of [
      ['uploadphoto', 'notes.txt'],
      ['uploadphoto', 'noext'],
      ['uploadphoto', 'clip.mp4'],
      ['uploadvideo', 'photo.jpg'],
    ] as const) {
      it(`518 for ${method} of \`${name}\``, async () => {
        const env = await upload(srv.base, { method, dest_folder_path: 'Trips' }, { bytes: JPEG, filename: name }, admin);
        expect(env.error?.code).to.equal(518);
        unchanged();
      });
    }

    it('519 for a folder that does not exist', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Nowhere/deep' }, { bytes: JPEG, filename: 'x.jpg' }, admin);
      expect(env.error?.code).to.equal(519);
      unchanged();
    });

    it('519 for a folder on disk that the index does not know', async () => {
      mkdirSync(path.join(root(), 'Unindexed'));
      before_ = filesBelow(srv.dataDir).filter((f) => !f.startsWith('photostation.db'));
      const env = await upload(srv.base, { dest_folder_path: 'Unindexed' }, { bytes: JPEG, filename: 'x.jpg' }, admin);
      expect(env.error?.code).to.equal(519);
      unchanged();
    });

    it('519 for an album in the index whose folder is gone', async () => {
      srv.services.library.albums.insert(srv.services.library.albums.root(), 'Ghost', 0);
      const env = await upload(srv.base, { dest_folder_path: 'Ghost' }, { bytes: JPEG, filename: 'x.jpg' }, admin);
      expect(env.error?.code).to.equal(519);
      expect(existsSync(path.join(root(), 'Ghost'))).to.equal(false);
      unchanged();
    });

    for (const dest of ['..', '../..', '/etc', '/', 'Trips/../..', 'Trips/..', '.hidden', 'Trips/@eaDir', 'Trips/#recycle', 'Trips//Paris', 'Trips/', 'Trips\\Paris', 'a\0b']) {
      it(`516 for dest_folder_path \`${JSON.stringify(dest)}\`, writing nothing anywhere`, async () => {
        const env = await upload(srv.base, { dest_folder_path: dest }, { bytes: JPEG, filename: 'evil.jpg' }, admin);
        expect(env.error?.code).to.equal(516);
        unchanged();
        expect(filesBelow(srv.sandbox).filter((f) => !f.startsWith('data/'))).to.deep.equal([]);
        expect(existsSync('/etc/evil.jpg')).to.equal(false);
      });
    }

    for (const name of ['../evil.jpg', '../../evil.jpg', 'a/b.jpg', '.evil.jpg', '@evil.jpg', '..', 'C:\\x\\evil.jpg']) {
      it(`516 for filename \`${name}\`, writing nothing anywhere`, async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Trips', filename: name }, { bytes: JPEG, filename: 'ok.jpg' }, admin);
        expect(env.error?.code).to.equal(516);
        unchanged();
        expect(filesBelow(srv.sandbox).filter((f) => f.endsWith('evil.jpg'))).to.deep.equal([]);
      });
    }

    it('516 for a destination reached through a symlink that leads outside the root', async () => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
      try {
        symlinkSync(outside, path.join(root(), 'Link'));
        srv.services.library.albums.insert(srv.services.library.albums.root(), 'Link', 0);
        const env = await upload(srv.base, { dest_folder_path: 'Link' }, { bytes: JPEG, filename: 'x.jpg' }, admin);
        expect(env.error?.code).to.equal(516);
        expect(readdirSync(outside)).to.deep.equal([]);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('105 for a guest without a session', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Trips' }, { bytes: JPEG, filename: 'guest.jpg' });
      expect(env.error?.code).to.equal(105);
      unchanged();
    });
  });

  describe('for a user without an upload grant', () => {
    let alice: string;
    before(async () => {
      await call(srv.base, { api: 'SYNO.PhotoStation.User', method: 'create', version: '1', username: 'alice', password: 'alice-pw' }, admin);
      alice = await login(srv.base, 'alice', 'alice-pw');
      makeAlbum(srv.services, 'Family/2020');
    });

    it('refuses with 517 and writes nothing', async () => {
      const env = await upload(srv.base, { dest_folder_path: 'Family/2020' }, { bytes: JPEG, filename: 'mine.jpg' }, alice);
      expect(env.error?.code).to.equal(517);
      expect(existsSync(path.join(root(), 'Family/2020/mine.jpg'))).to.equal(false);
      expect(tmpFiles()).to.deep.equal([]);
    });

    describe('once granted upload on the parent album with Permission.edit', () => {
      before(async () => {
        const env = await call(srv.base, { api: 'SYNO.PhotoStation.Permission', method: 'edit', version: '1', id: itemAlbum('Family'), username: 'alice', upload: 'true' }, admin);
        expect(env.success).to.equal(true);
      });

      it('accepts her upload into the sub-album', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Family/2020' }, { bytes: JPEG, filename: 'mine.jpg' }, alice);
        expect(env.data?.id).to.equal(itemId('Family/2020', 'mine.jpg', 'photo'));
        expect(readFileSync(path.join(root(), 'Family/2020/mine.jpg')).equals(JPEG)).to.equal(true);
      });

      it('refuses with 517 to overwrite an existing file without the manage right, keeping it', async () => {
        const other = Buffer.concat([JPEG, Buffer.from('hers')]);
        const env = await upload(srv.base, { dest_folder_path: 'Family/2020', duplicate: 'overwrite' }, { bytes: other, filename: 'mine.jpg' }, alice);
        expect(env.error?.code).to.equal(517);
        expect(readFileSync(path.join(root(), 'Family/2020/mine.jpg')).equals(JPEG)).to.equal(true);
        expect(readdirSync(path.join(root(), 'Family/2020'))).to.deep.equal(['mine.jpg']);
        expect(tmpFiles()).to.deep.equal([]);
      });

      it('lets her overwrite once she also has the manage right', async () => {
        await call(srv.base, { api: 'SYNO.PhotoStation.Permission', method: 'edit', version: '1', id: itemAlbum('Family/2020'), username: 'alice', manage: 'true' }, admin);
        const other = Buffer.concat([JPEG, Buffer.from('hers')]);
        const env = await upload(srv.base, { dest_folder_path: 'Family/2020', duplicate: 'overwrite' }, { bytes: other, filename: 'mine.jpg' }, alice);
        expect(env.data?.id).to.equal(itemId('Family/2020', 'mine.jpg', 'photo'));
        expect(readFileSync(path.join(root(), 'Family/2020/mine.jpg')).equals(other)).to.equal(true);
      });

      it('still refuses an album outside the granted one', async () => {
        const env = await upload(srv.base, { dest_folder_path: 'Trips' }, { bytes: JPEG, filename: 'mine.jpg' }, alice);
        expect(env.error?.code).to.equal(517);
        expect(existsSync(path.join(root(), 'Trips/mine.jpg'))).to.equal(false);
      });
    });
  });
});

function itemAlbum(p: string): string {
  return `album_${Buffer.from(p).toString('hex')}`;
}

describe('SYNO.PhotoStation.File when the client cuts the connection mid-upload', () => {
  let srv: TestServer;
  let admin: string;
  before(async () => {
    srv = await startServer();
    admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
    makeAlbum(srv.services, 'Cut');
  });
  after(async () => srv.close());

  it('leaves no file under the photo root, no temporary file and no index row', async () => {
    const boundary = 'ps-cut-boundary';
    const fields = { api: 'SYNO.PhotoStation.File', method: 'uploadphoto', version: '1', dest_folder_path: 'Cut', _sid: admin };
    let head = '';
    for (const [k, v] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    head += `--${boundary}\r\nContent-Disposition: form-data; name="original"; filename="cut.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const req = http.request(`${srv.base}/photo/webapi/file.php`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(50_000_000) },
    });
    req.on('error', () => {});
    req.write(head);
    req.write(JPEG);
    req.write(Buffer.alloc(256 * 1024, 1));
    // Cut only once the server is streaming the part to its temporary file.
    expect(await eventually(() => readdirSync(srv.config.tmpDir).length > 0)).to.equal(true);
    req.destroy();

    expect(await eventually(() => readdirSync(srv.config.tmpDir).length === 0)).to.equal(true);
    expect(filesBelow(srv.config.photoRoot)).to.deep.equal([]);
    expect(srv.services.db.prepare('SELECT count(*) AS n FROM items').get()).to.deep.equal({ n: 0 });
    // The server goes on answering.
    const env = await upload(srv.base, { dest_folder_path: 'Cut' }, { bytes: JPEG, filename: 'whole.jpg' }, admin);
    expect(env.success).to.equal(true);
  });
});

describe('SYNO.PhotoStation.File over the upload limit', () => {
  let srv: TestServer;
  let admin: string;
  before(async () => {
    srv = await startServer({ uploadLimit: 100 });
    admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
    makeAlbum(srv.services, 'Small');
  });
  after(async () => srv.close());

  it('answers 520 and leaves no file under the photo root nor in the temporary folder', async () => {
    const env = await upload(srv.base, { dest_folder_path: 'Small' }, { bytes: JPEG, filename: 'big.jpg' }, admin);
    expect(env.error?.code).to.equal(520);
    expect(filesBelow(srv.config.photoRoot)).to.deep.equal([]);
    expect(readdirSync(srv.config.tmpDir)).to.deep.equal([]);
    expect(srv.services.db.prepare('SELECT count(*) AS n FROM items').get()).to.deep.equal({ n: 0 });
  });

  it('accepts a file within the limit', async () => {
    const small = Buffer.alloc(80, 1);
    const env = await upload(srv.base, { dest_folder_path: 'Small' }, { bytes: small, filename: 'small.gif' }, admin);
    expect(env.success).to.equal(true);
    expect(readFileSync(path.join(srv.config.photoRoot, 'Small/small.gif')).equals(small)).to.equal(true);
  });
});

describe('SYNO.PhotoStation.File with the temporary folder on another file system', () => {
  let srv: TestServer;
  let admin: string;
  let tmpDir: string;
  before(async function () {
    if (!existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(os.tmpdir()).dev) this.skip();
    tmpDir = mkdtempSync('/dev/shm/ps-upload-tmp-');
    srv = await startServer({ tmpDir });
    admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
    makeAlbum(srv.services, 'Far');
  });
  after(async () => {
    await srv?.close();
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  });

  it('copies the file in (EXDEV) and leaves no staging nor temporary file', async () => {
    const env = await upload(srv.base, { dest_folder_path: 'Far' }, { bytes: JPEG, filename: 'far.jpg' }, admin);
    expect(env.data?.id).to.equal(itemId('Far', 'far.jpg', 'photo'));
    expect(readdirSync(path.join(srv.config.photoRoot, 'Far'))).to.deep.equal(['far.jpg']);
    expect(readFileSync(path.join(srv.config.photoRoot, 'Far/far.jpg')).equals(JPEG)).to.equal(true);
    expect(readdirSync(tmpDir)).to.deep.equal([]);
  });
});
