import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Db } from '../../src/db/open.ts';
import type { MethodEntry } from '../../src/webapi/registry.ts';
import { albumIdOf as album, fixtures, itemIdOf as photo, startStation } from '../helpers/browse.ts';
import type { Envelope, TestStation } from '../helpers/browse.ts';
import { snapshot } from '../helpers/outside.ts';

/**
 * SPEC §19: a changing call that a browser marks as coming from another site, authenticated
 * only by the session cookie, is refused with 105 before it runs; reading calls, same-origin
 * calls, non-browser calls and sessions in a parameter or header are not affected.
 */

const EVIL = 'https://evil.example';
const JPEG = readFileSync(path.join(fixtures, 'exif.jpg'));
type Params = Record<string, string>;

/** How a request is sent: the session carrier and the headers a browser (or script) adds. */
interface Way {
  cookie?: string;
  sid?: string;
  headers?: Record<string, string>;
  get?: boolean;
}

async function send(base: string, params: Params, way: Way, upload?: { name: string }): Promise<{ env: Envelope; setCookie: string[] }> {
  const all: Params = { ...params, ...(way.sid ? { _sid: way.sid } : {}) };
  const headers: Record<string, string> = { ...(way.cookie ? { Cookie: way.cookie } : {}), ...way.headers };
  let res: Response;
  if (upload) {
    const form = new FormData();
    for (const [k, v] of Object.entries(all)) form.set(k, v);
    form.set('original', new Blob([JPEG], { type: 'image/jpeg' }), upload.name);
    res = await fetch(`${base}/photo/webapi/entry.cgi`, { method: 'POST', headers, body: form });
  } else if (way.get) {
    res = await fetch(`${base}/photo/webapi/entry.cgi?${new URLSearchParams(all)}`, { headers });
  } else {
    res = await fetch(`${base}/photo/webapi/entry.cgi`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(all),
    });
  }
  return { env: (await res.json()) as Envelope, setCookie: res.headers.getSetCookie() };
}

/** Every row of every table, and every entry below the data folder's photo root, trash and tmp. */
function state(t: TestStation): string {
  const db = t.station.services.db as Db;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const rows = Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  const { photoRoot, trashDir, tmpDir } = t.station.services.config;
  const disk = [photoRoot, trashDir, tmpDir].map((d) => (existsSync(d) ? snapshot(d) : []));
  return JSON.stringify({ rows, disk });
}

function layout(root: string): void {
  const put = (dir: string, names: string[]) => {
    mkdirSync(path.join(root, dir), { recursive: true });
    for (const n of names) copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, dir, n));
  };
  put('Keep', ['k1.jpg', 'k2.jpg']);
  put('Keep/Inner', ['i.jpg']);
  put('Dest', []);
  put('Junk', ['j1.jpg', 'j2.jpg']);
  for (let i = 0; i < 4; i++) put(`Del${i}`, ['d.jpg']);
  put('P', ['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg']);
  put('B', ['b0.jpg', 'b1.jpg', 'b2.jpg', 'b3.jpg']);
  put('M', ['m0.jpg', 'm1.jpg', 'm2.jpg', 'm3.jpg']);
}

const key = (m: MethodEntry) => `${m.api.name.replace(/^SYNO\.(PhotoStation\.)?/, '')}.${m.name}`;

async function station(): Promise<{ t: TestStation; base: string; adminSid: string; logs: Record<string, unknown>[] }> {
  const logs: Record<string, unknown>[] = [];
  const t = await startStation({ log: (l) => logs.push(l) }, layout);
  const adminSid = await t.login('admin', 'admin-pw');
  for (let i = 0; i < 4; i++) await t.addUser(`u${i}`, 'user-pw');
  return { t, base: t.base, adminSid, logs };
}

