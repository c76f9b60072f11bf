import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { filesBelow, login, makeAlbum, startServer } from '../helpers/upload.ts';
import type { TestServer } from '../helpers/upload.ts';

const PATH = '/photo/include/asst_file_upload.php';

/** Lightroom's encoding: every byte that is not a letter or digit, `/` included. */
const lrEncode = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

describe("Lightroom's upload path (SPEC §15)", () => {
  let s: TestServer;
  let admin: string;
  const photo = (tag: string) => Buffer.from(`\xff\xd8\xff\xe0 not really a jpeg ${tag}`, 'latin1');
  const post = async (headers: Record<string, string>, body: Buffer, sid: string | null = admin) => {
    const res = await fetch(`${s.base}${PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...(sid ? { Cookie: `PHPSESSID=${sid}` } : {}), ...headers },
      body: Uint8Array.from(body),
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    return (await res.json()) as { success: boolean; err_msg?: string };
  };
  const file = (rel: string) => path.join(s.config.photoRoot, rel);

  beforeEach(async () => {
    s = await startServer({ uploadLimit: 1024 });
    admin = await login(s.base, 'admin', 'admin-pw');
    makeAlbum(s.services, 'Trips/Zoë 2024');
  });
  afterEach(() => s.close());

  const original = (name: string, extra: Record<string, string> = {}) => ({
    'X-PATH': lrEncode('Trips/Zoë 2024'),
    'X-ORIG-FNAME': lrEncode(name),
    'X-UPLOAD-TYPE': 'ORIG_FILE',
    'X-IS-BATCH-FIRST-FILE': 'true',
    'X-IS-BATCH-LAST-FILE': 'true',
    ...extra,
  });

  it('stores the raw body as the original under the percent-encoded path and name, with the given mtime, and indexes it', async () => {
    const bytes = photo('one');
    expect(await post(original('My photo.jpg', { 'X-DUPLICATE': 'OVERWRITE', 'X-LAST-MODIFIED-TIME': '1500000000' }), bytes)).to.deep.equal({ success: true });
    expect(readFileSync(file('Trips/Zoë 2024/My photo.jpg'))).to.deep.equal(bytes);
    expect(Math.round(statSync(file('Trips/Zoë 2024/My photo.jpg')).mtimeMs)).to.equal(1_500_000_000_000);
    const album = s.services.library.albums.byPath('Trips/Zoë 2024');
    expect(s.services.library.items.get(album!.id, 'My photo.jpg')).to.include({ kind: 'photo', size: bytes.length });
    expect(filesBelow(s.config.tmpDir)).to.deep.equal([]);
  });

  it("writes an upload row in the administrator's PhotoLog, and none for a refused upload or a thumbnail", async () => {
    expect(await post(original('Logged.jpg'), photo('log'))).to.deep.equal({ success: true });
    expect(await post(original('Thumb.jpg', { 'X-UPLOAD-TYPE': 'THUM_L' }), photo('thumb'))).to.deep.equal({ success: true });
    expect((await post(original('bad.txt'), photo('bad'))).success).to.equal(false);
    const rows = s.services.db.prepare("SELECT user, action, detail FROM photo_log WHERE action = 'upload'").all() as { user: string; action: string; detail: string }[];
    expect(rows.map((r) => [r.user, JSON.parse(r.detail)])).to.deep.equal([['admin', { filename: 'Logged.jpg', dest_folder_path: 'Trips/Zoë 2024' }]]);
  });

  it('follows X-DUPLICATE in any letter case: overwrite, rename, ignore', async () => {
    await post(original('a.jpg'), photo('first'));
    expect(await post(original('a.jpg', { 'X-DUPLICATE': 'Rename' }), photo('second'))).to.deep.equal({ success: true });
    expect(readFileSync(file('Trips/Zoë 2024/a (1).jpg'))).to.deep.equal(photo('second'));
    expect(await post(original('a.jpg', { 'X-DUPLICATE': 'IGNORE' }), photo('third'))).to.deep.equal({ success: true });
    expect(readFileSync(file('Trips/Zoë 2024/a.jpg'))).to.deep.equal(photo('first'));
    expect(await post(original('a.jpg', { 'X-DUPLICATE': 'overwrite' }), photo('fourth'))).to.deep.equal({ success: true });
    expect(readFileSync(file('Trips/Zoë 2024/a.jpg'))).to.deep.equal(photo('fourth'));
    expect(filesBelow(file('Trips'))).to.deep.equal(['Zoë 2024/a (1).jpg', 'Zoë 2024/a.jpg']);
    // The replaced original went to the trash, as any overwrite.
    expect(filesBelow(s.config.trashDir)).to.have.length(1);
  });

  it("accepts the plugin's thumbnails and discards them", async () => {
    for (const kind of ['THUM_S', 'THUM_M', 'THUM_B', 'THUM_L', 'THUM_XL', 'CUST_TITLE', 'MP4_MOB']) {
      expect(await post(original('a.jpg', { 'X-UPLOAD-TYPE': kind }), photo(kind))).to.deep.equal({ success: true });
    }
    expect(filesBelow(file('Trips'))).to.deep.equal([]);
  });

  it('answers success:false with a message, storing nothing, for every refusal', async () => {
    const refused = async (headers: Record<string, string>, body = photo('x'), sid: string | null = admin) => {
      const r = await post(headers, body, sid);
      expect(r.success).to.equal(false);
      expect(r.err_msg).to.be.a('string').and.not.equal('');
    };
    await refused(original('a.jpg'), photo('x'), null);
    await refused(original('a.jpg'), photo('x'), 'dead-session');
    await refused(original('a.txt'));
    await refused(original('a.jpg', { 'X-PATH': lrEncode('Nowhere') }));
    await refused(original('a.jpg', { 'X-PATH': lrEncode('../outside') }));
    await refused(original('../a.jpg'));
    await refused(original('a.jpg', { 'X-PATH': '%E0%A4%A' }));
    await refused(original('a.jpg', { 'X-DUPLICATE': 'sometimes' }));
    await refused(original('big.jpg'), Buffer.alloc(2048, 1));
    await s.services.users.create('bob', 'bob-pw', false, Date.now());
    await refused(original('a.jpg'), photo('x'), await login(s.base, 'bob', 'bob-pw'));
    expect(filesBelow(file('Trips'))).to.deep.equal([]);
    expect(filesBelow(s.config.tmpDir)).to.deep.equal([]);
    expect(path.basename(s.config.photoRoot)).to.equal('photo');
    expect(filesBelow(path.dirname(s.config.photoRoot)).filter((f) => f.endsWith('a.jpg'))).to.deep.equal([]);
  });

  it('takes the session from the X-SYNO-TOKEN header or the _sid parameter too', async () => {
    expect(await post(original('t.jpg', { 'X-SYNO-TOKEN': admin }), photo('t'), null)).to.deep.equal({ success: true });
    const res = await fetch(`${s.base}${PATH}?_sid=${admin}`, { method: 'POST', headers: original('q.jpg'), body: Uint8Array.from(photo('q')) });
    expect(await res.json()).to.deep.equal({ success: true });
    expect(filesBelow(file('Trips'))).to.deep.equal(['Zoë 2024/q.jpg', 'Zoë 2024/t.jpg']);
  });

  it('answers a GET with success:false', async () => {
    const res = await fetch(`${s.base}${PATH}`);
    expect(await res.json()).to.deep.equal({ success: false, err_msg: 'Expected a POST' });
  });
});
