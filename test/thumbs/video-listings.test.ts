import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { albumIdOf, itemIdOf, startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { dims, ffmpegPresent, getThumb, makeVideo, solid } from './images.ts';

const ALBUM = 'SYNO.PhotoStation.Album';

/** Clip/{clip.mp4 (2 s, 640x360), still.jpg}; Empty/. */
async function library(overrides: Parameters<typeof startStation>[0], withVideo: boolean): Promise<TestStation> {
  const still = await solid(400, 300);
  return startStation(overrides, (root) => {
    mkdirSync(path.join(root, 'Clip'));
    mkdirSync(path.join(root, 'Empty'));
    mkdirSync(path.join(root, 'OnlyVideo'));
    if (withVideo) {
      makeVideo(path.join(root, 'Clip', 'clip.mp4'));
      makeVideo(path.join(root, 'OnlyVideo', 'v.mp4'));
    } else {
      writeFileSync(path.join(root, 'Clip', 'clip.mp4'), 'not really a video');
      writeFileSync(path.join(root, 'OnlyVideo', 'v.mp4'), 'not really a video');
    }
    writeFileSync(path.join(root, 'Clip', 'still.jpg'), still);
  });
}

describe('listings carry thumbnail facts', function () {
  this.timeout(60_000);
  let t: TestStation;
  let admin: string;
  before(async () => {
    t = await library({}, false);
    admin = await t.login('admin', 'admin-pw');
  });
  after(() => t.close());

  it('a photo: every size, the dimensions each will have, the source mtime in seconds, a hex sig', async () => {
    const res = await t.call(ALBUM, 'list', { id: albumIdOf('Clip'), offset: 0, limit: -1, type: 'photo', additional: 'thumb_size' }, admin);
    const item = res.data.items[0];
    expect(item.thumbnail_status).to.equal('preview,small,large');
    const row = t.station.services.library.items.byId(t.station.services.library.items.get(t.station.services.library.albums.byPath('Clip')!.id, 'still.jpg')!.id)!;
    const mtime = Math.floor(row.mtime / 1000);
    expect(item.additional.thumb_size).to.deep.include({
      preview: { resolutionx: 213, resolutiony: 160, mtime },
      small: { resolutionx: 400, resolutiony: 300, mtime },
      large: { resolutionx: 400, resolutiony: 300, mtime },
    });
    expect(item.additional.thumb_size.sig).to.match(/^[0-9a-f]{8,}$/);
  });

  it('an album without a cover: zeros and an empty sig, thumbnail_status default; album_createdate in integer seconds', async () => {
    const res = await t.call(ALBUM, 'getinfo', { id: albumIdOf('Empty'), additional: 'thumb_size,album_createdate' }, admin);
    const album = res.data.items[0];
    expect(album.thumbnail_status).to.equal('default');
    const zero = { resolutionx: 0, resolutiony: 0, mtime: 0 };
    expect(album.additional.thumb_size).to.deep.equal({ preview: zero, small: zero, large: zero, sig: '' });
    expect(album.additional.album_createdate).to.be.a('number');
    expect(Number.isInteger(album.additional.album_createdate)).to.equal(true);
  });

  it('a sig changes when the file changes', async () => {
    const list = async () =>
      (await t.call(ALBUM, 'list', { id: albumIdOf('Clip'), offset: 0, limit: -1, type: 'photo', additional: 'thumb_size' }, admin)).data.items[0].additional.thumb_size.sig;
    const before = await list();
    writeFileSync(path.join(t.root, 'Clip', 'still.jpg'), await solid(402, 300));
    await t.rescan();
    expect(await list()).to.not.equal(before);
  });
});

describe('videos', function () {
  this.timeout(120_000);
  const present = ffmpegPresent();

  describe('with ffmpeg', function () {
    let t: TestStation;
    let admin: string;
    before(async function () {
      if (!present) {
        if (process.env.CI) throw new Error('ffmpeg/ffprobe are missing, and CI must run the video tests');
        console.log('    (skipped: ffmpeg/ffprobe are not on the PATH)');
        this.skip();
      }
      t = await library({}, true);
      admin = await t.login('admin', 'admin-pw');
    });
    after(() => t?.close());

    it('lists video_codec and video_quality from ffprobe', async () => {
      const res = await t.call(ALBUM, 'list', { id: albumIdOf('Clip'), offset: 0, limit: -1, type: 'video', additional: 'video_codec,video_quality,thumb_size' }, admin);
      const v = res.data.items[0];
      expect(v.thumbnail_status).to.equal('preview,small,large');
      expect(v.additional.video_codec).to.include({ container: 'mp4', vcodec: 'h264', acodec: 'aac', resolution_x: 640, resolution_y: 360, frame_bitrate: 25 });
      expect(v.additional.video_codec.duration).to.be.within(1900, 2200);
      expect(v.additional.video_codec.video_bitrate).to.be.above(0);
      expect(v.additional.video_codec.audio_bitrate).to.be.above(0);
      expect(v.additional.video_quality).to.deep.equal([
        { id: 'original', container: 'mp4', vcodec: 'h264', acodec: 'aac', resolution_x: 640, resolution_y: 360, filesize: v.info.size, profile_name: 'original' },
      ]);
      expect(v.additional.thumb_size.small).to.include({ resolutionx: 569, resolutiony: 320 });
    });

    it("answers a frame as its thumbnail, and as its album's cover", async () => {
      const res = await getThumb(t, { id: itemIdOf('Clip', 'clip.mp4', 'video'), size: 'small' }, { sid: admin });
      expect(res.headers.get('content-type')).to.equal('image/jpeg');
      expect(await dims(res.bytes)).to.include({ width: 569, height: 320 });
      const cover = await getThumb(t, { id: albumIdOf('OnlyVideo'), size: 'preview' }, { sid: admin });
      expect(await dims(cover.bytes)).to.include({ width: 284, height: 160 });
    });
  });

  describe('without ffmpeg (PHOTOSTATION_FFMPEG=off)', () => {
    let t: TestStation;
    let admin: string;
    before(async () => {
      t = await library({ ffmpeg: 'off' }, present);
      admin = await t.login('admin', 'admin-pw');
    });
    after(() => t.close());

    it('lists videos with thumbnail_status default, photos as usual', async () => {
      const res = await t.call(ALBUM, 'list', { id: albumIdOf('Clip'), offset: 0, limit: -1 }, admin);
      const byName = Object.fromEntries(res.data.items.map((i: { info: { name: string }; thumbnail_status: string }) => [i.info.name, i.thumbnail_status]));
      expect(byName).to.deep.equal({ 'clip.mp4': 'default', 'still.jpg': 'preview,small,large' });
    });

    it('answers 504 for a video thumbnail, and still serves photos', async () => {
      const res = await getThumb(t, { id: itemIdOf('Clip', 'clip.mp4', 'video') }, { sid: admin });
      expect(res.json?.error?.code).to.equal(504);
      const photo = await getThumb(t, { id: itemIdOf('Clip', 'still.jpg') }, { sid: admin });
      expect(photo.headers.get('content-type')).to.equal('image/jpeg');
    });
  });
});
