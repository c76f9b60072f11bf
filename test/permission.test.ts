import { expect } from 'chai';
import { albumId } from '../src/library/ids.ts';
import { ADMIN_PASSWORD, call, login, makeAlbum, startServer } from './helpers/upload.ts';
import type { Envelope, TestServer } from './helpers/upload.ts';

const PERMISSION = { api: 'SYNO.PhotoStation.Permission', version: '1' };

describe('SYNO.PhotoStation.Permission', () => {
  let srv: TestServer;
  let admin: string;
  let alice: string;
  let bob: string;

  const list = (id: string, sid = admin) => call(srv.base, { ...PERMISSION, method: 'list', id }, sid);
  const edit = (params: Record<string, string>, sid = admin) => call(srv.base, { ...PERMISSION, method: 'edit', ...params }, sid);
  const entry = (env: Envelope, username: string) => env.data?.items?.find((i) => i.username === username);
  const grants = () => srv.services.db.prepare('SELECT album_id, user_id, browse, upload, manage FROM album_rights ORDER BY album_id, user_id').all();

  before(async () => {
    srv = await startServer();
    admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
    for (const [username, password] of [
      ['alice', 'alice-pw'],
      ['bob', 'bob-pw'],
    ] as const) {
      const env = await call(srv.base, { api: 'SYNO.PhotoStation.User', method: 'create', version: '1', username, password }, admin);
      expect(env.success).to.equal(true);
    }
    alice = await login(srv.base, 'alice', 'alice-pw');
    bob = await login(srv.base, 'bob', 'bob-pw');
    makeAlbum(srv.services, 'Family/2020/Summer');
    makeAlbum(srv.services, 'Work');
  });
  after(async () => srv.close());

  describe('list before any grant', () => {
    it('reports every user, administrators with every right and the others with none', async () => {
      const env = await list(albumId('Family'));
      expect(env.success).to.equal(true);
      expect(env.data?.items).to.deep.equal([
        { username: 'admin', is_admin: true, browse: true, upload: true, manage: true, inherited: false },
        { username: 'alice', is_admin: false, browse: false, upload: false, manage: false, inherited: false },
        { username: 'bob', is_admin: false, browse: false, upload: false, manage: false, inherited: false },
      ]);
    });

    it('answers for the root album when `id` is empty', async () => {
      const env = await list('');
      expect(entry(env, 'alice')).to.include({ browse: false, upload: false, manage: false });
    });
  });

  describe('after edit grants alice browse and upload on a top-level album', () => {
    before(async () => {
      const env = await edit({ id: albumId('Family'), username: 'alice', browse: 'true', upload: 'true', manage: 'false' });
      expect(env).to.deep.equal({ success: true });
    });

    it('stores one grant, on that album only', () => {
      const family = srv.services.library.albums.byPath('Family');
      const aliceId = srv.services.users.byName('alice')?.id;
      expect(grants()).to.deep.equal([{ album_id: family?.id, user_id: aliceId, browse: 1, upload: 1, manage: 0 }]);
    });

    it('lists the rights as direct on that album', async () => {
      expect(entry(await list(albumId('Family')), 'alice')).to.deep.equal({ username: 'alice', is_admin: false, browse: true, upload: true, manage: false, inherited: false });
    });

    it('lists them as inherited on a grandchild', async () => {
      expect(entry(await list(albumId('Family/2020/Summer')), 'alice')).to.deep.equal({
        username: 'alice',
        is_admin: false,
        browse: true,
        upload: true,
        manage: false,
        inherited: true,
      });
    });

    it('does not list them on a sibling album or for another user', async () => {
      expect(entry(await list(albumId('Work')), 'alice')).to.include({ browse: false, upload: false, inherited: false });
      expect(entry(await list(albumId('Family/2020')), 'bob')).to.include({ browse: false, upload: false, inherited: false });
    });

    describe('then edit sends only `manage`', () => {
      before(async () => {
        expect((await edit({ id: albumId('Family'), username: 'alice', manage: 'yes' })).success).to.equal(true);
      });

      it('keeps the rights it did not name', async () => {
        expect(entry(await list(albumId('Family')), 'alice')).to.include({ browse: true, upload: true, manage: true });
      });
    });

    describe('then edit on a sub-album with every right false', () => {
      it('cannot narrow what the parent grants: the sub-album still inherits it', async () => {
        expect((await edit({ id: albumId('Family/2020'), username: 'alice', browse: 'false', upload: 'false', manage: 'false' })).success).to.equal(true);
        expect(entry(await list(albumId('Family/2020')), 'alice')).to.include({ browse: true, upload: true, inherited: true });
        expect(grants()).to.have.length(1);
      });
    });
  });

  describe('edit with every right false on the album that holds the grant', () => {
    it('removes the grant', async () => {
      await edit({ id: albumId('Work'), username: 'bob', browse: '1', upload: '0', manage: '0' });
      expect(entry(await list(albumId('Work')), 'bob')).to.include({ browse: true });
      await edit({ id: albumId('Work'), username: 'bob', browse: '0' });
      expect(entry(await list(albumId('Work')), 'bob')).to.include({ browse: false, upload: false, manage: false });
      const bobId = srv.services.users.byName('bob')?.id;
      expect(grants().filter((g) => (g as { user_id: number }).user_id === bobId)).to.deep.equal([]);
    });
  });

  describe('a grant on the root album', () => {
    after(async () => edit({ id: '', username: 'bob', browse: 'false', upload: 'false' }));

    it('shows in the permission bob gets at login', async () => {
      expect((await edit({ id: '', username: 'bob', browse: 'true', upload: 'true' })).success).to.equal(true);
      const env = await call(srv.base, { api: 'SYNO.PhotoStation.Auth', method: 'login', version: '1', username: 'bob', password: 'bob-pw' });
      expect(env.data?.permission).to.deep.equal({ browse: true, upload: true, manage: false });
    });
  });

  describe('called by someone who is not an administrator', () => {
    it('answers 427 to a user for list and edit, and changes nothing', async () => {
      const before = grants();
      expect((await list(albumId('Family'), alice)).error?.code).to.equal(427);
      expect((await edit({ id: albumId('Work'), username: 'alice', browse: 'true', upload: 'true', manage: 'true' }, alice)).error?.code).to.equal(427);
      expect(grants()).to.deep.equal(before);
    });

    it('answers 427 even to a user with the manage right on the album', async () => {
      expect(entry(await list(albumId('Family')), 'alice')).to.include({ manage: true });
      expect((await list(albumId('Family'), alice)).error?.code).to.equal(427);
      expect((await edit({ id: albumId('Family/2020'), username: 'bob', browse: 'true' }, alice)).error?.code).to.equal(427);
    });

    it('answers 105 to a guest without a session', async () => {
      // No `_sid` and no cookie: `call` without a session.
      expect((await call(srv.base, { ...PERMISSION, method: 'list', id: albumId('Family') })).error?.code).to.equal(105);
      expect((await call(srv.base, { ...PERMISSION, method: 'edit', id: albumId('Family'), username: 'bob', browse: 'true' })).error?.code).to.equal(105);
    });

    it('answers 427 to bob, who has no right at all', async () => {
      expect((await list('', bob)).error?.code).to.equal(427);
    });
  });

  describe('bad parameters', () => {
    const cases: [string, Record<string, string>][] = [
      ['an unknown user', { id: albumId('Family'), username: 'nobody', browse: 'true' }],
      ['a missing username', { id: albumId('Family'), browse: 'true' }],
      ['a missing id', { username: 'bob', browse: 'true' }],
      ['an id that is not hex', { id: 'album_zz', username: 'bob', browse: 'true' }],
      ['an id naming `..`', { id: albumId('Family') + '2f2e2e', username: 'bob', browse: 'true' }],
      ['an item id', { id: 'photo_2f_612e6a7067', username: 'bob', browse: 'true' }],
      ['an album that does not exist', { id: albumId('Nowhere'), username: 'bob', browse: 'true' }],
      ['a right that is not a boolean', { id: albumId('Family'), username: 'bob', browse: 'maybe' }],
    ];
    for (const [what, params] of cases) {
      it(`edit answers 426 for ${what} and changes nothing`, async () => {
        const before = grants();
        expect((await edit(params)).error?.code).to.equal(426);
        expect(grants()).to.deep.equal(before);
      });
    }

    it('list answers 426 for an id that does not decode or names no album', async () => {
      expect((await list('album_2e2e')).error?.code).to.equal(426);
      expect((await list(albumId('Nowhere'))).error?.code).to.equal(426);
    });
  });
});
