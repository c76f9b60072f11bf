import { expect } from 'chai';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { SECRET_FILE } from '../../src/auth/secret.ts';
import { albumIdOf as album, fixtures, itemIdOf as photo, startStation } from '../helpers/browse.ts';
import type { Envelope, TestStation } from '../helpers/browse.ts';

/**
 * SPEC §17: app tokens on the WebAPI — the three carriers, `X-token` renewal, abilities
 * intersected with the user's rights, revocation, and the attacks a token must survive.
 */

type Params = Record<string, string>;
const START = Date.UTC(2024, 0, 1, 12, 0, 0);

interface Sent {
  env: Envelope;
  xToken: string | null;
}

/** How the token travels. */
type Carrier = 'token' | 'bearer' | 'query' | 'body';

async function send(t: TestStation, params: Params, token: string | undefined, carrier: Carrier = 'token', headers: Record<string, string> = {}): Promise<Sent> {
  const all: Params = { version: '1', ...params };
  const h: Record<string, string> = { ...headers };
  if (token !== undefined && carrier === 'token') h.Authorization = `Token token="${token}"`;
  if (token !== undefined && carrier === 'bearer') h.Authorization = `Bearer ${token}`;
  if (token !== undefined && carrier === 'body') all.access_token = token;
  let res: Response;
  if (carrier === 'query' && token !== undefined) {
    res = await fetch(`${t.base}/photo/webapi/entry.cgi?${new URLSearchParams({ ...all, access_token: token })}`, { headers: h });
  } else {
    res = await fetch(`${t.base}/photo/webapi/entry.cgi`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...h },
      body: new URLSearchParams(all),
    });
  }
  return { env: (await res.json()) as Envelope, xToken: res.headers.get('x-token') };
}

const checkauth = { api: 'SYNO.PhotoStation.Auth', method: 'checkauth' };
const albumList = (p: string): Params => ({ api: 'SYNO.PhotoStation.Album', method: 'list', id: album(p), offset: '0', limit: '100' });
const albumCreate = (parent: string, name: string): Params => ({ api: 'SYNO.PhotoStation.Album', method: 'create', id: album(parent), name });
const albumDelete = (p: string): Params => ({ api: 'SYNO.PhotoStation.Album', method: 'delete', id: album(p) });

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A token's text with its payload replaced, the signature kept. */
function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

function layout(root: string): void {
  const put = (dir: string, names: string[]) => {
    mkdirSync(path.join(root, dir), { recursive: true });
    for (const n of names) copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(root, dir, n));
  };
  put('Family/2020', ['a.jpg', 'b.jpg']);
  put('Family/2021', ['c.jpg']);
  put('Work', ['w.jpg']);
}