describe('Cross-site changing calls (SPEC §19)', function () {
  this.timeout(60_000);
  let t: TestStation;
  let base: string;
  let adminSid: string;
  let logs: Record<string, unknown>[];
  let trashId: string;
  const changing: MethodEntry[] = [];
  const reading: MethodEntry[] = [];

  before(async () => {
    ({ t, base, adminSid, logs } = await station());
    for (const api of t.station.services.registry.apis.values()) {
      for (const m of api.methods.values()) (m.descriptor.reads ? reading : changing).push(m);
    }
    // Something in the trash, so that Trash.restore and Trash.empty would have work to do.
    const del = await t.call('SYNO.PhotoStation.Photo', 'delete', { id: photo('Junk', 'j1.jpg') }, adminSid);
    expect(del.success, JSON.stringify(del)).to.equal(true);
    const trash = await t.call('SYNO.PhotoStation.Trash', 'list', {}, adminSid);
    trashId = String(trash.data.items?.[0]?.id ?? trash.data.entries?.[0]?.id ?? '1');
  });
  after(() => t.close());

  /** Plausible, valid parameters: without the guard each of these would change something. */
  function paramsOf(m: MethodEntry): Params {
    const keepPhoto = photo('Keep', 'k1.jpg');
    const table: Record<string, Params> = {
      'Album.create': { name: 'Planted' },
      'Album.edit': { id: album('Keep'), name: 'Renamed', title: 'pwned' },
      'Album.delete': { id: album('Keep') },
      'Album.move': { id: album('Keep'), sharepath: album('Dest'), duplicate: 'rename' },
      'Album.cancel': { action: 'mvcp', id: 'all' },
      'Auth.login': { username: 'admin', password: 'admin-pw' },
      'Auth.photo_login': { username: 'admin', password: 'admin-pw' },
      'BackgroundTask.stop': { taskid: '1' },
      'Batch.move': { operations: JSON.stringify([{ from: keepPhoto, to: album('Dest') }]) },
      'Batch.copy': { operations: JSON.stringify([{ from: keepPhoto, to: album('Dest') }]) },
      'Batch.delete': { id: JSON.stringify([keepPhoto, album('Keep/Inner')]) },
      'File.uploadphoto': { dest_folder_path: 'Keep', filename: 'planted.jpg' },
      'File.uploadvideo': { dest_folder_path: 'Keep', filename: 'planted.mp4' },
      'Permission.edit': { id: album('Keep'), username: 'u0', browse: 'true', upload: 'true', manage: 'true' },
      'Photo.edit': { id: keepPhoto, title: 'pwned', rating: '1' },
      'Photo.delete': { id: keepPhoto },
      'Photo.copy': { id: keepPhoto, sharepath: album('Dest'), mode: 'move', duplicate: 'rename' },
      'Photo.cancel': { action: 'mvcp', id: 'all' },
      'Trash.restore': { id: trashId },
      'Trash.empty': {},
      'User.create': { username: 'mallory', password: 'mallory-pw', is_admin: 'true' },
      'User.edit': { username: 'u0', is_admin: 'true', password: 'taken-over' },
      'User.delete': { username: 'u0' },
    };
    return { api: m.api.name, method: m.name, version: String(m.descriptor.versions[0]), ...(table[key(m)] ?? { id: album('Keep') }) };
  }

  // The ways a page on another site reaches us with the user's cookie.
  const foreign = (): Record<string, Way> => {
    const port = Number(new URL(base).port);
    return {
      'a link (GET, Sec-Fetch-Site: cross-site, navigate)': {
        cookie: `PHPSESSID=${adminSid}`,
        get: true,
        headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' },
      },
      'a form (POST, Sec-Fetch-Site: cross-site, Origin)': {
        cookie: `PHPSESSID=${adminSid}`,
        headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', Origin: EVIL },
      },
      'a sibling site (Sec-Fetch-Site: same-site)': {
        cookie: `PHPSESSID=${adminSid}`,
        headers: { 'Sec-Fetch-Site': 'same-site', Origin: `http://other.127.0.0.1.nip.io:${port}` },
      },
      'a foreign Origin without fetch metadata (plain HTTP)': { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: EVIL } },
      'another port of this host (Origin)': { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: `http://127.0.0.1:${port === 65535 ? 1 : port + 1}` } },
      'another scheme of this host (Origin)': { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: `https://127.0.0.1:${port}` } },
      'Origin: null (sandboxed frame)': { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: 'null' } },
      'the `id` cookie, cross-site': { cookie: `id=${adminSid}`, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    };
  };

  it('classifies the registry: the dangerous methods change, the queries read', () => {
    const names = changing.map(key);
    for (const dangerous of [
      'Album.delete',
      'Photo.delete',
      'Batch.delete',
      'Batch.move',
      'User.edit',
      'Permission.edit',
      'Album.create',
      'File.uploadphoto',
      'Auth.login',
      'Auth.logout',
    ]) {
      expect(names).to.include(dangerous);
    }
    expect(reading.map(key)).to.include.members(['Album.list', 'Photo.getinfo', 'Auth.checkauth', 'API.Info.query', 'Sync.list', 'BackgroundTask.status']);
  });

  it('refuses every changing method from every foreign way with 105, and nothing changes on disk or in the index', async () => {
    let refused = 0;
    for (const m of changing) {
      const before = state(t);
      for (const [how, way] of Object.entries(foreign())) {
        const upload = m.descriptor.upload ? { name: 'planted.jpg' } : undefined;
        const { env, setCookie } = await send(base, paramsOf(m), upload ? { ...way, get: false } : way, upload);
        expect(env, `${key(m)} by ${how}`).to.deep.equal({ success: false, error: { code: 105 } });
        expect(setCookie, `${key(m)} by ${how} sets no cookie`).to.deep.equal([]);
        refused++;
      }
      expect(state(t), `${key(m)}: disk and index unchanged`).to.equal(before);
    }
    expect(refused).to.equal(changing.length * Object.keys(foreign()).length);
    // The admin's session survived all of it (logout was refused too).
    expect((await t.call('SYNO.PhotoStation.Auth', 'checkauth', {}, adminSid)).success).to.equal(true);
  });

  it('logs each refusal with its reason', async () => {
    const from = logs.length;
    await send(base, paramsOf(changing.find((m) => key(m) === 'Album.delete') as MethodEntry), {
      cookie: `PHPSESSID=${adminSid}`,
      get: true,
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    await send(base, paramsOf(changing.find((m) => key(m) === 'User.edit') as MethodEntry), { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: EVIL } });
    const lines = logs.slice(from).filter((l) => l.code !== undefined);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ api: 'SYNO.PhotoStation.Album', method: 'delete', code: 105 });
    expect(String(lines[0]?.reason))
      .to.match(/Cross-site/)
      .and.match(/Sec-Fetch-Site: "cross-site"/)
      .and.match(/session cookie/);
    expect(lines[1]).to.include({ api: 'SYNO.PhotoStation.User', method: 'edit', code: 105 });
    expect(String(lines[1]?.reason)).to.include(`Origin: "${EVIL}"`);
    expect(JSON.stringify(lines)).not.to.include(adminSid);
  });

  it('refuses a login from another site (login CSRF): no session opened, no cookie set, even with a `_sid` beside it', async () => {
    const sessions = () => (t.station.services.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    const n = sessions();
    const ways: Way[] = [
      { headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } },
      { headers: { Origin: 'null' } },
      { sid: adminSid, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    ];
    for (const way of ways) {
      const { env, setCookie } = await send(base, { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username: 'u1', password: 'user-pw' }, way);
      expect(env).to.deep.equal({ success: false, error: { code: 105 } });
      expect(setCookie).to.deep.equal([]);
    }
    expect(sessions()).to.equal(n);
  });

  it('refuses a logout link from another site with the cookie, and with a made-up `_sid` (which would clear the cookie)', async () => {
    const ways: Way[] = [
      { cookie: `PHPSESSID=${adminSid}`, get: true, headers: { 'Sec-Fetch-Site': 'cross-site' } },
      { cookie: `PHPSESSID=${adminSid}`, sid: 'made-up', get: true, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    ];
    for (const way of ways) {
      const { env, setCookie } = await send(base, { api: 'SYNO.PhotoStation.Auth', method: 'logout', version: '1' }, way);
      expect(env).to.deep.equal({ success: false, error: { code: 105 } });
      expect(setCookie).to.deep.equal([]);
    }
    expect((await t.call('SYNO.PhotoStation.Auth', 'checkauth', {}, adminSid)).success).to.equal(true);
  });

  it('answers every reading method cross-site with the cookie (never 105), and the known ones succeed', async () => {
    const params: Record<string, Params> = {
      'Album.list': { id: album('Keep'), offset: '0', limit: '10' },
      'Album.getinfo': { id: album('Keep') },
      'Photo.list': { id: album('Keep'), offset: '0', limit: '10' },
      'Photo.getinfo': { id: photo('Keep', 'k1.jpg') },
      'Auth.checkauth': {},
      'API.Info.query': { query: 'all' },
      'Permission.list': { id: album('Keep') },
      'User.list': {},
      'Trash.list': {},
      'Sync.list': { cursor: '0' },
      'BackgroundTask.list': {},
    };
    for (const m of reading) {
      const p = { api: m.api.name, method: m.name, version: String(m.descriptor.versions[0]), ...(params[key(m)] ?? {}) };
      for (const way of Object.values(foreign())) {
        const { env } = await send(base, p, way);
        expect(env.error?.code, `${key(m)}`).not.to.equal(105);
        if (params[key(m)]) expect(env.success, `${key(m)}: ${JSON.stringify(env)}`).to.equal(true);
      }
    }
  });
});

