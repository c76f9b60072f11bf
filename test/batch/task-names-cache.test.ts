import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, TASK, photo, taskItems, waitTask } from '../helpers/batch.ts';

/**
 * A Batch task keeps the folder contents it has read (src/ops/names.ts) while it runs. Task rows
 * are numbered by SQLite, which gives a new row the number of a deleted last one: after
 * BackgroundTask.clear_finished the next task had the same number as the one before, and was
 * handed that task's folder contents, however old (found by `npm run fault-test`, which clears
 * finished tasks between rounds: an album copied with `ask` onto a same-named album that a call
 * between the two tasks had made, merged instead of being refused).
 */
describe('Batch tasks: folder contents are never carried from one task to the next', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  afterEach(async () => {
    await f.station.services.tasks.runner.idle();
    await f.stop();
  });

  it('an album copied with ask onto a same-named album made between two tasks is refused, after clear_finished', async () => {
    f = await OpsFixture.start();
    f.photo('Src/A1', 'a.jpg');
    f.photo('Src/A1', 'b.jpg');
    f.photo('Other', 'o.jpg');
    f.album('Dest');
    // Task 1 reads Dest's contents (empty), copying one photo there.
    const first = await f.call(BATCH, 'copy', { async: 'true', operations: JSON.stringify([{ from: photo('Other', 'o.jpg'), to: albumId('Dest'), duplicate: 'ask' }]) });
    expect(first.success, JSON.stringify(first)).to.equal(true);
    expect((await waitTask(f, first.data.taskid as string)).status).to.equal('done');
    expect((await f.call(TASK, 'clear_finished', {})).success).to.equal(true);
    // Between the tasks, an album A1 appears in Dest by an ordinary call.
    const made = await f.call('SYNO.PhotoStation.Album', 'create', { id: albumId('Dest'), name: 'A1' });
    expect(made.success, JSON.stringify(made)).to.equal(true);
    const second = await f.call(BATCH, 'copy', { async: 'true', operations: JSON.stringify([{ from: albumId('Src/A1'), to: albumId('Dest'), duplicate: 'ask' }]) });
    expect(second.success, JSON.stringify(second)).to.equal(true);
    await waitTask(f, second.data.taskid as string);
    const items = await taskItems(f, second.data.taskid as string);
    expect(items.map((i) => i.status)).to.deep.equal([409]);
    expect(readdirSync(path.join(f.photoRoot, 'Dest', 'A1'))).to.deep.equal([]);
    expect(existsSync(path.join(f.photoRoot, 'Dest', 'A1 (1)'))).to.equal(false);
    expect(f.indexVsDisk()).to.deep.equal([]);
  });
});
