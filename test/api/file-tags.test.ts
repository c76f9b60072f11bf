import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { itemId } from '../../src/library/ids.ts';
import { startStation } from '../helpers/browse.ts';
import type { TestStation } from '../helpers/browse.ts';
import { taggedJpeg, xmpPacket } from '../helpers/tagged-jpeg.ts';
import { upload } from '../helpers/upload.ts';

const PHOTO_TAG = 'SYNO.PhotoStation.PhotoTag';

const XMP = xmpPacket({
  subjects: ['sea', 'Holiday'],
  mwg: [
    { name: 'Ann', x: 0.5, y: 0.5, w: 0.2, h: 0.4 },
    { name: 'Bob', x: 0.25, y: 0.25, w: 0.1, h: 0.1 },
  ],
  mp: { name: 'Carl', rect: '0.1, 0.2, 0.3, 0.4' },
});

interface Tag {
  name: string;
  tag_type: string;
  additional: { info: Record<string, unknown> };
}

function summary(tags: Tag[]): string[] {
  return tags.map((t) => `${t.tag_type}:${t.name}`).sort();
}

describe('Keywords and people from the files (SPEC §15)', () => {
  let t: TestStation;
  let admin: string;
  let tagged: Buffer;
  before(async () => {
    tagged = await taggedJpeg(XMP, ['beach', 'HOLIDAY', 'Zoë']);
    const plain = await taggedJpeg(undefined);
    t = await startStation({}, (root) => {
      mkdirSync(path.join(root, 'A'));
      writeFileSync(path.join(root, 'A', 'tagged.jpg'), tagged);
      writeFileSync(path.join(root, 'A', 'plain.jpg'), plain);
    });
    admin = await t.login('admin', 'admin-pw');
  });
  after(() => t.close());

  it('a scanned file: IPTC and XMP keywords become desc tags (once per name, letter case aside: the first spelling), MWG and Microsoft regions people tags', async () => {
    const r = await t.call(PHOTO_TAG, 'list', { id: itemId('A', 'tagged.jpg', 'photo') }, admin);
    expect(summary(r.data.tags)).to.deep.equal(['desc:HOLIDAY', 'desc:Zoë', 'desc:beach', 'desc:sea', 'people:Ann', 'people:Bob', 'people:Carl']);
    const info = (name: string) => (r.data.tags as Tag[]).find((x) => x.name === name)?.additional.info;
    // MWG gives the centre: the region's top left is centre minus half the size.
    expect(info('Ann')).to.include({ x: 0.4, y: 0.3, width: 0.2, height: 0.4 });
    expect(info('Bob')).to.include({ x: 0.2, y: 0.2, width: 0.1, height: 0.1 });
    expect(info('Carl')).to.include({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 });
    expect((await t.call(PHOTO_TAG, 'list', { id: itemId('A', 'plain.jpg', 'photo') }, admin)).data.tags).to.deep.equal([]);
  });

  it("the tags read are the library's tags, found by keyword and filter_tag", async () => {
    const tags = (await t.call('SYNO.PhotoStation.Tag', 'list', { type: 'desc' }, admin)).data.tags as Array<Tag & { id: string }>;
    expect(tags.map((x) => x.name)).to.deep.equal(['beach', 'HOLIDAY', 'sea', 'Zoë']);
    const sea = tags.find((x) => x.name === 'sea')?.id as string;
    const byTag = await t.call('SYNO.PhotoStation.Photo', 'list', { offset: 0, limit: -1, filter_tag: sea }, admin);
    expect(byTag.data.items.map((i: { info: { name: string } }) => i.info.name)).to.deep.equal(['tagged.jpg']);
    const byWord = await t.call('SYNO.PhotoStation.Photo', 'list', { offset: 0, limit: -1, keyword: 'carl' }, admin);
    expect(byWord.data.items.map((i: { info: { name: string } }) => i.info.name)).to.deep.equal(['tagged.jpg']);
  });

  it('an uploaded file gets its tags at once, sharing the existing ones', async () => {
    const r = await upload(t.base, { dest_folder_path: 'A', filename: 'up.jpg' }, { bytes: tagged, filename: 'up.jpg' }, admin);
    expect(r.success, JSON.stringify(r)).to.equal(true);
    const listed = await t.call(PHOTO_TAG, 'list', { id: itemId('A', 'up.jpg', 'photo') }, admin);
    expect(summary(listed.data.tags)).to.deep.equal(['desc:HOLIDAY', 'desc:Zoë', 'desc:beach', 'desc:sea', 'people:Ann', 'people:Bob', 'people:Carl']);
    const count = t.station.services.db.prepare("SELECT count(*) FROM tags WHERE type = 'desc'").pluck().get();
    expect(count).to.equal(4);
  });
});
