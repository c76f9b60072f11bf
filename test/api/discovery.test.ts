import { expect } from 'chai';
import { ADMIN_PASSWORD, info, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

/** Every API Photo Station 6 has, with its path and versions (SPEC §15). Clients look each one up. */
const PHOTO_STATION_APIS: Array<[string, string, number, number]> = [
  ['Auth', 'auth.php', 1, 1],
  ['Info', 'info.php', 1, 2],
  ['Album', 'album.php', 1, 1],
  ['Permission', 'permission.php', 1, 1],
  ['Photo', 'photo.php', 1, 1],
  ['Thumb', 'thumb.php', 1, 1],
  ['Cover', 'cover.php', 1, 2],
  ['SmartAlbum', 'smart_album.php', 1, 1],
  ['File', 'file.php', 1, 1],
  ['Download', 'download.php', 1, 1],
  ['Category', 'category.php', 1, 1],
  ['About', 'about.php', 1, 1],
  ['Tag', 'tag.php', 1, 1],
  ['PhotoTag', 'photo_tag.php', 1, 1],
  ['Comment', 'comment.php', 1, 1],
  ['Timeline', 'timeline.php', 1, 1],
  ['Group', 'group.php', 1, 1],
  ['Rotate', 'rotate.php', 1, 1],
  ['SlideshowMusic', 'slideshow_music.php', 1, 1],
  ['DsmShare', 'dsm_share.php', 1, 1],
  ['SharedAlbum', 'shared_album.php', 1, 2],
  ['PhotoLog', 'log.php', 1, 1],
  ['Path', 'path.php', 1, 1],
  ['Watermark', 'watermark.php', 1, 1],
  ['Public', 'public.php', 1, 1],
  ['Migration', 'migration.php', 1, 1],
  ['ACL', 'acl.php', 1, 1],
  ['AdvancedShare', 'advanced_share.php', 1, 1],
  ['AppPrivilege', 'app_privilege.php', 1, 1],
];

/**
 * Declared with no meaning here: each method answers an envelope. (SharedAlbum is built now,
 * SPEC §18: test/share/; of AdvancedShare only `list_log` has a meaning.)
 */
const STUBS: Array<[string, string, Record<string, unknown>]> = [
  ['DsmShare', 'dsm_share.php', { list: { total: 0, offset: 0, items: [] }, copy: 105, copymusic: 105 }],
  ['Migration', 'migration.php', { status: { running: false, finished: true }, start: 105 }],
  ['ACL', 'acl.php', { get: 105, set: 105 }],
  ['AppPrivilege', 'app_privilege.php', { list: { total: 0, offset: 0, items: [] }, edit: 105 }],
  ['Watermark', 'watermark.php', { get: { enabled: false }, set: 105 }],
  ['Public', 'public.php', { list: { total: 0, offset: 0, items: [] }, set: 105 }],
  ['SlideshowMusic', 'slideshow_music.php', { list: { total: 0, offset: 0, items: [] }, add: 105, delete: 105 }],
  ['AdvancedShare', 'advanced_share.php', { list: { total: 0, offset: 0, items: [] }, getinfo: { items: [] }, edit: 105, delete: 105 }],
];

/**
 * Every method of every API page of the public API description (nullvoidptr/syno-photostation-api,
 * content/api/), drafts included: each is declared, with a meaning or with an envelope that says
 * it has none here.
 */
const DESCRIBED_METHODS: Record<string, string[]> = {
  'SYNO.API.Info': ['query'],
  'SYNO.PhotoStation.About': ['get', 'set', 'set_visibility'],
  'SYNO.PhotoStation.Album': ['arrangeitem', 'cancel', 'cleararrangeitem', 'create', 'delete', 'edit', 'getinfo', 'list', 'move'],
  'SYNO.PhotoStation.Auth': ['checkauth', 'login', 'logout', 'photo_login'],
  'SYNO.PhotoStation.Cover': ['set', 'setsmart'],
  'SYNO.PhotoStation.DsmShare': ['copy', 'copymusic', 'list'],
  'SYNO.PhotoStation.File': ['uploadphoto', 'uploadvideo'],
  'SYNO.PhotoStation.Info': ['getexternalip', 'getinfo'],
  'SYNO.PhotoStation.Photo': ['cancel', 'copy', 'delete', 'edit', 'getexif', 'getinfo', 'list', 'listexif', 'listfeatureditem', 'listgpsgroup', 'listgpsgroupeditem'],
  'SYNO.PhotoStation.PhotoTag': ['delete', 'desc_tag', 'geo_tag', 'list', 'people_tag', 'people_tag_confirm'],
  'SYNO.PhotoStation.Tag': ['create', 'delete', 'delete_unconfirmed_tag', 'edit', 'getinfo', 'list'],
};

/** Methods Photo Station has that mean nothing here (SPEC §15): an envelope, never a 404. */
const NOT_HERE: Array<[string, string, string, number, number]> = [
  ['Info', 'info.php', 'getexternalip', 2, 103],
  ['Photo', 'photo.php', 'listfeatureditem', 1, 103],
  ['Photo', 'photo.php', 'listgpsgroup', 1, 103],
  ['Photo', 'photo.php', 'listgpsgroupeditem', 1, 103],
];

describe('Discovery of every Photo Station API (SPEC §15)', () => {
  let s: TestServer;
  let sid: string;
  before(async () => {
    s = await startServer();
    sid = await s.login('admin', ADMIN_PASSWORD);
  });
  after(() => s.close());

  it('lists each declared Photo Station API with its real path and versions', async () => {
    const data = (await s.call(info('SYNO.PhotoStation.'))).body.data as Record<string, unknown>;
    const declared = PHOTO_STATION_APIS.filter(([name]) => `SYNO.PhotoStation.${name}` in data);
    // The APIs of this branch at least; the others are built beside it (see the next test).
    expect(declared.map(([n]) => n)).to.include.members(['Auth', 'Info', 'Album', 'Permission', 'Photo', 'File', 'Tag', 'PhotoTag', ...STUBS.map(([n]) => n)]);
    for (const [name, path, minVersion, maxVersion] of declared) {
      expect(data[`SYNO.PhotoStation.${name}`], name).to.deep.equal({ path, minVersion, maxVersion });
    }
  });

  // Passes once every part of issue #15 is merged (Thumb, Cover, Rotate, Download, Comment,
  // Category, SmartAlbum, Group, Path, About, Timeline, PhotoLog come from other branches).
  it('lists all 29 of them', async () => {
    const data = (await s.call(info('SYNO.PhotoStation.'))).body.data as Record<string, unknown>;
    const missing = PHOTO_STATION_APIS.map(([n]) => n).filter((n) => !(`SYNO.PhotoStation.${n}` in data));
    expect(missing, 'APIs not declared').to.deep.equal([]);
  });

  it('declares every method of the public API description', async () => {
    const { registry } = s.station.services;
    const missing = Object.entries(DESCRIBED_METHODS).flatMap(([api, methods]) => methods.filter((m) => !registry.apis.get(api)?.methods.has(m)).map((m) => `${api}.${m}`));
    expect(missing).to.deep.equal([]);
  });

  describe('methods with no meaning here, in APIs that have one', () => {
    for (const [name, path, method, version, code] of NOT_HERE) {
      it(`${name}.${method} (version ${version}) answers ${code}, to a guest too`, async () => {
        for (const session of [{ _sid: sid }, {}] as Array<Record<string, string>>) {
          const res = await s.call({ api: `SYNO.PhotoStation.${name}`, method, version, ...session }, { path: `/photo/webapi/${path}` });
          expect(res.status).to.equal(200);
          expect(res.body).to.deep.equal({ success: false, error: { code } });
        }
      });
    }
  });

  describe('APIs with no meaning here', () => {
    for (const [name, path, methods] of STUBS) {
      for (const [method, expected] of Object.entries(methods)) {
        it(`${name}.${method} answers ${typeof expected === 'number' ? expected : 'an empty value'} at ${path}`, async () => {
          const maxVersion = PHOTO_STATION_APIS.find(([n]) => n === name)?.[3] ?? 1;
          const res = await s.call({ api: `SYNO.PhotoStation.${name}`, method, version: maxVersion, _sid: sid, id: 'x' }, { path: `/photo/webapi/${path}` });
          expect(res.status).to.equal(200);
          if (typeof expected === 'number') expect(res.body).to.deep.equal({ success: false, error: { code: expected } });
          else expect(res.body).to.deep.equal({ success: true, data: expected });
        });
      }
      it(`${name}: an unknown method is 103, not a 404`, async () => {
        const res = await s.call({ api: `SYNO.PhotoStation.${name}`, method: 'nothing', version: 1, _sid: sid }, { path: `/photo/webapi/${path}` });
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ success: false, error: { code: 103 } });
      });
    }

    it('need a session like any other API', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.SharedAlbum', method: 'list', version: 1 }, { path: '/photo/webapi/shared_album.php' });
      expect(res.body).to.deep.equal({ success: false, error: { code: 105 } });
    });
  });

  describe('SYNO.PhotoStation.Info.getinfo', () => {
    for (const version of [1, 2]) {
      it(`answers the site from the configuration without a session (version ${version})`, async () => {
        const res = await s.call({ api: 'SYNO.PhotoStation.Info', method: 'getinfo', version }, { path: '/photo/webapi/info.php', as: 'query' });
        expect(res.body.success).to.equal(true);
        const d = res.body.data;
        expect(d).to.include({ version: '3400', title: 'Photo Station', about_me_title: 'About me', sort_by: 'takendate', sort_direction: 'asc', paging_item_count: 100 });
        expect(d).to.include({
          allow_download_album: true,
          allow_download_orig: true,
          allow_download_video: true,
          hide_search: false,
          use_dsm_account: false,
          support_large_file: true,
          support_moments: false,
          allow_comment: true,
        });
        expect(d.version_string).to.match(/3400$/);
        expect(d.virtual_tag).to.deep.equal({ desc_tag: true, geo_tag: true, people_tag: true });
        expect(d.default_geo_location).to.have.all.keys('lat', 'lng');
      });
    }

    it("answers every field of Photo Station 6's getinfo, with its type", async () => {
      const d = (await s.call({ api: 'SYNO.PhotoStation.Info', method: 'getinfo', version: 1 })).body.data;
      const booleans = [
        'use_album_explorer',
        'paging_use_bar',
        'folder_sort_only_name',
        'disable_right_button',
        'hide_gps_from_normal_user',
        'hide_rss_feed',
        'enable_blog',
        'allow_social_share',
        'allow_social_upload',
        'allow_social_upload_guest',
        'default_album_public',
        'disable_aboutme',
        'show_album_hit',
        'collapse_left_panel',
        'show_lightbox_information',
        'use_pop_window_to_edit_desc',
        'def_album_disable_conversion',
      ];
      for (const key of booleans) expect(d[key], key).to.be.a('boolean');
      expect(d.folder_sort_direction).to.equal('asc');
      expect(d.social_network_list).to.deep.equal([]);
      expect(d).to.have.property('home_category', null);
      // The default privacy of a new top-level album is private unless configured public.
      expect(d.default_album_public).to.equal(false);
    });

    it('follows the configuration', async () => {
      const other = await startServer({ site: { ...s.station.services.config.site, title: 'Family', allowComment: false, pagingItemCount: 42 } });
      try {
        const d = (await other.call({ api: 'SYNO.PhotoStation.Info', method: 'getinfo', version: 2 })).body.data;
        expect(d).to.include({ title: 'Family', allow_comment: false, paging_item_count: 42 });
      } finally {
        await other.close();
      }
    });

    it('has no version 3', async () => {
      const res = await s.call({ api: 'SYNO.PhotoStation.Info', method: 'getinfo', version: 3 });
      expect(res.body.error.code).to.equal(104);
    });
  });
});
