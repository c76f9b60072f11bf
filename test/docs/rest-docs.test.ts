import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { renderRestDocs, restDocsPath } from '../../scripts/gen-rest-docs.ts';
import { restRoutes } from '../../src/rest/routes.ts';

describe('docs/rest.md', () => {
  it('is what `npm run docs:rest` generates from the route declarations today', () => {
    // A failure here means a route declaration changed: run `npm run docs:rest` and commit docs/rest.md.
    expect(readFileSync(restDocsPath, 'utf8') === renderRestDocs(), 'docs/rest.md is out of date: run npm run docs:rest').to.equal(true);
  });

  it('has one heading per route', () => {
    const headings = renderRestDocs()
      .split('\n')
      .filter((l) => /^## (GET|POST|DELETE) /.test(l));
    expect(headings).to.deep.equal(restRoutes().map((r) => `## ${r.method.toUpperCase()} ${r.path}`));
  });
});
