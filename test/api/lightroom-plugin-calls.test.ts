import { expect } from 'chai';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { picture } from '../helpers/pictures.ts';
import { filesBelow, startServer } from '../helpers/upload.ts';
import type { TestServer } from '../helpers/upload.ts';

/*
 * The Lightroom Classic publish plugin (flingo64/PhotoStation-Upload-Lr-Plugin 7.5.2,
 * PSPhotoStationAPI.lua) replayed request for request, in the order a publish session makes them.
 * What the plugin sends, as facts:
 *
 * - Every WebAPI call is a POST of `application/x-www-form-urlencoded` to `/photo/webapi/<path>`,
 *   the path taken from the SYNO.API.Info answer; the body is `api=<name>&` followed by the
 *   method's fields, glued by hand in a fixed order. Free text (names, titles, comments) is
 *   encoded byte by byte, every byte that is not a letter or digit as `%XX` (a `.` in a number
 *   too), after turning `\n` into `\r\n`; ids, kinds and the commenter's name go in raw.
 * - No session id is ever sent: Lightroom's HTTP stack keeps the PHPSESSID cookie of the login.
 * - An answer is read as JSON: `error.code` when there is an `error`, otherwise the fields named
 *   in each test. The upload path is read by `success` and `err_msg` only.
 */

/** The plugin's `urlencode`: `\n` becomes `\r\n`, then every byte but [A-Za-z0-9] is `%XX`. */
const lrEncode = (value: string | number): string =>
  [...Buffer.from(String(value).replace(/\n/g, '\r\n'), 'utf8')]
    .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

/** `album_` + hex of the path without outer slashes; the root is the empty string. */
const albumId = (albumPath: string): string => {
  const p = albumPath.replace(/^\/+|\/+$/g, '');
  return p === '' ? '' : `album_${Buffer.from(p, 'utf8').toString('hex')}`;
};

/** `photo_`/`video_` + hex of the folder (`/` for the root) + `_` + hex of the file name. */
const photoId = (photoPath: string, isVideo = false): string => {
  const slash = photoPath.lastIndexOf('/');
  const dir = slash < 0 ? '/' : photoPath.slice(0, slash);
  const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
  return `${isVideo ? 'video' : 'photo'}_${hex(dir)}_${hex(photoPath.slice(slash + 1))}`;
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What Lightroom's LrHttp does for the plugin: POSTs, with the cookies the server set. */
class Lightroom {
  readonly #cookies = new Map<string, string>();
  apiInfo: Record<string, { path: string; minVersion: number; maxVersion: number }> = { 'SYNO.API.Info': { path: 'query.php', minVersion: 1, maxVersion: 1 } };

  constructor(readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async #post(urlPath: string, headers: Record<string, string>, body: string | Uint8Array): Promise<Json> {
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + urlPath, {
      method: 'POST',
      headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) },
      body: typeof body === 'string' ? body : Uint8Array.from(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const m = /^([^=;]+)=([^;]*)/.exec(line);
      if (m) this.#cookies.set(m[1]!, m[2]!);
    }
    expect(res.status, `${urlPath} answers HTTP 200`).to.equal(200);
    return (await res.json()) as Json;
  }

  /** PhotoStation.callSynoAPI: `api=<api>&<formData>` to the API's discovered path. */
  syno(api: string, formData: string): Promise<Json> {
    const where = this.apiInfo[api];
    if (!where) throw new Error(`${api} was not discovered`);
    return this.#post(`/photo/webapi/${where.path}`, { 'Content-Type': 'application/x-www-form-urlencoded' }, `api=${api}&${formData}`);
  }

  /** PhotoStation.uploadPictureFile: the raw file as the body, everything else in X-* headers. */
  upload(dstDir: string, dstFilename: string, picType: string, mimeType: string, position: 'FIRST' | 'MIDDLE' | 'LAST', bytes: Uint8Array, srcDateTime = 0): Promise<Json> {
    const headers: Record<string, string> = {
      'Content-Type': mimeType,
      'X-PATH': lrEncode(dstDir),
      'X-DUPLICATE': 'OVERWRITE',
      'X-ORIG-FNAME': lrEncode(dstFilename),
      'X-UPLOAD-TYPE': picType,
    };
    if (position === 'FIRST') headers['X-IS-BATCH-FIRST-FILE'] = '1';
    if (position === 'LAST') Object.assign(headers, { 'X-IS-BATCH-LAST-FILE': '1', 'X-LAST-MODIFIED-TIME': String(srcDateTime) });
    return this.#post('/photo/include/asst_file_upload.php', headers, bytes);
  }
}

