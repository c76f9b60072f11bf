import { expect } from 'chai';
import { ADMIN_PASSWORD, ENTRY, startServer, userApi } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { echo, registerEcho } from '../helpers/echo.ts';

/** Parameter encodings of SPEC §2, over real HTTP. */
describe('parameter encodings', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    registerEcho(s.station.services.registry);
  });
  after(() => s.close());

  const form = (body: string, query = '') => s.request(`${ENTRY}${query}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const json = (body: unknown) => s.request(ENTRY, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  describe('where the parameters come from', () => {
    it('reads them from the query string of a GET', async () => {
      const res = await s.call(echo({ text: 'hi', n: 7 }), { as: 'query' });
      expect(res.body).to.deep.equal({ success: true, data: { text: 'hi', n: 7 } });
    });

    it('reads them from an urlencoded form', async () => {
      const res = await form('api=SYNO.Test.Echo&method=echo&version=1&text=h%C3%A9&flag=true');
      expect(res.body.data).to.deep.equal({ text: 'hé', flag: true });
    });

    it('reads api, method, version and fields from multipart text fields', async () => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(echo({ text: 'multi', n: 3 }))) fd.append(k, String(v));
      const res = await s.request(ENTRY, { method: 'POST', body: fd });
      expect(res.body).to.deep.equal({ success: true, data: { text: 'multi', n: 3 } });
    });

    it('reads a JSON object body, version as a number', async () => {
      const res = await json({ api: 'SYNO.Test.Echo', method: 'echo', version: 1, n: 5, flag: false, ids: ['a', 'b'], ops: { k: 'v' } });
      expect(res.body.data).to.deep.equal({ n: 5, flag: false, ids: ['a', 'b'], ops: { k: 'v' } });
    });

    it('reads a JSON object body with version as a string', async () => {
      const res = await json({ api: 'SYNO.Test.Echo', method: 'echo', version: '1', text: 'j' });
      expect(res.body.data).to.deep.equal({ text: 'j' });
    });

    it('merges the query string with the body', async () => {
      const res = await form('method=echo&version=1&text=b', '?api=SYNO.Test.Echo&n=2');
      expect(res.body.data).to.deep.equal({ text: 'b', n: 2 });
    });

    it('lets the body win on a clash', async () => {
      const res = await form('api=SYNO.Test.Echo&method=echo&version=1&text=from-body', '?text=from-query&version=9');
      expect(res.body).to.deep.equal({ success: true, data: { text: 'from-body' } });
    });

    it('lets a JSON body win on a clash', async () => {
      const res = await s.request(`${ENTRY}?text=from-query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ api: 'SYNO.Test.Echo', method: 'echo', version: 1, text: 'from-json' }),
      });
      expect(res.body.data).to.deep.equal({ text: 'from-json' });
    });

    it('ignores parameters the method does not declare', async () => {
      const res = await s.call(echo({ text: 'x', ps_username: 'admin', recursive: 'true', force_update: 1 }));
      expect(res.body.data).to.deep.equal({ text: 'x' });
    });
  });

  describe('list parameters', () => {
    it('accept repeated bracket keys', async () => {
      const res = await form('api=SYNO.Test.Echo&method=echo&version=1&ids[]=a&ids[]=b&ids[]=c');
      expect(res.body.data).to.deep.equal({ ids: ['a', 'b', 'c'] });
    });

    it('accept percent-encoded bracket keys', async () => {
      const res = await form('api=SYNO.Test.Echo&method=echo&version=1&ids%5B%5D=a&ids%5B%5D=b');
      expect(res.body.data).to.deep.equal({ ids: ['a', 'b'] });
    });

    it('accept a JSON array string', async () => {
      const res = await s.call(echo({ ids: '["x,1","y"]' }));
      expect(res.body.data).to.deep.equal({ ids: ['x,1', 'y'] });
    });

    it('accept a comma-separated string', async () => {
      const res = await s.call(echo({ ids: 'album_61,album_62' }));
      expect(res.body.data).to.deep.equal({ ids: ['album_61', 'album_62'] });
    });

    it('decode integer items and refuse a non-integer item with 101', async () => {
      expect((await s.call(echo({ nums: '1,2,3' }))).body.data).to.deep.equal({ nums: [1, 2, 3] });
      expect((await s.call(echo({ nums: '1,x' }))).body).to.deep.equal({ success: false, error: { code: 101 } });
    });
  });

  describe('map parameters', () => {
    it('accept bracket keys', async () => {
      const res = await form('api=SYNO.Test.Echo&method=echo&version=1&ops[photo_1]=album_2&ops[photo_3]=album_4');
      expect(res.body.data).to.deep.equal({ ops: { photo_1: 'album_2', photo_3: 'album_4' } });
    });

    it('accept a JSON object string', async () => {
      const res = await s.call(echo({ ops: '{"a":"b"}' }));
      expect(res.body.data).to.deep.equal({ ops: { a: 'b' } });
    });

    it('refuse a plain string with 101', async () => {
      const res = await s.call(echo({ ops: 'a=b' }));
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });
  });

  describe('string parameters', () => {
    it('unquote a JSON-quoted string', async () => {
      const res = await s.call(echo({ text: '"abc"' }));
      expect(res.body.data).to.deep.equal({ text: 'abc' });
    });

    it('let a JSON-quoted username log in', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, username: '"admin"', password: ADMIN_PASSWORD });
      expect(res.body.success).to.equal(true);
      expect(res.body.data.username).to.equal('admin');
    });
  });

  describe('integer parameters', () => {
    for (const bad of ['1.5', 'abc', '', '1e3', '0x10']) {
      it(`refuse \`${bad}\` with 101`, async () => {
        const res = await s.call(echo({ n: bad }));
        expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
      });
    }

    it('accept a negative integer', async () => {
      expect((await s.call(echo({ n: '-1' }))).body.data).to.deep.equal({ n: -1 });
    });
  });

  describe('boolean parameters', () => {
    for (const [wire, value] of [
      ['true', true],
      ['false', false],
      ['1', true],
      ['0', false],
      ['yes', true],
      ['no', false],
      ['on', true],
      ['off', false],
      ['TRUE', true],
    ] as const) {
      it(`read \`${wire}\` as ${value}`, async () => {
        expect((await s.call(echo({ flag: wire }))).body.data).to.deep.equal({ flag: value });
      });
    }

    it('refuse `maybe` with 101', async () => {
      expect((await s.call(echo({ flag: 'maybe' }))).body.error.code).to.equal(101);
    });

    describe('through User.create is_admin', () => {
      let sid: string;
      before(async () => {
        sid = await s.login('admin', ADMIN_PASSWORD);
      });

      for (const [wire, value, name] of [
        ['yes', true, 'u-yes'],
        ['off', false, 'u-off'],
        ['1', true, 'u-one'],
        ['no', false, 'u-no'],
      ] as const) {
        it(`creates ${name} with is_admin=${wire} as ${value ? 'an administrator' : 'a plain user'}`, async () => {
          const res = await s.call(userApi('create', { _sid: sid, username: name, password: 'pw', is_admin: wire }));
          expect(res.body.data.is_admin).to.equal(value);
          expect(s.station.services.users.byName(name)?.isAdmin).to.equal(value);
        });
      }
    });
  });
});
