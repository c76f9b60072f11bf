import { expect } from 'chai';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const PHOTO = 'SYNO.PhotoStation.Photo';
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('Photo.listexif (the values an EXIF field takes, for the search filters)', () => {
  let f: OpsFixture;
  /** Stores EXIF tags in the index, as the metadata pass does (metadata.ts keeps these few). */
  const exif = (album: string, name: string, tags: Record<string, unknown>) =>
    f.lib.db.prepare('UPDATE items SET exif = ? WHERE album_id = ? AND name = ?').run(JSON.stringify(tags), f.album(album).id, name);
  const list = async (type: string, sid?: string | null) => {
    const r = await f.call(PHOTO, 'listexif', { type }, sid);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    return r.data;
  };

  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A', 'a.jpg', { rating: 4 });
    f.photo('A', 'b.jpg', { rating: 1 });
    f.photo('A', 'c.jpg');
    f.photo('Secret', 's.jpg', { rating: 5 });
    exif('A', 'a.jpg', { Make: 'Nikon', Model: 'Z6', ISO: 400, FNumber: 2.8, ExposureTime: 0.004, FocalLength: 50, LensModel: 'Nikkor 50mm' });
    exif('A', 'b.jpg', { Make: 'Canon', Model: 'R5', ISO: 100, FNumber: 2.8, ExposureTime: 2, FocalLength: 24 });
    exif('Secret', 's.jpg', { Make: 'Leica', ISO: 3200 });
    f.lib.db.prepare("UPDATE albums SET type = 'public' WHERE path = 'A'").run();
    f.lib.db.prepare("UPDATE albums SET type = 'private' WHERE path = 'Secret'").run();
  });
  afterEach(() => f.stop());

  it("answers Photo Station's shape, values spelled as photo_exif shows them, each once, in order", async () => {
    expect(await list('camera_make')).to.deep.equal({
      total: 3,
      tags: [
        { id: `camera_make_${hex('Canon')}`, name: 'Canon', type: 'exif', tag_type: 'camera_make' },
        { id: `camera_make_${hex('Leica')}`, name: 'Leica', type: 'exif', tag_type: 'camera_make' },
        { id: `camera_make_${hex('Nikon')}`, name: 'Nikon', type: 'exif', tag_type: 'camera_make' },
      ],
    });
    const names = async (type: string) => ((await list(type)).tags as Array<{ name: string }>).map((t) => t.name);
    expect(await names('iso')).to.deep.equal(['100', '400', '3200']);
    expect(await names('aperature')).to.deep.equal(['F2.8']);
    expect(await names('aperture')).to.deep.equal(['F2.8']);
    expect(await names('exposure')).to.deep.equal(['1/250 sec', '2 sec']);
    expect(await names('focal_length')).to.deep.equal(['24 mm', '50 mm']);
    expect(await names('focal_length_v2')).to.deep.equal(['24 mm', '50 mm']);
    expect(await names('lens')).to.deep.equal(['Nikkor 50mm']);
    expect(await names('flash')).to.deep.equal([]);
    // The same spelling as Photo.list's `additional=photo_exif`.
    const item = (await f.call(PHOTO, 'list', { offset: '0', limit: '-1', type: 'photo', additional: 'photo_exif' })).data.items.find(
      (i: { info: { name: string } }) => i.info.name === 'a.jpg',
    );
    expect(item.additional.photo_exif).to.include({ exposure: '1/250 sec', aperture: 'F2.8', focal_length: '50 mm', iso: 400, camera: 'Nikon' });
  });

  it('lists the ratings the photos have, as `rating_<n>`', async () => {
    expect((await list('rating')).tags).to.deep.equal([0, 1, 4, 5].map((n) => ({ id: `rating_${n}`, name: String(n), type: 'exif', tag_type: 'rating' })));
  });

  it('counts only photos the caller may browse: a guest and a user without rights on the private album do not see its camera', async () => {
    const guest = (await list('camera_make', null)).tags.map((t: { name: string }) => t.name);
    expect(guest).to.deep.equal(['Canon', 'Nikon']);
    const bob = await f.user('bob', {});
    expect((await list('iso', bob)).tags.map((t: { name: string }) => t.name)).to.deep.equal(['100', '400']);
    expect((await list('rating', bob)).tags.map((t: { name: string }) => t.name)).to.deep.equal(['0', '1', '4']);
    const carol = await f.user('carol', { Secret: { browse: true } });
    expect((await list('camera_make', carol)).total).to.equal(3);
  });

  it('answers 456 (PHOTO_BAD_PARAMS) for a missing or unknown type', async () => {
    expect(await f.call(PHOTO, 'listexif', {})).to.deep.equal({ success: false, error: { code: 456 } });
    expect(await f.call(PHOTO, 'listexif', { type: 'shutter' })).to.deep.equal({ success: false, error: { code: 456 } });
    expect(await f.call(PHOTO, 'listexif', { type: "camera_make') --" })).to.deep.equal({ success: false, error: { code: 456 } });
  });

  it('reads the index in slices to its end: values of the first and the last of 5 000 photos', async () => {
    f.bulk('Many', 5000, 1);
    const many = f.album('Many').id;
    f.lib.db.prepare('UPDATE items SET exif = \'{"Make":"Pentax"}\' WHERE album_id = ? AND name = \'p0.jpg\'').run(many);
    f.lib.db.prepare('UPDATE items SET exif = \'{"Make":"Sony"}\' WHERE album_id = ? AND name = \'p4999.jpg\'').run(many);
    const names = (await list('camera_make')).tags.map((t: { name: string }) => t.name);
    expect(names).to.deep.equal(['Canon', 'Leica', 'Nikon', 'Pentax', 'Sony']);
  });
});