describe('The same changing calls from our own site, scripts and session parameters (SPEC §19)', function () {
  this.timeout(60_000);
  let t: TestStation;
  let base: string;
  let adminSid: string;

  before(async () => {
    ({ t, base, adminSid } = await station());
  });
  after(() => t.close());

  // Four ways that must keep working, each on its own target (index i).
  const ways = (): Way[] => [
    // Our web interface: the browser says same-origin.
    { cookie: `PHPSESSID=${adminSid}`, headers: { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors', Origin: base } },
    // A browser on plain HTTP: no fetch metadata, our own Origin.
    { cookie: `PHPSESSID=${adminSid}`, headers: { Origin: base } },
    // A script with a cookie jar: neither header.
    { cookie: `id=${adminSid}` },
    // A session in a parameter: another site cannot know it, so cross-site is fine.
    { sid: adminSid, cookie: 'PHPSESSID=someone-elses', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } },
  ];
  const WAY_NAMES = ['same-origin', 'own Origin only', 'no fetch headers', '`_sid` cross-site'];

  const db = () => t.station.services.db;
  const root = () => t.station.services.config.photoRoot;
  const albumRow = (p: string) => db().prepare('SELECT id FROM albums WHERE path = ?').get(p);
  const itemRow = (a: string, n: string) => db().prepare('SELECT i.id FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = ? AND i.name = ?').get(a, n);

  const cases: { name: string; params: (i: number) => Params; upload?: (i: number) => string; check: (i: number) => void }[] = [
    {
      name: 'Album.delete',
      params: (i) => ({ api: 'SYNO.PhotoStation.Album', method: 'delete', version: '1', id: album(`Del${i}`) }),
      check: (i) => {
        expect(existsSync(path.join(root(), `Del${i}`))).to.equal(false);
        expect(albumRow(`Del${i}`)).to.equal(undefined);
      },
    },
    {
      name: 'Photo.delete',
      params: (i) => ({ api: 'SYNO.PhotoStation.Photo', method: 'delete', version: '1', id: photo('P', `p${i}.jpg`) }),
      check: (i) => {
        expect(existsSync(path.join(root(), 'P', `p${i}.jpg`))).to.equal(false);
        expect(itemRow('P', `p${i}.jpg`)).to.equal(undefined);
      },
    },
    {
      name: 'Batch.delete',
      params: (i) => ({ api: 'SYNO.PhotoStation.Batch', method: 'delete', version: '1', id: JSON.stringify([photo('B', `b${i}.jpg`)]) }),
      check: (i) => {
        expect(existsSync(path.join(root(), 'B', `b${i}.jpg`))).to.equal(false);
        expect(itemRow('B', `b${i}.jpg`)).to.equal(undefined);
      },
    },
    {
      name: 'Batch.move',
      params: (i) => ({ api: 'SYNO.PhotoStation.Batch', method: 'move', version: '1', operations: JSON.stringify([{ from: photo('M', `m${i}.jpg`), to: album('Dest') }]) }),
      check: (i) => {
        expect(existsSync(path.join(root(), 'M', `m${i}.jpg`))).to.equal(false);
        expect(existsSync(path.join(root(), 'Dest', `m${i}.jpg`))).to.equal(true);
        expect(itemRow('Dest', `m${i}.jpg`)).not.to.equal(undefined);
      },
    },
    {
      name: 'User.edit',
      params: (i) => ({ api: 'SYNO.PhotoStation.User', method: 'edit', version: '1', username: `u${i}`, is_admin: 'true' }),
      check: (i) => expect(db().prepare('SELECT is_admin FROM users WHERE username = ?').get(`u${i}`)).to.deep.equal({ is_admin: 1 }),
    },
    {
      name: 'Permission.edit',
      params: (i) => ({ api: 'SYNO.PhotoStation.Permission', method: 'edit', version: '1', id: album('Keep'), username: `u${i}`, browse: 'true' }),
      check: (i) =>
        expect(
          db()
            .prepare('SELECT r.browse FROM album_rights r JOIN users u ON u.id = r.user_id JOIN albums a ON a.id = r.album_id WHERE u.username = ? AND a.path = ?')
            .get(`u${i}`, 'Keep'),
        ).to.deep.equal({ browse: 1 }),
    },
    {
      name: 'Album.create',
      params: (i) => ({ api: 'SYNO.PhotoStation.Album', method: 'create', version: '1', name: `New${i}` }),
      check: (i) => {
        expect(existsSync(path.join(root(), `New${i}`))).to.equal(true);
        expect(albumRow(`New${i}`)).not.to.equal(undefined);
      },
    },
    {
      name: 'File.uploadphoto',
      params: () => ({ api: 'SYNO.PhotoStation.File', method: 'uploadphoto', version: '1', dest_folder_path: 'Dest' }),
      upload: (i) => `up${i}.jpg`,
      check: (i) => {
        expect(readFileSync(path.join(root(), 'Dest', `up${i}.jpg`)).equals(JPEG)).to.equal(true);
        expect(itemRow('Dest', `up${i}.jpg`)).not.to.equal(undefined);
      },
    },
  ];

  for (const c of cases) {
    it(`accepts ${c.name} ${WAY_NAMES.join(', ')}: it changes the disk and the index`, async () => {
      const all = ways();
      for (let i = 0; i < all.length; i++) {
        const way = all[i] as Way;
        const upload = c.upload ? { name: c.upload(i) } : undefined;
        const { env } = await send(base, c.params(i), way, upload);
        expect(env.success, `${c.name} ${WAY_NAMES[i]}: ${JSON.stringify(env)}`).to.equal(true);
        c.check(i);
      }
    });
  }

  it('accepts the session in X-SYNO-TOKEN, SynoToken or PHPSESSID parameter cross-site', async () => {
    const carriers: Way[] = [
      { headers: { 'X-SYNO-TOKEN': adminSid, 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } },
      { headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } },
      { headers: { 'Sec-Fetch-Site': 'same-site' } },
    ];
    const extra: Params[] = [{}, { SynoToken: adminSid }, { PHPSESSID: adminSid }];
    for (let i = 0; i < carriers.length; i++) {
      const { env } = await send(base, { api: 'SYNO.PhotoStation.Album', method: 'create', version: '1', name: `Carried${i}`, ...extra[i] }, carriers[i] as Way);
      expect(env.success, JSON.stringify(env)).to.equal(true);
      expect(existsSync(path.join(root(), `Carried${i}`))).to.equal(true);
    }
  });

  it('lets Sec-Fetch-Site: same-origin or none decide over an Origin a proxy left unmatched', async () => {
    // A TLS proxy not declared trusted: the browser's Origin is https, we see http. The browser's
    // own Sec-Fetch-Site, which no page can set, still says same-origin.
    const host = new URL(base).host;
    for (const [i, site] of ['same-origin', 'none'].entries()) {
      const { env } = await send(
        base,
        { api: 'SYNO.PhotoStation.Album', method: 'create', version: '1', name: `Proxied${i}` },
        { cookie: `PHPSESSID=${adminSid}`, headers: { 'Sec-Fetch-Site': site, Origin: `https://${host}` } },
      );
      expect(env.success, JSON.stringify(env)).to.equal(true);
    }
  });

  it('logs in and out from our own site', async () => {
    const { env, setCookie } = await send(
      base,
      { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username: 'u3', password: 'user-pw' },
      { headers: { 'Sec-Fetch-Site': 'same-origin', Origin: base } },
    );
    expect(env.success).to.equal(true);
    expect(setCookie[0]).to.match(/^PHPSESSID=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    const sid = env.data.sid as string;
    const out = await send(base, { api: 'SYNO.PhotoStation.Auth', method: 'logout', version: '1' }, { cookie: `PHPSESSID=${sid}`, headers: { 'Sec-Fetch-Site': 'same-origin' } });
    expect(out.env.success).to.equal(true);
    expect((await t.call('SYNO.PhotoStation.Auth', 'checkauth', {}, sid)).error?.code).to.equal(106);
  });
});

describe('The session cookie behind HTTPS (SPEC §19)', () => {
  it('is HttpOnly, SameSite=Lax and Secure when a trusted proxy says https', async () => {
    const t = await startStation({ trustProxy: true });
    try {
      const { base } = t;
      const { env, setCookie } = await send(
        base,
        { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username: 'admin', password: 'admin-pw' },
        { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'photos.example', Origin: 'https://photos.example', 'Sec-Fetch-Site': 'same-origin' } },
      );
      expect(env.success).to.equal(true);
      expect(setCookie[0])
        .to.match(/; HttpOnly/)
        .and.match(/; SameSite=Lax/)
        .and.match(/; Secure/);
      // Behind the proxy our origin is https://photos.example: a plain-HTTP browser's Origin check uses it.
      const sid = env.data.sid as string;
      const own = await send(
        base,
        { api: 'SYNO.PhotoStation.Album', method: 'create', version: '1', name: 'ViaProxy' },
        { cookie: `PHPSESSID=${sid}`, headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'photos.example', Origin: 'https://photos.example' } },
      );
      expect(own.env.success, JSON.stringify(own.env)).to.equal(true);
      const other = await send(
        base,
        { api: 'SYNO.PhotoStation.Album', method: 'create', version: '1', name: 'ViaProxy2' },
        { cookie: `PHPSESSID=${sid}`, headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'photos.example', Origin: 'https://photos.example' } },
      );
      expect(other.env).to.deep.equal({ success: false, error: { code: 105 } });
    } finally {
      await t.close();
    }
  });
});

