import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { restRoutes } from '../../src/rest/routes.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { rest } from '../helpers/rest.ts';

describe('/api/openapi.json (SPEC §17)', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  before(async () => {
    f = await OpsFixture.start();
  });
  after(async () => {
    await f.stop();
  });

  it('is a valid OpenAPI 3.1 document, served without authentication', async () => {
    const r = await rest(f, 'GET', '/api/openapi.json');
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(r.body.openapi).to.equal('3.1.0');
    const result = await new Validator().validate(r.body);
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    expect(result.valid).to.equal(true);
  });

  it('describes exactly the routes the router serves, from the same declarations', async () => {
    const r = await rest(f, 'GET', '/api/openapi.json');
    const described = Object.entries(r.body.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(described.sort()).to.deep.equal(
      restRoutes()
        .map((x) => `${x.method} ${x.path}`)
        .sort(),
    );
    // Each described route is served: without a token it answers 401, never 404 or 405.
    for (const route of restRoutes()) {
      const concrete = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'space' ? '-' : name === 'library' ? 'main' : 'x'));
      const answer = await rest(f, route.method.toUpperCase(), concrete);
      expect(answer.status, `${route.method} ${concrete}`).to.equal(401);
    }
  });

  it('refuses a document that breaks the 3.1 schema (the validator can fail)', async () => {
    const result = await new Validator().validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { nope: {} } });
    expect(result.valid).to.equal(false);
  });
});
