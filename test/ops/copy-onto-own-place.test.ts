import { expect } from 'chai';
import { albumId, itemId } from '../../src/library/ids.ts';
import { BATCH, FINISHED, taskItems, waitTask } from '../helpers/batch.ts';
import { trashVsEntries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/**
 * Issue #11, found by `npm run crash-test -- --seed 13` (round 1; the kill came later and was not
 * the cause): an item copied onto its own place with `overwrite` sends the old file to the trash
 * and puts the copy where it was. The copy's row was built from the source's row after the
 * overwrite had already sent that very row, and its tags and comments, to the trash entry: the
 * copy came out bare (no title, rating, rotation, tag or comment).
 */
describe('An item copied onto its own place with overwrite', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.album('A');
    f.lib.db.prepare("UPDATE albums SET allow_comment = 1 WHERE path = 'A'").run();
  });
  afterEach(() => f.stop());

  async function decorate(name: string): Promise<string> {
    f.photo('A', name, { title: `t-${name}`, rating: 4 }, `content of ${name}`);
    const id = itemId('A', name, 'photo');
    const tag = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: `k-${name}` });
    expect((await f.call('SYNO.PhotoStation.PhotoTag', 'desc_tag', { id, tag_id: tag.data.id as string })).success).to.equal(true);
    expect((await f.call('SYNO.PhotoStation.Comment', 'create', { id, comment: `c-${name}` })).success).to.equal(true);
    return id;
  }

  async function metadata(id: string) {
    const info = await f.call('SYNO.PhotoStation.Photo', 'getinfo', { id });
    const item = (info.data as { info: { title: string; rating: number } }[])[0]!;
    const tags = await f.call('SYNO.PhotoStation.PhotoTag', 'list', { id });
    const comments = await f.call('SYNO.PhotoStation.Comment', 'list', { id });
    return {
      title: item.info.title,
      rating: item.info.rating,
      tags: (tags.data.tags as { name: string }[]).map((t) => t.name),
      comments: (comments.data.comments as { comment: string }[]).map((c) => c.comment),
    };
  }

  function check(name: string, after: Awaited<ReturnType<typeof metadata>>): void {
    expect(after).to.deep.equal({ title: `t-${name}`, rating: 4, tags: [`k-${name}`], comments: [`c-${name}`] });
    expect(f.trashCount(), 'the old file went to the trash').to.equal(1);
    expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
    expect(f.indexVsDisk()).to.deep.equal([]);
  }

  it('through Photo.copy is refused (458), changing nothing', async () => {
    const id = await decorate('p.jpg');
    const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id, sharepath: albumId('A'), mode: 'copy', duplicate: 'overwrite' });
    expect(r).to.deep.equal({ success: false, error: { code: 458 } });
    expect(await metadata(id)).to.deep.equal({ title: 't-p.jpg', rating: 4, tags: ['k-p.jpg'], comments: ['c-p.jpg'] });
    expect(f.trashCount()).to.equal(0);
  });

  it('through a Batch.copy task keeps the title, rating, tags and comments on the copy', async () => {
    const id = await decorate('q.jpg');
    const r = await f.call(BATCH, 'copy', { async: 'true', operations: JSON.stringify([{ from: id, to: albumId('A'), duplicate: 'overwrite' }]) });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    await waitTask(f, r.data.taskid as string, (t) => FINISHED.has(t.status as string), 30_000);
    expect((await taskItems(f, r.data.taskid as string)).map((i) => i.status)).to.deep.equal([204]);
    check('q.jpg', await metadata(id));
  });
});