describe('The Lightroom publish plugin, replayed call by call (SPEC §15)', () => {
  let s: TestServer;
  let lr: Lightroom;
  const ROOT = 'Lightroom';
  const ALBUM = 'Lightroom/Zoë 2024';
  const FIRST = 'Zoë at the lake.jpg';
  const SECOND = 'IMG_0002.jpg';
  const TAKEN = 1_700_000_000; // X-LAST-MODIFIED-TIME: the capture time, Unix seconds
  const originals: Record<string, Buffer> = {};
  const tagIds: Record<string, string> = {};
  const itemTagIds: Record<string, string> = {};

  const onDisk = (rel: string) => path.join(s.config.photoRoot, rel);
  const itemRow = (rel: string) =>
    s.services.db.prepare('SELECT i.* FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = ? AND i.name = ?').get(path.posix.dirname(rel), path.posix.basename(rel)) as
      Json | undefined;
  const itemTags = (rel: string) =>
    s.services.db
      .prepare('SELECT t.type, t.name, it.x, it.y, it.width, it.height FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_id = ? ORDER BY it.id')
      .all(itemRow(rel)!.id) as Json[];
  /** PhotoStation.listAlbum, as Photo.new and the comment/rating download read an album. */
  const listAlbum = (dir: string, listItems: string) =>
    lr.syno('SYNO.PhotoStation.Album', `method=list&version=1&id=${albumId(dir)}&type=${listItems}&offset=0&limit=-1&recursive=false&additional=album_permission,photo_exif`);
  const getPhotoTags = (rel: string) => lr.syno('SYNO.PhotoStation.PhotoTag', `method=list&version=1&type=people,geo,desc&additional=info&id=${photoId(rel)}`);
  const getTagList = (type: string) => lr.syno('SYNO.PhotoStation.Tag', `method=list&version=1&type=${type}&offset=0&limit=-1`);

  before(async () => {
    s = await startServer();
    lr = new Lightroom(s.base);
    originals[FIRST] = await sharp(await picture(1, 640, 480))
      .withExif({ IFD0: { Make: 'Replay', Model: 'Lr Classic' } })
      .jpeg()
      .toBuffer();
    originals[SECOND] = await picture(2, 480, 640);
  });
  after(() => s.close());

  describe('opening a session', () => {
    it('PhotoStation.new: SYNO.API.Info query=all at query.php gives the path of every API the plugin calls', async () => {
      const res = await lr.syno('SYNO.API.Info', 'query=all&method=query&version=1&ps_username=');
      expect(res.success).to.equal(true);
      const used = ['Auth', 'Album', 'Photo', 'PhotoTag', 'Tag', 'Comment', 'SharedAlbum', 'AdvancedShare'];
      for (const name of used) {
        const api = res.data[`SYNO.PhotoStation.${name}`];
        expect(api, name).to.include.keys('path', 'minVersion', 'maxVersion');
        expect(api.minVersion, name).to.be.at.most(1);
      }
      expect(res.data['SYNO.PhotoStation.Auth'].path).to.equal('auth.php');
      lr.apiInfo = res.data;
    });

    it('PhotoStation.login: a wrong password is error.code 407 and sets no cookie', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Auth', `method=login&version=1&username=admin&password=${lrEncode('not-it')}`);
      expect(res).to.deep.equal({ success: false, error: { code: 407 } });
      expect(lr.cookie('PHPSESSID')).to.equal(undefined);
    });

    it('PhotoStation.login: success, and the PHPSESSID cookie carries every later call', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Auth', `method=login&version=1&username=${lrEncode('admin')}&password=${lrEncode('admin-pw')}`);
      expect(res.success).to.equal(true);
      expect(lr.cookie('PHPSESSID')).to.equal(res.data.sid);
    });
  });

  describe('creating the album path', () => {
    it('PhotoStation.createTree -> createAlbum: a top-level album under the root (`id=`)', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Album', `method=create&version=1&id=${albumId('/')}&name=${lrEncode(ROOT)}`);
      expect(res.success).to.equal(true);
      expect(res.data.id).to.equal(albumId(ROOT));
      expect(statSync(onDisk(ROOT)).isDirectory()).to.equal(true);
    });

    it('PhotoStation.createAlbum: a sub-album with a non-ASCII name, on disk and in the index', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Album', `method=create&version=1&id=${albumId(ROOT)}&name=${lrEncode('Zoë 2024')}`);
      expect(res.data.id).to.equal(albumId(ALBUM));
      expect(statSync(onDisk(ALBUM)).isDirectory()).to.equal(true);
      expect(s.services.library.albums.byPath(ALBUM)).to.not.equal(undefined);
    });

    it('PhotoStation.createAlbum again (the next publish): error.code 421, which the plugin takes as done', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Album', `method=create&version=1&id=${albumId(ROOT)}&name=${lrEncode('Zoë 2024')}`);
      expect(res).to.deep.equal({ success: false, error: { code: 421 } });
    });

    it('PhotoStation.listAlbum of an album that does not exist: a code the album cache tolerates (408, 417 or 101)', async () => {
      const res = await listAlbum('Lightroom/Nowhere', 'photo,video');
      expect(res.success).to.equal(false);
      expect([101, 408, 417]).to.include(res.error.code);
    });
  });

  describe('uploading', () => {
    /** PhotoStation.uploadPhotoFiles for Photo Station 6: B first, M, S, XL, the title file, the original last. */
    const uploadPhotoFiles = async (name: string, title?: string) => {
      const thumbs: [string, number][] = [
        ['THUM_B', 640],
        ['THUM_M', 320],
        ['THUM_S', 120],
        ['THUM_XL', 1280],
      ];
      for (const [i, [kind, size]] of thumbs.entries()) {
        const bytes = await sharp(originals[name]).resize(size, size, { fit: 'inside' }).jpeg().toBuffer();
        expect(await lr.upload(ALBUM, name, kind, 'image/jpeg', i === 0 ? 'FIRST' : 'MIDDLE', bytes), kind).to.deep.equal({ success: true });
      }
      if (title !== undefined) expect(await lr.upload(ALBUM, name, 'CUST_TITLE', 'text', 'MIDDLE', Buffer.from(title))).to.deep.equal({ success: true });
      expect(await lr.upload(ALBUM, name, 'ORIG_FILE', 'image/jpeg', 'LAST', originals[name]!, TAKEN)).to.deep.equal({ success: true });
    };

    it('PhotoStation.uploadPhotoFiles: thumbnails, title file and original; only the original lands, byte for byte, with the capture time as mtime', async () => {
      await uploadPhotoFiles(FIRST, 'At the lake');
      await uploadPhotoFiles(SECOND);
      expect(filesBelow(onDisk(ALBUM))).to.deep.equal([SECOND, FIRST].sort());
      for (const name of [FIRST, SECOND]) {
        expect(readFileSync(onDisk(`${ALBUM}/${name}`))).to.deep.equal(originals[name]);
        expect(Math.round(statSync(onDisk(`${ALBUM}/${name}`)).mtimeMs)).to.equal(TAKEN * 1000);
        expect(itemRow(`${ALBUM}/${name}`)).to.include({ kind: 'photo', size: originals[name]!.length });
      }
    });

    it('PhotoStationPhoto.new -> listAlbum (type=photo,video): the uploaded photo is found under the id the plugin computes', async () => {
      const res = await listAlbum(ALBUM, 'photo,video');
      expect(res.success).to.equal(true);
      const ids = (res.data.items as Json[]).map((i) => i.id);
      expect(ids).to.have.members([photoId(`${ALBUM}/${FIRST}`), photoId(`${ALBUM}/${SECOND}`)]);
      const first = (res.data.items as Json[]).find((i) => i.id === photoId(`${ALBUM}/${FIRST}`))!;
      expect(first.type).to.equal('photo');
      expect(first.info).to.include.keys('title', 'description', 'rating');
    });
  });

  describe('uploading the metadata (uploadMetadata)', () => {
    const rel = `${ALBUM}/${FIRST}`;

    it('PhotoStation.getPhotoTags: `data.tags` is an array', async () => {
      const res = await getPhotoTags(rel);
      expect(res.success).to.equal(true);
      expect(res.data.tags).to.be.an('array');
    });

    it('PhotoStation.editPhoto: title, description, rating and GPS as the plugin encodes them (`.` as %2E)', async () => {
      const form = [
        `title=${lrEncode('At the lake')}`,
        `description=${lrEncode('Cold water.\nWarm sun.')}`,
        `rating=${lrEncode('4')}`,
        `gps_lat=${lrEncode(46.512345)}`,
        `gps_lng=${lrEncode(-6.63)}`,
      ].join('&');
      const res = await lr.syno('SYNO.PhotoStation.Photo', `method=edit&version=1&id=${photoId(rel)}&${form}`);
      expect(res.success).to.equal(true);
      expect(itemRow(rel)).to.include({ title: 'At the lake', description: 'Cold water.\r\nWarm sun.', rating: 4, lat: 46.512345, lng: -6.63 });
    });

    it('PhotoStation.getTagId -> PhotoStation_getTagList: `data.total` is a number and `data.tags` an array', async () => {
      const res = await getTagList('desc');
      expect(res.success).to.equal(true);
      expect(res.data.total).to.be.a('number');
      expect(res.data.tags).to.be.an('array').with.length(res.data.total);
    });

    for (const [type, name] of [
      ['desc', 'Lake Geneva'],
      ['people', 'Zoë Müller'],
      ['geo', 'Lausanne, Switzerland'],
    ] as const) {
      it(`PhotoStation.createTag (${type}): \`data.id\` is the new tag, which the next tag list names`, async () => {
        const res = await lr.syno('SYNO.PhotoStation.Tag', `method=create&version=1&type=${type}&name=${lrEncode(name)}`);
        expect(res.success).to.equal(true);
        expect(res.data.id).to.match(/^tag_\d+$/);
        tagIds[type] = res.data.id;
        const listed = (await getTagList(type)).data.tags as Json[];
        expect(listed.find((t) => t.name === name)?.id).to.equal(res.data.id);
      });
    }

    it('PhotoStation.addPhotoTag (desc_tag): `data.item_tag_ids` is an array of one', async () => {
      const res = await lr.syno('SYNO.PhotoStation.PhotoTag', `method=desc_tag&version=1&tag_id=${tagIds.desc}&id=${photoId(rel)}`);
      expect(res.success).to.equal(true);
      expect(res.data.item_tag_ids).to.be.an('array').with.length(1);
      itemTagIds.desc = res.data.item_tag_ids[0];
    });

    it('PhotoStation.addPhotoTag (desc_tag) once more: success or 468, both of which the plugin takes as done', async () => {
      const res = await lr.syno('SYNO.PhotoStation.PhotoTag', `method=desc_tag&version=1&tag_id=${tagIds.desc}&id=${photoId(rel)}`);
      if (!res.success) expect(res.error.code).to.equal(468);
      expect(itemTags(rel).filter((t) => t.type === 'desc')).to.have.length(1);
    });

    it('PhotoStation.addPhotoTag (people_tag) with the face region as Lua prints numbers', async () => {
      const res = await lr.syno('SYNO.PhotoStation.PhotoTag', `method=people_tag&version=1&tag_id=${tagIds.people}&id=${photoId(rel)}&x=0.25&y=0.1&width=0.2&height=0.35`);
      expect(res.success).to.equal(true);
      expect(res.data.item_tag_ids).to.be.an('array').with.length(1);
      itemTagIds.people = res.data.item_tag_ids[0];
    });

    it('PhotoStation.addPhotoTag (geo_tag) of a place made without coordinates', async () => {
      const res = await lr.syno('SYNO.PhotoStation.PhotoTag', `method=geo_tag&version=1&tag_id=${tagIds.geo}&id=${photoId(rel)}`);
      expect(res.success).to.equal(true);
      expect(res.data.item_tag_ids).to.be.an('array').with.length(1);
      itemTagIds.geo = res.data.item_tag_ids[0];
      expect(itemTags(rel)).to.deep.equal([
        { type: 'desc', name: 'Lake Geneva', x: null, y: null, width: null, height: null },
        { type: 'people', name: 'Zoë Müller', x: 0.25, y: 0.1, width: 0.2, height: 0.35 },
        { type: 'geo', name: 'Lausanne, Switzerland', x: null, y: null, width: null, height: null },
      ]);
    });

    it('PhotoStation.getPhotoTags: each tag has `type` (its kind), `name`, `item_tag_id`, and people their region in `additional.info`', async () => {
      const tags = (await getPhotoTags(rel)).data.tags as Json[];
      const byType = Object.fromEntries(tags.map((t) => [t.type, t]));
      expect(Object.keys(byType)).to.have.members(['desc', 'people', 'geo']);
      expect(byType.desc).to.include({ name: 'Lake Geneva', item_tag_id: itemTagIds.desc });
      expect(byType.geo).to.include({ name: 'Lausanne, Switzerland', item_tag_id: itemTagIds.geo });
      expect(byType.people).to.include({ name: 'Zoë Müller', item_tag_id: itemTagIds.people });
      expect(byType.people.additional.info).to.include({ x: 0.25, y: 0.1, width: 0.2, height: 0.35 });
    });

    it('PhotoStation.removePhotoTag: by `item_tag_id`; `success`, and the row is gone', async () => {
      const res = await lr.syno('SYNO.PhotoStation.PhotoTag', `method=delete&version=1&item_tag_id=${itemTagIds.geo}&id=${photoId(rel)}`);
      expect(res.success).to.equal(true);
      expect(itemTags(rel).map((t) => t.type)).to.deep.equal(['desc', 'people']);
    });
  });

  describe('comments and EXIF', () => {
    const rel = `${ALBUM}/${FIRST}`;

    it('PhotoStation.addPhotoComment: `name` is `<user>@Lr`, sent unencoded; `success`', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Comment', `method=create&version=1&id=${photoId(rel)}&name=admin@Lr&comment=${lrEncode('Lovely light!')}`);
      expect(res.success, JSON.stringify(res)).to.equal(true);
      expect(s.services.db.prepare('SELECT name, comment FROM comments WHERE item_id = ?').all(itemRow(rel)!.id)).to.deep.equal([{ name: 'admin@Lr', comment: 'Lovely light!' }]);
    });

    it('PhotoStation.getPhotoComments: `comments[i]` with `id` comment_<n>, `comment`, `name`, `email` and `date` as Y-m-d H:i:s', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Comment', `method=list&version=1&id=${photoId(rel)}`);
      expect(res.success).to.equal(true);
      const [c] = res.data.comments as Json[];
      expect(c).to.include({ comment: 'Lovely light!', name: 'admin@Lr', email: '' });
      expect(c!.id).to.match(/^comment_\d+$/);
      expect(c!.date).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    });

    it('PhotoStation.getPhotoExifs: `data.total` counts `data.exifs`, label/value pairs read from the file', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Photo', `method=getexif&version=1&id=${photoId(rel)}`);
      expect(res.success).to.equal(true);
      expect(res.data.total).to.be.a('number').and.equal(res.data.exifs.length);
      expect(res.data.exifs.map((e: Json) => e.value)).to.include('Replay');
    });
  });

  describe('reading back (getCommentsFromPublishedCollection, getRatingsFromPublishedCollection)', () => {
    it('PhotoStationPhoto.new (photo,tag) -> getTitle, getDescription, getRating, getGPS read `info`', async () => {
      const items = (await listAlbum(ALBUM, 'photo,video')).data.items as Json[];
      const photo = items.find((i) => i.id === photoId(`${ALBUM}/${FIRST}`))!;
      expect(photo.info).to.include({ title: 'At the lake', description: 'Cold water.\r\nWarm sun.' });
      expect(Number(photo.info.rating)).to.equal(4);
      expect(Number(photo.info.lat)).to.be.closeTo(46.512345, 1e-6);
      expect(Number(photo.info.lng)).to.be.closeTo(-6.63, 1e-6);
      const tags = (await getPhotoTags(`${ALBUM}/${FIRST}`)).data.tags as Json[];
      expect(tags.map((t) => [t.type, t.name])).to.deep.equal([
        ['desc', 'Lake Geneva'],
        ['people', 'Zoë Müller'],
      ]);
    });
  });

  describe('arranging, moving and deleting', () => {
    it('PhotoStation.sortAlbumPhotos -> Album.arrangeitem with `offset`, `limit` and a comma list of `item_id`', async () => {
      const order = [`${ALBUM}/${SECOND}`, `${ALBUM}/${FIRST}`];
      const res = await lr.syno(
        'SYNO.PhotoStation.Album',
        `method=arrangeitem&version=1&offset=0&limit=${order.length}&id=${albumId(ALBUM)}&item_id=${order.map((p) => photoId(p)).join(',')}`,
      );
      expect(res.success, JSON.stringify(res)).to.equal(true);
      expect(order.map((p) => itemRow(p)!.position)).to.deep.equal([0, 1]);
    });

    it('PhotoStation.createTree + movePhoto -> Photo.copy mode=move duplicate=ignore: the file and its metadata move', async () => {
      await lr.syno('SYNO.PhotoStation.Album', `method=create&version=1&id=${albumId(ROOT)}&name=${lrEncode('Moved')}`);
      const res = await lr.syno(
        'SYNO.PhotoStation.Photo',
        `method=copy&version=1&mode=move&duplicate=ignore&id=${photoId(`${ALBUM}/${FIRST}`)}&sharepath=${albumId(`${ROOT}/Moved`)}`,
      );
      expect(res.success, JSON.stringify(res)).to.equal(true);
      expect(existsSync(onDisk(`${ALBUM}/${FIRST}`))).to.equal(false);
      expect(readFileSync(onDisk(`${ROOT}/Moved/${FIRST}`))).to.deep.equal(originals[FIRST]);
      expect(itemRow(`${ROOT}/Moved/${FIRST}`)).to.include({ title: 'At the lake', rating: 4 });
      expect(itemTags(`${ROOT}/Moved/${FIRST}`)).to.have.length(2);
    });

    it('PhotoStation.deletePhoto: `success`; the file leaves the album and the index', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Photo', `method=delete&version=1&id=${photoId(`${ALBUM}/${SECOND}`)}`);
      expect(res.success, JSON.stringify(res)).to.equal(true);
      expect(existsSync(onDisk(`${ALBUM}/${SECOND}`))).to.equal(false);
      expect(itemRow(`${ALBUM}/${SECOND}`)).to.equal(undefined);
    });
  });

  describe('uploading a video (uploadVideoFiles)', () => {
    const VIDEO = 'Clip.mp4';
    const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42 not really a movie')]);

    it('PhotoStation.deletePhoto of the video before it was ever uploaded answers `success` (the plugin fails the upload otherwise)', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Photo', `method=delete&version=1&id=${photoId(`${ALBUM}/${VIDEO}`, true)}`);
      expect(res.success, 'error 101 would make the plugin index a nil answer').to.equal(true);
      expect(res.data.items).to.deep.equal([{ id: photoId(`${ALBUM}/${VIDEO}`, true), status: 404, new_id: null, error: 456 }]);
    });

    it('PhotoStation.uploadVideoFiles: thumbnails, an MP4_* rendition, then the original last', async () => {
      const thumb = await picture(3, 320, 240);
      expect(await lr.upload(ALBUM, VIDEO, 'THUM_B', 'image/jpeg', 'FIRST', thumb)).to.deep.equal({ success: true });
      for (const kind of ['THUM_M', 'THUM_S', 'THUM_XL']) expect(await lr.upload(ALBUM, VIDEO, kind, 'image/jpeg', 'MIDDLE', thumb)).to.deep.equal({ success: true });
      expect(await lr.upload(ALBUM, VIDEO, 'MP4_MED', 'video/mpeg', 'MIDDLE', bytes)).to.deep.equal({ success: true });
      expect(await lr.upload(ALBUM, VIDEO, 'ORIG_FILE', 'video/mpeg', 'LAST', bytes, TAKEN)).to.deep.equal({ success: true });
      expect(filesBelow(onDisk(ALBUM))).to.deep.equal([VIDEO]);
      expect(readFileSync(onDisk(`${ALBUM}/${VIDEO}`))).to.deep.equal(bytes);
      expect(itemRow(`${ALBUM}/${VIDEO}`)).to.include({ kind: 'video' });
      const items = (await listAlbum(ALBUM, 'photo,video')).data.items as Json[];
      expect(items.map((i) => i.id)).to.deep.equal([photoId(`${ALBUM}/${VIDEO}`, true)]);
    });

    it('PhotoStation.deletePhoto of the video (re-publish) removes it', async () => {
      const res = await lr.syno('SYNO.PhotoStation.Photo', `method=delete&version=1&id=${photoId(`${ALBUM}/${VIDEO}`, true)}`);
      expect(res.success).to.equal(true);
      expect(filesBelow(onDisk(ALBUM))).to.deep.equal([]);
    });
  });

  describe('cleaning up (deleteEmptyAlbumAndParents)', () => {
    it('PhotoStation.listAlbum (photo,video,album) finds the album empty, and PhotoStation.deleteAlbum removes it', async () => {
      const listed = await listAlbum(ALBUM, 'photo,video,album');
      expect(listed.data.items).to.deep.equal([]);
      const res = await lr.syno('SYNO.PhotoStation.Album', `method=delete&version=1&id=${albumId(ALBUM)}`);
      expect(res.success).to.equal(true);
      expect(existsSync(onDisk(ALBUM))).to.equal(false);
      expect(s.services.library.albums.byPath(ALBUM)).to.equal(undefined);
      // Its parent still holds the moved photo: the plugin's loop stops there.
      expect((await listAlbum(ROOT, 'photo,video,album')).data.items).to.have.length(1);
    });
  });
});
