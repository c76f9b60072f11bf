import { expect } from 'chai';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/**
 * Photo.list for a user who is not an administrator is limited to the albums they may browse.
 * That set is made once per user and index generation (Visibility.browsableScope) and names the
 * query in the caches by a short key, not by its JSON: at a million photos (10 000 albums) the
 * JSON, copied into a key and hashed per request, was most of a request's cost
 * (docs/performance.md, "A million photos"). Two users with different sets must still never
 * share a list.
 */
describe('the browsable album set of Photo.list', function () {
  this.timeout(60_000);
  const ALBUMS = 3000;
  let f: OpsFixture;
  let alice: string;
  let bob: string;

  before(async () => {
    f = await OpsFixture.start();
    // One photo in each of ALBUMS albums under Many/, and two more albums.
    f.bulk('Many', ALBUMS, ALBUMS);
    f.bulk('Alice', 5, 1);
    f.bulk('Bob', 7, 1);
    alice = await f.user('alice', { Many: { browse: true }, Alice: { browse: true } });
    bob = await f.user('bob', { Many: { browse: true }, Bob: { browse: true } });
  });
  after(() => f.stop());

  const total = async (sid: string) => {
    const r = await f.call('SYNO.PhotoStation.Photo', 'list', { type: 'photo', offset: '0', limit: '1' }, sid);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data.total as number;
  };

  it("answers each user their own albums' items, one after the other, however often asked", async () => {
    for (let i = 0; i < 3; i++) {
      expect(await total(alice)).to.equal(ALBUMS + 5);
      expect(await total(bob)).to.equal(ALBUMS + 7);
    }
    expect(await total(f.adminSid)).to.equal(ALBUMS + 12);
  });

  it('keeps one set per user while nothing changes, and makes it again after a grant', async () => {
    const { visibility, albums } = f.lib;
    const user = f.station.services.users.byName('alice')!;
    const first = visibility.browsableScope(user);
    expect(visibility.browsableScope(user)).to.equal(first, 'the same object while the index is unchanged');
    if (first === 'all') throw new Error('alice is not an administrator');
    expect(first.ids.length).to.equal(ALBUMS + 2, 'Many, its albums, and Alice');
    f.lib.rights.grant(albums.byPath('Bob')!, user.id, { browse: true, upload: false, manage: false });
    const after = visibility.browsableScope(user);
    expect(after).to.not.equal(first);
    if (after === 'all') throw new Error('alice is not an administrator');
    expect(after.key).to.not.equal(first.key);
    expect(await total(alice)).to.equal(ALBUMS + 12, 'the grant shows in the next list');
  });

  it('names the query by a key that does not grow with the albums', async () => {
    const user = f.station.services.users.byName('bob')!;
    const scope = f.lib.visibility.browsableScope(user);
    if (scope === 'all') throw new Error('bob is not an administrator');
    expect(scope.json.length).to.be.greaterThan(ALBUMS * 4, 'the set itself is large');
    const { key, ids } = await f.lib.photoQueries.match({ kinds: ['photo'], albums: scope, sort: { by: 'takendate', desc: false } });
    expect(ids.length).to.equal(ALBUMS + 7);
    expect(key.length).to.be.lessThan(500);
  });
});
