import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../src/auth/password.ts';
import { Users } from '../src/auth/users.ts';
import type { User } from '../src/auth/users.ts';
import { makeConfig } from '../src/config.ts';
import type { AlbumType } from '../src/config.ts';
import { openDatabase } from '../src/db/open.ts';
import type { Db } from '../src/db/open.ts';
import type { AlbumRow } from '../src/library/albums.ts';
import { Library } from '../src/library/library.ts';
import { ALL, NONE } from '../src/library/rights.ts';

/** A library on a fresh index, with a tree of album rows (no folders are needed for rights). */
function fixture(defaultAlbumType: AlbumType = 'private') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-rights-'));
  const db: Db = openDatabase(path.join(dir, 'index.db'));
  const lib = new Library(db, makeConfig(dir, { defaultAlbumType }));
  const users = new Users(db);
  const tree = new Map<string, AlbumRow>([['', lib.albums.root()]]);
  const album = (p: string): AlbumRow => {
    const known = tree.get(p);
    if (known) return known;
    const cut = p.lastIndexOf('/');
    const parent = album(cut < 0 ? '' : p.slice(0, cut));
    const row = lib.albums.insert(parent, p.slice(cut + 1), 0);
    tree.set(p, row);
    return row;
  };
  const reload = (p: string) => lib.albums.byPath(p) as AlbumRow;
  return { lib, users, album, reload, close: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

describe('AlbumRights', () => {
  let f: ReturnType<typeof fixture>;
  let alice: User;
  let bob: User;
  let admin: User;
  beforeEach(async () => {
    f = fixture();
    alice = await f.users.create('alice', 'pw', false, 0);
    bob = await f.users.create('bob', 'pw', false, 0);
    admin = await f.users.create('root', 'pw', true, 0);
    for (const p of ['Family/2020/Summer', 'Family/2021', 'Work']) f.album(p);
  });
  afterEach(() => f.close());

  describe('granted', () => {
    it('gives nothing without a grant', () => {
      expect(f.lib.rights.granted(alice, f.album('Family/2020'))).to.deep.equal(NONE);
    });

    it('gives nothing to a guest, whatever is granted', () => {
      f.lib.rights.grant(f.album(''), alice.id, ALL);
      expect(f.lib.rights.granted(null, f.album('Family'))).to.deep.equal(NONE);
    });

    it('gives administrators every right without a grant', () => {
      expect(f.lib.rights.granted(admin, f.album('Work'))).to.deep.equal(ALL);
      expect(f.lib.rights.granted(admin, f.album(''))).to.deep.equal(ALL);
    });

    describe('with a grant on a top-level album', () => {
      beforeEach(() => f.lib.rights.grant(f.album('Family'), alice.id, { browse: true, upload: true, manage: false }));

      it('applies to the album itself', () => {
        expect(f.lib.rights.granted(alice, f.album('Family'))).to.deep.equal({ browse: true, upload: true, manage: false });
      });

      it('applies to its children and grandchildren', () => {
        expect(f.lib.rights.granted(alice, f.album('Family/2021'))).to.deep.equal({ browse: true, upload: true, manage: false });
        expect(f.lib.rights.granted(alice, f.album('Family/2020/Summer'))).to.deep.equal({ browse: true, upload: true, manage: false });
      });

      it('does not apply to the root, a sibling or another user', () => {
        expect(f.lib.rights.granted(alice, f.album(''))).to.deep.equal(NONE);
        expect(f.lib.rights.granted(alice, f.album('Work'))).to.deep.equal(NONE);
        expect(f.lib.rights.granted(bob, f.album('Family/2020/Summer'))).to.deep.equal(NONE);
      });

      it('adds up with a grant on a sub-album below it', () => {
        f.lib.rights.grant(f.album('Family/2020'), alice.id, { browse: false, upload: false, manage: true });
        expect(f.lib.rights.granted(alice, f.album('Family/2020/Summer'))).to.deep.equal(ALL);
        expect(f.lib.rights.granted(alice, f.album('Family/2021'))).to.deep.equal({ browse: true, upload: true, manage: false });
      });

      it('is gone once revoked', () => {
        f.lib.rights.revoke(f.album('Family'), alice.id);
        expect(f.lib.rights.granted(alice, f.album('Family/2020/Summer'))).to.deep.equal(NONE);
      });

      it('is gone once set to all false', () => {
        f.lib.rights.grant(f.album('Family'), alice.id, NONE);
        expect(f.lib.rights.granted(alice, f.album('Family'))).to.deep.equal(NONE);
        expect(f.lib.db.prepare('SELECT count(*) AS n FROM album_rights').get()).to.deep.equal({ n: 0 });
      });
    });

    it('from the root applies everywhere', () => {
      f.lib.rights.grant(f.album(''), bob.id, { browse: true, upload: false, manage: false });
      expect(f.lib.rights.granted(bob, f.album('Work'))).to.deep.equal({ browse: true, upload: false, manage: false });
      expect(f.lib.rights.granted(bob, f.album('Family/2020/Summer'))).to.deep.equal({ browse: true, upload: false, manage: false });
      expect(f.lib.rights.rootPermission(bob)).to.deep.equal({ browse: true, upload: false, manage: false });
    });
  });

  describe('list', () => {
    it('tells direct grants from inherited ones', () => {
      f.lib.rights.grant(f.album('Family'), alice.id, { browse: true, upload: false, manage: false });
      f.lib.rights.grant(f.album('Family/2020'), alice.id, { browse: false, upload: true, manage: false });
      f.lib.rights.grant(f.album('Family/2020'), bob.id, { browse: true, upload: false, manage: false });
      const rows = f.lib.rights.list(f.album('Family/2020/Summer'), [alice, bob, admin]);
      expect(rows.map((r) => [r.browse, r.upload, r.manage, r.inherited])).to.deep.equal([
        [true, true, false, true],
        [true, false, false, true],
        [true, true, true, false],
      ]);
      const here = f.lib.rights.list(f.album('Family/2020'), [alice, bob]);
      expect(here.map((r) => [r.browse, r.upload, r.inherited, r.direct])).to.deep.equal([
        [true, true, true, { browse: false, upload: true, manage: false }],
        [true, false, false, { browse: true, upload: false, manage: false }],
      ]);
    });
  });

  describe('privacy types', () => {
    it('makes the root private and lets top-level albums without a type take the default', () => {
      expect(f.lib.rights.effectiveType(f.album(''))).to.equal('private');
      expect(f.lib.rights.effectiveType(f.album('Work'))).to.equal('private');
      const pub = fixture('public');
      try {
        pub.album('Open');
        expect(pub.lib.rights.effectiveType(pub.album('Open'))).to.equal('public');
      } finally {
        pub.close();
      }
    });

    it('passes a top-level type down to every level below', () => {
      f.lib.albums.update(f.album('Family').id, { type: 'public' });
      expect(f.lib.rights.effectiveType(f.album('Family/2020/Summer'))).to.equal('public');
    });

    it('lets a second-level type override the top-level one for its subtree', () => {
      f.lib.albums.update(f.album('Family').id, { type: 'public' });
      f.lib.albums.update(f.album('Family/2020').id, { type: 'private' });
      expect(f.lib.rights.effectiveType(f.album('Family/2020/Summer'))).to.equal('private');
      expect(f.lib.rights.effectiveType(f.album('Family/2021'))).to.equal('public');
    });

    it('ignores a type set deeper than the second level', () => {
      f.lib.albums.update(f.album('Family').id, { type: 'public' });
      f.lib.albums.update(f.album('Family/2020/Summer').id, { type: 'private' });
      expect(f.lib.rights.effectiveType(f.reload('Family/2020/Summer'))).to.equal('public');
    });

    describe('of', () => {
      it('lets anyone, guests too, browse a public album and below, but nothing more', async () => {
        f.lib.albums.update(f.album('Family').id, { type: 'public' });
        expect(await f.lib.rights.of(null, f.reload('Family/2020/Summer'))).to.deep.equal({ browse: true, upload: false, manage: false });
        expect(await f.lib.rights.of(alice, f.reload('Family'))).to.deep.equal({ browse: true, upload: false, manage: false });
      });

      it('lets only grantees browse a private album', async () => {
        f.lib.albums.update(f.album('Work').id, { type: 'private' });
        f.lib.rights.grant(f.album('Work'), bob.id, { browse: true, upload: false, manage: false });
        expect(await f.lib.rights.of(null, f.reload('Work'))).to.deep.equal(NONE);
        expect(await f.lib.rights.of(alice, f.reload('Work'))).to.deep.equal(NONE);
        expect((await f.lib.rights.of(bob, f.reload('Work'))).browse).to.equal(true);
      });

      describe('on a password album', () => {
        beforeEach(async () => {
          f.lib.albums.update(f.album('Family').id, { type: 'password', password: await hashPassword('s3cret') });
        });

        it('stores the password as an scrypt hash, not in clear', () => {
          const stored = f.reload('Family').password as string;
          expect(stored).to.match(/^scrypt\$/);
          expect(stored).not.to.contain('s3cret');
        });

        it('lets the right password browse the album and its sub-albums', async () => {
          expect((await f.lib.rights.of(null, f.reload('Family'), 's3cret')).browse).to.equal(true);
          expect((await f.lib.rights.of(alice, f.reload('Family/2020/Summer'), 's3cret')).browse).to.equal(true);
        });

        it('refuses browsing with a wrong or missing password', async () => {
          expect(await f.lib.rights.of(null, f.reload('Family'), 'wrong')).to.deep.equal(NONE);
          expect(await f.lib.rights.of(null, f.reload('Family'))).to.deep.equal(NONE);
          expect(await f.lib.rights.of(alice, f.reload('Family/2021'), '')).to.deep.equal(NONE);
        });

        it('gives no upload or manage right with the password', async () => {
          expect(await f.lib.rights.of(alice, f.reload('Family'), 's3cret')).to.deep.equal({ browse: true, upload: false, manage: false });
        });

        it('lets a browse grant in without the password', async () => {
          f.lib.rights.grant(f.album('Family'), bob.id, { browse: true, upload: false, manage: false });
          expect((await f.lib.rights.of(bob, f.reload('Family/2020'))).browse).to.equal(true);
        });

        it('does not open a second-level album that sets its own type', async () => {
          f.lib.albums.update(f.album('Family/2020').id, { type: 'private' });
          expect((await f.lib.rights.of(null, f.reload('Family/2020/Summer'), 's3cret')).browse).to.equal(false);
        });

        it('checks the password of the album whose type applies, not another one', async () => {
          f.lib.albums.update(f.album('Work').id, { type: 'password', password: await hashPassword('other') });
          expect((await f.lib.rights.of(null, f.reload('Work'), 's3cret')).browse).to.equal(false);
          expect((await f.lib.rights.of(null, f.reload('Work'), 'other')).browse).to.equal(true);
        });
      });
    });
  });
});
