import { expect } from 'chai';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const GROUP = 'SYNO.PhotoStation.Group';
const PERMISSION = 'SYNO.PhotoStation.Permission';
const ALBUM = 'SYNO.PhotoStation.Album';
const PHOTO = 'SYNO.PhotoStation.Photo';

describe('SYNO.PhotoStation.Group and group rights', () => {
  let f: OpsFixture;
  let bob: string;
  let family: string;
  const groupRows = () => f.lib.db.prepare('SELECT name FROM groups ORDER BY name').pluck().all();
  const photoNames = async (sid: string) => ((await f.call(PHOTO, 'list', { offset: '0', limit: '-1' }, sid)).data.items as { info: { name: string } }[]).map((i) => i.info.name);
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('Priv/Sub', 'p.jpg');
    f.photo('Other', 'o.jpg');
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE depth = 1").run();
    bob = await f.user('bob', {});
    family = (await f.call(GROUP, 'create', { name: 'Family', description: 'the family' })).data.id;
  });
  afterEach(() => f.stop());

  it('creates, lists, gets, edits and deletes groups', async () => {
    expect(family).to.match(/^group_\d+$/);
    await f.call(GROUP, 'create', { name: 'Friends' });
    expect((await f.call(GROUP, 'list', { limit: '1', offset: '0' })).data).to.deep.equal({
      total: 2,
      offset: 1,
      groups: [{ id: family, name: 'Family', description: 'the family' }],
    });
    await f.call(GROUP, 'editmember', { id: family, add: 'bob,admin' });
    await f.call(GROUP, 'editmember', { id: family, remove: 'admin' });
    await f.call(GROUP, 'edit', { id: family, name: 'Kin' });
    expect((await f.call(GROUP, 'get', { id: family })).data).to.deep.equal({ id: family, name: 'Kin', description: 'the family', members: ['bob'] });
    await f.call(GROUP, 'delete', { id: family });
    expect(groupRows()).to.deep.equal(['Friends']);
  });

  it('gives its members the rights granted to it, here and below, and takes them back', async () => {
    expect((await f.call(ALBUM, 'list', { id: albumId('Priv/Sub'), offset: '0', limit: '10' }, bob)).error?.code).to.equal(417);
    await f.call(GROUP, 'editmember', { id: family, add: 'bob' });
    const r = await f.call(PERMISSION, 'editgroup', { group_id: family, id: albumId('Priv'), browse: 'true' });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    expect((await f.call(ALBUM, 'list', { id: albumId('Priv/Sub'), offset: '0', limit: '10' }, bob)).data.total).to.equal(1);
    expect(await photoNames(bob)).to.deep.equal(['p.jpg']);
    // Browse only: no upload, no manage.
    expect((await f.call(ALBUM, 'create', { id: albumId('Priv'), name: 'New' }, bob)).error?.code).to.equal(418);
    await f.call(GROUP, 'editmember', { id: family, remove: 'bob' });
    expect((await f.call(ALBUM, 'list', { id: albumId('Priv/Sub'), offset: '0', limit: '10' }, bob)).error?.code).to.equal(417);
    expect(await photoNames(bob)).to.deep.equal([]);
  });

  it('Permission.getalbum reports users and groups; editalbum sets either', async () => {
    await f.call(GROUP, 'editmember', { id: family, add: 'bob' });
    expect((await f.call(PERMISSION, 'editalbum', { id: albumId('Priv'), group_id: family, upload: 'true' })).success).to.equal(true);
    expect((await f.call(PERMISSION, 'editalbum', { id: albumId('Other'), username: 'bob', browse: 'true' })).success).to.equal(true);
    const priv = (await f.call(PERMISSION, 'getalbum', { id: albumId('Priv') })).data;
    expect(priv.groups).to.deep.equal([{ id: family, name: 'Family', browse: false, upload: true, manage: false }]);
    expect(priv.users.find((u: { username: string }) => u.username === 'bob')).to.deep.include({ upload: true, browse: false, inherited: true });
    const other = (await f.call(PERMISSION, 'getalbum', { id: albumId('Other') })).data;
    expect(other.users.find((u: { username: string }) => u.username === 'bob')).to.deep.include({ browse: true, inherited: false });
    expect((await f.call(ALBUM, 'create', { id: albumId('Priv'), name: 'Up' }, bob)).success).to.equal(true);
  });

  it('refuses non-administrators (105, 427) and bad input (101, 426), changing nothing', async () => {
    expect((await f.call(GROUP, 'create', { name: 'X' }, bob)).error?.code).to.equal(105);
    expect((await f.call(GROUP, 'list', {}, bob)).error?.code).to.equal(105);
    expect((await f.call(PERMISSION, 'editgroup', { group_id: family, id: albumId('Priv'), browse: 'true' }, bob)).error?.code).to.equal(427);
    expect((await f.call(PERMISSION, 'getalbum', { id: albumId('Priv') }, bob)).error?.code).to.equal(427);
    expect((await f.call(GROUP, 'create', { name: 'family' })).error?.code).to.equal(101);
    expect((await f.call(GROUP, 'editmember', { id: family, add: 'bob,nobody' })).error?.code).to.equal(101);
    expect((await f.call(GROUP, 'get', { id: 'group_999' })).error?.code).to.equal(101);
    expect((await f.call(PERMISSION, 'editgroup', { group_id: 'group_999', id: albumId('Priv'), browse: 'true' })).error?.code).to.equal(426);
    expect((await f.call(PERMISSION, 'editgroup', { group_id: family, id: `${albumId('Priv')},${albumId('Nope')}`, browse: 'true' })).error?.code).to.equal(426);
    expect((await f.call(PERMISSION, 'editalbum', { id: albumId('Priv'), username: 'bob', group_id: family, browse: 'true' })).error?.code).to.equal(426);
    expect(groupRows()).to.deep.equal(['Family']);
    expect(f.lib.db.prepare('SELECT count(*) FROM group_members').pluck().get()).to.equal(0);
    expect(f.lib.db.prepare('SELECT count(*) FROM group_rights').pluck().get()).to.equal(0);
    expect(f.lib.db.prepare('SELECT count(*) FROM album_rights').pluck().get()).to.equal(0);
  });
});
