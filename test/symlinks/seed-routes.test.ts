import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { eachLinkedLibrary } from '../helpers/outside.ts';
import type { LinkedLibrary } from '../helpers/outside.ts';
import { form, rest, token, tokenHeader } from '../helpers/rest.ts';

const pid = (album: string, name: string) => itemId(album, name, 'photo');

/**
 * The REST routes of SPEC §17 against a photo root with links leading out of it (and T swapped
 * for a link after the scan: the time-of-check case). `eachLinkedLibrary` ends every test by
 * checking that the sandbox outside is untouched and none of its files came in.
 */
describe('Symlinks: the seed routes never act through a link', () => {
  const linked = eachLinkedLibrary(true);
  let t: LinkedLibrary;
  let tok: string;
  beforeEach(async () => {
    t = linked.current();
    tok = await token(t.f);
  });

  it('seed 004 refuses paths through a linked folder, a link as a middle component, a linked file, and an album swapped for a link (403)', async () => {
    const cases = [
      { from: 'Evil/o1.jpg', to: 'Dest/o1.jpg' },
      { from: 'A/link/o1.jpg', to: 'Dest/o1.jpg' },
      { from: 'A/evil.jpg', to: 'Dest/evil.jpg' },
      { from: 'A/a.jpg', to: 'Evil/a.jpg' },
      { from: 'A/a.jpg', to: 'A/link/a.jpg' },
      { from: 'T/t.jpg', to: 'Dest/t.jpg' },
      { from: 'T', to: 'Dest/T' },
      { from: 'Evil', to: 'Dest/Evil' },
    ];
    for (const op of cases) {
      const r = await rest(t.f, 'POST', `/api/v1/batch/main/-?move&access_token=${tok}`, { json: [op] });
      expect(r.status, JSON.stringify(op)).to.equal(403);
    }
    expect(t.f.exists('A/a.jpg')).to.equal(true);
  });

  it('seeds 000 and 003 move and delete nothing through a link: linked ids are simply not done', async () => {
    const moved = await rest(t.f, 'POST', '/api/v1/images/move', {
      headers: tokenHeader(tok),
      body: form([
        [`move_operations[${pid('Evil', 'o1.jpg')}]`, albumId('Dest')],
        [`move_operations[${pid('A/link', 'o1.jpg')}]`, albumId('Dest')],
        [`move_operations[${pid('A', 'evil.jpg')}]`, albumId('Dest')],
        [`move_operations[${pid('T', 't.jpg')}]`, albumId('Dest')],
        [`move_operations[${pid('A', 'a.jpg')}]`, albumId('Evil')],
      ]),
    });
    expect([moved.status, moved.body]).to.deep.equal([200, []]);
    const deleted = await rest(t.f, 'DELETE', '/api/v1/images', {
      headers: tokenHeader(tok),
      body: form([pid('Evil', 'o1.jpg'), pid('A', 'evil.jpg'), pid('T/Inner', 'i.jpg')].map((id) => ['image_ids[]', id])),
    });
    expect([deleted.status, deleted.body]).to.deep.equal([200, []]);
    expect(t.f.exists('A/a.jpg')).to.equal(true);
  });

  it('seed 002 refuses a selection of linked albums (1006) and moves nothing out of a swapped album', async () => {
    const bad = await rest(t.f, 'POST', '/api/p/-/assets/bulk/move', {
      headers: { Authorization: `Bearer ${tok}` },
      json: { parent: albumId('Dest'), selection: [{ children: albumId('Evil') }] },
    });
    expect([bad.status, bad.body.error?.code]).to.deep.equal([400, 1006]);
    const r = await rest(t.f, 'POST', '/api/p/-/assets/bulk/move', {
      headers: { Authorization: `Bearer ${tok}` },
      json: { parent: albumId('Dest'), selection: [{ children: albumId('T'), recursive: true }] },
    });
    expect(r.status).to.equal(200);
    await t.f.station.services.tasks.runner.idle();
    expect(t.f.exists('Dest/t.jpg') || t.f.exists('Dest/i.jpg') || t.f.exists('Dest/twin-only.jpg')).to.equal(false);
  });
});