describe('app tokens on the WebAPI', function () {
  // Each test starts a server of its own, which a busy machine makes slow.
  this.timeout(60_000);
  let t: TestStation;
  let time: number;
  let adminSid: string;
  let aliceSid: string;

  /** A token made through the API with a password session. */
  async function mint(sid: string, abilities: Record<string, string[]>, ttl = 3600): Promise<{ token: string; jti: string; exp: number }> {
    const res = await t.call('SYNO.PhotoStation.AppToken', 'create', { name: 'test', abilities: JSON.stringify(abilities), ttl }, sid);
    expect(res, JSON.stringify(res)).to.have.property('success', true);
    return res.data as { token: string; jti: string; exp: number };
  }

  beforeEach(async () => {
    time = START;
    t = await startStation({ now: () => time }, layout);
    await t.addUser('alice', 'alice-pw');
    t.grant('alice', 'Family', { browse: true, upload: true, manage: true });
    t.grant('alice', 'Work', { browse: true });
    adminSid = await t.login('admin', 'admin-pw');
    aliceSid = await t.login('alice', 'alice-pw');
  });
  afterEach(() => t.close());

  describe('the secret', () => {
    it('lives in the data folder, 32 bytes, readable by the owner only', () => {
      const file = path.join(t.dir, SECRET_FILE);
      const st = statSync(file);
      expect(st.size).to.equal(32);
      expect(st.mode & 0o777).to.equal(0o600);
    });
  });

  describe('carriers', () => {
    for (const carrier of ['token', 'bearer', 'query', 'body'] as const) {
      it(`authenticates a call with the token as ${carrier}, answering X-token`, async () => {
        const { token } = await mint(aliceSid, { '*': ['browse'] });
        const res = await send(t, checkauth, token, carrier);
        expect(res.env).to.have.property('success', true);
        expect(res.env.data.username).to.equal('alice');
        expect(res.xToken).to.be.a('string');
      });
    }

    it('answers no X-token to a session-authenticated call', async () => {
      const res = await send(t, { ...checkauth, _sid: aliceSid }, undefined);
      expect(res.env).to.have.property('success', true);
      expect(res.xToken).to.equal(null);
    });

    it('refuses an Authorization header of a token scheme it cannot read (106), not falling back on the session', async () => {
      const res = await send(t, { ...checkauth, _sid: aliceSid }, undefined, 'token', { Authorization: 'Bearer not a token' });
      expect(res.env.error?.code).to.equal(106);
    });
  });

  describe('X-token', () => {
    it('is the token renewed: same sub, jti and abilities, a new iat and a later exp', async () => {
      const made = await mint(aliceSid, { [album('Family')]: ['browse', 'upload'] });
      time += 5000;
      const res = await send(t, checkauth, made.token);
      const before = claims(made.token);
      const after = claims(res.xToken as string);
      expect(after.sub).to.equal(before.sub);
      expect(after.jti).to.equal(before.jti);
      expect(after.abilities).to.deep.equal(before.abilities);
      expect(after.iat).to.equal((before.iat as number) + 5);
      expect(after.exp).to.equal((before.exp as number) + 5);
      // The renewed token works, past the first one's expiry.
      time += 3600_000 - 2000;
      expect((await send(t, checkauth, made.token)).env.error?.code).to.equal(106);
      expect((await send(t, checkauth, res.xToken as string)).env).to.have.property('success', true);
    });

    it('comes with refusals of calls the token reached, too', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse'] });
      const res = await send(t, albumList('Work'), token);
      expect(res.env.error?.code).to.equal(417);
      expect(res.xToken).to.be.a('string');
    });
  });

  describe('abilities', () => {
    it('browse on one album: lists it, not another the user may browse (417), and hides it in the root', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse'] });
      expect((await send(t, albumList('Family'), token)).env).to.have.property('success', true);
      expect((await send(t, albumList('Family/2020'), token)).env).to.have.property('success', true);
      expect((await send(t, albumList('Work'), token)).env.error?.code).to.equal(417);
      const root = await send(t, albumList(''), token);
      expect(root.env.data.items.map((i: { id: string }) => i.id)).to.deep.equal([album('Family')]);
      // The session of the same user still sees both.
      const bySession = await send(t, { ...albumList(''), _sid: aliceSid }, undefined);
      expect(bySession.env.data.items.map((i: { id: string }) => i.id).sort()).to.deep.equal([album('Family'), album('Work')].sort());
    });

    it('browse only: creating (418) and deleting (419) are refused and change nothing', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse'] });
      expect((await send(t, albumCreate('Family', 'New'), token)).env.error?.code).to.equal(418);
      expect(existsSync(path.join(t.root, 'Family/New'))).to.equal(false);
      expect((await send(t, albumDelete('Family/2021'), token)).env.error?.code).to.equal(419);
      expect(existsSync(path.join(t.root, 'Family/2021/c.jpg'))).to.equal(true);
    });

    it('upload: creates an album inside its album only', async () => {
      const { token } = await mint(aliceSid, { [album('Family/2020')]: ['browse', 'upload'] });
      expect((await send(t, albumCreate('Family/2020', 'New'), token)).env).to.have.property('success', true);
      expect(existsSync(path.join(t.root, 'Family/2020/New'))).to.equal(true);
      expect((await send(t, albumCreate('Family', 'Other'), token)).env.error?.code).to.equal(418);
      expect(existsSync(path.join(t.root, 'Family/Other'))).to.equal(false);
    });

    it('manage: deletes inside its album; a photo elsewhere is refused (457)', async () => {
      const { token } = await mint(aliceSid, { [album('Family/2021')]: ['browse', 'manage'] });
      const del = await send(t, albumDelete('Family/2021'), token);
      expect(del.env, JSON.stringify(del.env)).to.have.property('success', true);
      expect(existsSync(path.join(t.root, 'Family/2021'))).to.equal(false);
      const refused = await send(t, { api: 'SYNO.PhotoStation.Photo', method: 'delete', id: photo('Family/2020', 'a.jpg') }, token);
      expect(refused.env.error?.code).to.equal(457);
      expect(existsSync(path.join(t.root, 'Family/2020/a.jpg'))).to.equal(true);
    });

    it('never grants more than the user has: `*` with every ability cannot create in an album the user may only browse', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse', 'upload', 'manage'] });
      expect((await send(t, albumCreate('Work', 'New'), token)).env.error?.code).to.equal(418);
      expect(existsSync(path.join(t.root, 'Work/New'))).to.equal(false);
      expect((await send(t, albumList('Work'), token)).env).to.have.property('success', true);
    });

    it("an administrator's token for one album is no administrator: the User API answers 105", async () => {
      const { token } = await mint(adminSid, { [album('Family')]: ['browse', 'upload', 'manage'] });
      expect((await send(t, { api: 'SYNO.PhotoStation.User', method: 'list' }, token)).env.error?.code).to.equal(105);
      expect((await send(t, albumList('Work'), token)).env.error?.code).to.equal(417);
      expect((await send(t, albumCreate('Family', 'ByAdmin'), token)).env).to.have.property('success', true);
    });

    it("an administrator's token with every ability on `*` is one", async () => {
      const { token } = await mint(adminSid, { '*': ['browse', 'upload', 'manage'] });
      expect((await send(t, { api: 'SYNO.PhotoStation.User', method: 'list' }, token)).env).to.have.property('success', true);
    });
  });

  describe('abilities in a background task', () => {
    /** Batch.move of Family/2020/a.jpg into Family/2021 as a task; answers the task's item statuses. */
    async function queuedMove(token: string): Promise<number[]> {
      const move = { api: 'SYNO.PhotoStation.Batch', method: 'move', [`move_operations[${photo('Family/2020', 'a.jpg')}]`]: album('Family/2021'), async: 'true' };
      const queued = await send(t, move, token);
      expect(queued.env, JSON.stringify(queued.env)).to.have.property('success', true);
      const taskid = queued.env.data.taskid as string;
      for (let i = 0; i < 500; i++) {
        const st = await send(t, { api: 'SYNO.PhotoStation.BackgroundTask', method: 'status', taskid, limit: '10' }, token);
        if (['done', 'failed', 'cancelled', 'rejected'].includes(st.env.data?.task?.status)) return st.env.data.items.map((it: { status: number }) => it.status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the task did not finish');
    }

    it("runs within the token's abilities: no upload on the destination, nothing moves", async () => {
      const { token } = await mint(aliceSid, { [album('Family/2020')]: ['browse', 'manage'] });
      expect(await queuedMove(token)).to.deep.equal([403]);
      expect(existsSync(path.join(t.root, 'Family/2020/a.jpg'))).to.equal(true);
      expect(existsSync(path.join(t.root, 'Family/2021/a.jpg'))).to.equal(false);
    });

    it('moves when the token allows both ends', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse', 'upload', 'manage'] });
      const [status] = await queuedMove(token);
      expect(status).to.be.oneOf([200, 204]);
      expect(existsSync(path.join(t.root, 'Family/2021/a.jpg'))).to.equal(true);
    });
  });

  describe('revocation', () => {
    it('refuses a revoked token at the next call (106), though its signature is valid', async () => {
      const { token, jti } = await mint(aliceSid, { '*': ['browse'] });
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
      const res = await t.call('SYNO.PhotoStation.AppToken', 'revoke', { jti }, aliceSid);
      expect(res).to.have.property('success', true);
      expect((await send(t, checkauth, token)).env.error?.code).to.equal(106);
      const listed = await t.call('SYNO.PhotoStation.AppToken', 'list', {}, aliceSid);
      expect(listed.data.tokens).to.have.length(1);
      expect(listed.data.tokens[0]).to.include({ jti, name: 'test', revoked: true });
    });

    it('refuses the renewed tokens of a revoked one too', async () => {
      const { token, jti } = await mint(aliceSid, { '*': ['browse'] });
      time += 2000;
      const renewed = (await send(t, checkauth, token)).xToken as string;
      t.station.services.appTokens.revoke(t.station.services.users.byName('alice')!, jti);
      expect((await send(t, checkauth, renewed)).env.error?.code).to.equal(106);
    });

    it('refuses a revocation written by another connection (the command line beside the server)', async () => {
      const { token, jti } = await mint(aliceSid, { '*': ['browse'] });
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
      const { default: Database } = await import('better-sqlite3');
      const other = new Database(path.join(t.dir, 'photostation.db'));
      other.prepare('UPDATE app_tokens SET revoked_at = 1 WHERE jti = ?').run(jti);
      other.close();
      expect((await send(t, checkauth, token)).env.error?.code).to.equal(106);
    });

    it('lets a token revoke itself, and no other token (105)', async () => {
      const one = await mint(aliceSid, { '*': ['browse'] });
      const two = await mint(aliceSid, { '*': ['browse'] });
      expect((await send(t, { api: 'SYNO.PhotoStation.AppToken', method: 'revoke', jti: two.jti }, one.token)).env.error?.code).to.equal(105);
      expect((await send(t, checkauth, two.token)).env).to.have.property('success', true);
      expect((await send(t, { api: 'SYNO.PhotoStation.AppToken', method: 'revoke', jti: one.jti }, one.token)).env).to.have.property('success', true);
      expect((await send(t, checkauth, one.token)).env.error?.code).to.equal(106);
    });
  });

  describe('attacks', () => {
    it('refuses `alg: none`', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse'] });
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const [, payload] = token.split('.');
      for (const forged of [`${header}.${payload}.`, `${header}.${payload}`]) {
        expect((await send(t, checkauth, forged)).env.error?.code).to.equal(106);
      }
    });

    it('refuses a wrong signature and a token signed with another secret', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse'] });
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      const flipped = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
      expect((await send(t, checkauth, flipped)).env.error?.code).to.equal(106);
      const c = claims(token);
      const other = await new SignJWT({ abilities: c.abilities })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(c.sub as string)
        .setJti(c.jti as string)
        .setIssuedAt(c.iat as number)
        .setExpirationTime(c.exp as number)
        .sign(new Uint8Array(32).fill(7));
      expect((await send(t, checkauth, other)).env.error?.code).to.equal(106);
    });

    it('refuses abilities widened by hand', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse'] });
      const widened = withPayload(token, { ...claims(token), abilities: { '*': ['browse', 'upload', 'manage'] } });
      expect((await send(t, albumList('Work'), widened)).env.error?.code).to.equal(106);
      const other = withPayload(token, { ...claims(token), sub: '1' });
      expect((await send(t, checkauth, other)).env.error?.code).to.equal(106);
    });

    it('refuses an expired token', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse'] }, 60);
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
      time += 61_000;
      expect((await send(t, checkauth, token)).env.error?.code).to.equal(106);
    });

    it('refuses the token of a disabled, then of a deleted user', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse'] });
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
      await t.station.services.users.edit('alice', { disabled: true });
      expect((await send(t, checkauth, token)).env.error?.code).to.equal(106);
      await t.station.services.users.edit('alice', { disabled: false });
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
      t.station.services.users.delete('alice');
      expect((await send(t, checkauth, token)).env.error?.code).to.equal(106);
    });

    it('refuses garbage in every carrier', async () => {
      for (const carrier of ['token', 'bearer', 'query', 'body'] as const) {
        for (const junk of ['x', 'a.b.c', 'e30.e30.', 'x'.repeat(9000)]) {
          expect((await send(t, checkauth, junk, carrier)).env.error?.code, `${carrier} ${junk.slice(0, 10)}`).to.equal(106);
        }
      }
    });
  });

  describe('SYNO.PhotoStation.AppToken', () => {
    it('creates with form bracket keys and comma lists, and lists without the token itself', async () => {
      const res = await t.call('SYNO.PhotoStation.AppToken', 'create', { name: 'form', [`abilities[${album('Family')}]`]: 'browse,upload', ttl: 600 }, aliceSid);
      expect(res, JSON.stringify(res)).to.have.property('success', true);
      expect(res.data.exp).to.equal(START / 1000 + 600);
      expect(claims(res.data.token).abilities).to.deep.equal({ [album('Family')]: ['browse', 'upload'] });
      const listed = await t.call('SYNO.PhotoStation.AppToken', 'list', {}, aliceSid);
      expect(listed.data.tokens).to.deep.equal([
        { jti: res.data.jti, name: 'form', abilities: { [album('Family')]: ['browse', 'upload'] }, created: START / 1000, exp: START / 1000 + 600, revoked: false },
      ]);
      expect(JSON.stringify(listed)).not.to.contain(res.data.token);
    });

    it('refuses bad abilities, names and ttls with 101 and stores nothing', async () => {
      const bad: Params[] = [
        { name: 'x', abilities: '{}' },
        { name: 'x', abilities: '{"*":["fly"]}' },
        { name: 'x', abilities: '{"album_2e2e":["browse"]}' },
        { name: 'x', abilities: '{"/etc":["browse"]}' },
        { name: 'x', abilities: '[]' },
        { name: 'x', abilities: '{"*":["browse"]}', ttl: '10' },
        { name: 'x', abilities: '{"*":["browse"]}', ttl: 'forever' },
        { name: 'x\u0001', abilities: '{"*":["browse"]}' },
      ];
      for (const params of bad) {
        const res = await t.call('SYNO.PhotoStation.AppToken', 'create', params, aliceSid);
        expect(res.error?.code, JSON.stringify(params)).to.equal(101);
      }
      expect((await t.call('SYNO.PhotoStation.AppToken', 'list', {}, aliceSid)).data.tokens).to.deep.equal([]);
    });

    it('lets no token create a token (105)', async () => {
      const { token } = await mint(aliceSid, { '*': ['browse', 'upload', 'manage'] });
      const res = await send(t, { api: 'SYNO.PhotoStation.AppToken', method: 'create', name: 'child', abilities: '{"*":["browse"]}' }, token);
      expect(res.env.error?.code).to.equal(105);
      expect((await t.call('SYNO.PhotoStation.AppToken', 'list', {}, aliceSid)).data.tokens).to.have.length(1);
    });

    it("lets no one revoke another user's token (101: not found)", async () => {
      const { token, jti } = await mint(aliceSid, { '*': ['browse'] });
      expect((await t.call('SYNO.PhotoStation.AppToken', 'revoke', { jti }, adminSid)).error?.code).to.equal(101);
      expect((await send(t, checkauth, token)).env).to.have.property('success', true);
    });
  });

  describe('from another site', () => {
    it('accepts a token-authenticated changing call a browser marks cross-site; refuses the same by cookie', async () => {
      const { token } = await mint(aliceSid, { [album('Family')]: ['browse', 'upload'] });
      const cross = { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' };
      expect((await send(t, albumCreate('Family', 'ByToken'), token, 'token', cross)).env).to.have.property('success', true);
      const byCookie = await send(t, albumCreate('Family', 'ByCookie'), undefined, 'token', { ...cross, Cookie: `PHPSESSID=${aliceSid}` });
      expect(byCookie.env.error?.code).to.equal(105);
      expect(existsSync(path.join(t.root, 'Family/ByToken'))).to.equal(true);
      expect(existsSync(path.join(t.root, 'Family/ByCookie'))).to.equal(false);
    });
  });
});
