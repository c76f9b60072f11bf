import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { apiDocsPath, renderApiDocs } from '../../scripts/gen-api-docs.ts';
import { Code } from '../../src/webapi/codes.ts';
import { loadRegistry } from '../../src/webapi/registry.ts';

describe('docs/api.md', () => {
  it('is what `npm run docs:api` generates from the descriptors today', async () => {
    const fresh = renderApiDocs((await loadRegistry()).descriptors());
    // A failure here means a descriptor changed: run `npm run docs:api` and commit docs/api.md.
    expect(readFileSync(apiDocsPath, 'utf8') === fresh, 'docs/api.md is out of date: run npm run docs:api').to.equal(true);
  });

  it('has one heading per API and per method', async () => {
    const descriptors = (await loadRegistry()).descriptors();
    const headings = renderApiDocs(descriptors)
      .split('\n')
      .filter((l) => /^#{2,3} /.test(l));
    const wanted = descriptors.flatMap((d) => [`## ${d.name}`, ...Object.keys(d.methods).map((m) => `### ${m}`)]);
    expect(headings).to.deep.equal([...wanted, '## Error codes']);
  });

  it('lists every code with its wire name', () => {
    const text = readFileSync(apiDocsPath, 'utf8');
    for (const code of Object.values(Code)) expect(text).to.match(new RegExp(`^\\| ${code} \\| \`[A-Z_]+`, 'm'));
    expect(text).to.contain('| 107 | `WEBAPI_ERR_SESSION_INTERRUPT` |');
  });
});
