import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import type { RestRoute } from '../../src/rest/declare.ts';
import { restRoutes } from '../../src/rest/routes.ts';
import { photo } from '../helpers/batch.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { form, rest } from '../helpers/rest.ts';

/**
 * SPEC §19 for the REST routes of SPEC §17, generated from the route list: they take app tokens
 * and also a WebAPI session (`_sid`/`sid`, `X-SYNO-TOKEN`, or the `PHPSESSID` cookie), so they
 * are not token-only. A route that is not a GET changes things: with the cookie from another
 * site it is refused (401) before it runs. GET routes read and stay open.
 */

const EVIL = 'https://evil.example';

/** Valid requests that, without the guard, would move or delete something. */
function request(route: RestRoute): { path: string; body?: string; json?: unknown } {
  const p = route.path.replace('{space}', '-').replace('{library}', 'main').replace('{taskId}', '1');
  const bodies: Record<string, { body?: string; json?: unknown; query?: string }> = {
    moveImages: { body: form([[`move_operations[${photo('S', 'a.jpg')}]`, albumId('D')]]) },
    deleteImages: { body: form([['image_ids[]', photo('S', 'a.jpg')]]) },
    bulkMoveAssets: { json: { parent: albumId('D'), selection: [photo('S', 'a.jpg')] } },
    batchMove: { json: [{ from: 'S/a.jpg', to: 'D/a.jpg' }], query: '?move' },
  };
  const b = bodies[route.id] ?? {};
  return { path: p + (b.query ?? ''), ...(b.body !== undefined ? { body: b.body } : {}), ...(b.json !== undefined ? { json: b.json } : {}) };
}

describe('REST routes from another site with the session cookie (SPEC §19)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  const disk = () => JSON.stringify(['S', 'D'].map((a) => readdirSync(path.join(f.photoRoot, a)).sort()));
  const rows = () => f.station.services.db.prepare('SELECT count(*) AS n FROM items').get();

  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('S', 'a.jpg');
    f.album('D');
  });
  afterEach(() => f.stop());

  it('has changing routes to check (the list is not empty)', () => {
    expect(
      restRoutes()
        .filter((r) => r.method !== 'get')
        .map((r) => r.id),
    ).to.include.members(['moveImages', 'deleteImages', 'bulkMoveAssets', 'batchMove']);
  });

  for (const route of restRoutes().filter((r) => r.method !== 'get')) {
    it(`refuses ${route.method.toUpperCase()} ${route.path} (${route.id}) with 401, and nothing moves`, async () => {
      const before = [disk(), rows()];
      const req = request(route);
      for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { Origin: EVIL }, { 'Sec-Fetch-Site': 'same-site' }] as Record<string, string>[]) {
        const r = await rest(f, route.method.toUpperCase(), req.path, { ...req, headers: { Cookie: `PHPSESSID=${f.adminSid}`, ...headers } });
        expect(r.status, `${route.id} ${JSON.stringify(headers)}: ${JSON.stringify(r.body)}`).to.equal(401);
      }
      // Let a queued job (had one been queued) run before looking.
      await new Promise((r) => setTimeout(r, 200));
      expect([disk(), rows()]).to.deep.equal(before);
    });

    it(`accepts ${route.id} from another site with the session in \`_sid\` (another site cannot know it)`, async () => {
      const req = request(route);
      const sep = req.path.includes('?') ? '&' : '?';
      const r = await rest(f, route.method.toUpperCase(), `${req.path}${sep}_sid=${f.adminSid}`, { ...req, headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } });
      expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 202]);
    });
  }

  for (const route of restRoutes().filter((r) => r.method === 'get')) {
    it(`answers GET ${route.path} (${route.id}) from another site with the cookie: reading is not refused`, async () => {
      const r = await rest(f, 'GET', request(route).path, { headers: { Cookie: `PHPSESSID=${f.adminSid}`, 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } });
      expect(r.status).not.to.equal(401);
    });
  }
});