describe('A method declared without `reads` (SPEC §19)', () => {
  it('is treated as changing: refused cross-site with the cookie before its handler runs, while a `reads: true` sibling answers', async () => {
    const t = await startStation();
    try {
      const sid = await t.login('admin', 'admin-pw');
      const ran: string[] = [];
      const method = (reads: boolean) => ({
        versions: [1],
        auth: 'user' as const,
        summary: 'Test only.',
        params: { type: 'object' as const, properties: {} },
        handler: () => void ran.push(reads ? 'look' : 'plain'),
        ...(reads ? { reads: true as const } : {}),
      });
      t.station.services.registry.register({
        name: 'SYNO.Test.Undeclared',
        path: 'undeclared.php',
        minVersion: 1,
        maxVersion: 1,
        badRequest: 101,
        summary: 'Test only.',
        methods: { plain: method(false), look: method(true) },
      });
      const way: Way = { cookie: `PHPSESSID=${sid}`, get: true, headers: { 'Sec-Fetch-Site': 'cross-site' } };
      const plain = await send(t.base, { api: 'SYNO.Test.Undeclared', method: 'plain', version: '1' }, way);
      expect(plain.env).to.deep.equal({ success: false, error: { code: 105 } });
      const look = await send(t.base, { api: 'SYNO.Test.Undeclared', method: 'look', version: '1' }, way);
      expect(look.env.success, JSON.stringify(look.env)).to.equal(true);
      expect(ran).to.deep.equal(['look']);
    } finally {
      await t.close();
    }
  });
});
