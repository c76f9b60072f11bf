import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { albumId } from '../../src/library/ids.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { BATCH, taskItems, waitTask } from '../helpers/batch.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const N = 1000;

/**
 * Runs the real server (`node --import tsx src/main.ts`) with a fault point, submits `params` as
 * a background task and waits for the process to die; answers the task id and how it died.
 */
async function submitUntilKilled(dir: string, fault: string, params: Record<string, string>): Promise<{ taskid: string; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: '0', PHOTOSTATION_DATA: dir, PHOTOSTATION_ADMIN_PASSWORD: 'admin-pw', PHOTOSTATION_FAULT: fault },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /on (http:\/\/\S+entry\.cgi)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', () => reject(new Error(`server exited before listening: ${out}`)));
  });
  const post = async (p: Record<string, string>) =>
    (await (await fetch(url, { method: 'POST', body: new URLSearchParams({ version: '1', ...p }) })).json()) as { success: boolean; data: Record<string, string> };
  const sid = (await post({ api: 'SYNO.PhotoStation.Auth', method: 'login', username: 'admin', password: 'admin-pw' })).data.sid as string;
  const r = await post({ api: BATCH, _sid: sid, ...params });
  if (!r.success) child.kill('SIGTERM');
  expect(r.success, JSON.stringify(r)).to.equal(true);
  // The fault point was never reached: stop the server so the test fails instead of hanging.
  const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  const signal = await exited;
  clearTimeout(timer);
  return { taskid: r.data.taskid as string, signal };
}

const all = JSON.stringify([{ children: albumId('S'), recursive: true }]);

describe('A Batch task killed with SIGKILL and resumed on restart', function () {
  this.timeout(120_000);
  const scenarios = [
    { method: 'move', fault: 'after-disk:300' },
    { method: 'move', fault: 'before-commit:2' },
    { method: 'copy', fault: 'after-disk:300' },
    { method: 'copy', fault: 'before-commit:2' },
  ];
  for (const { method, fault } of scenarios) {
    describe(`${method} of ${N} items, killed at ${fault}`, () => {
      let f: OpsFixture;
      let initial: string[];
      before(async () => {
        f = await OpsFixture.start();
        f.bulk('S', N, 10);
        f.album('D');
        initial = f.hashes();
        await f.stop(true);
      });
      after(async () => {
        await f.stop();
      });

      it('finishes after the restart: every unit has one result, nothing lost or duplicated, index = disk', async () => {
        const { taskid, signal } = await submitUntilKilled(f.dir, fault, { method, selection: all, to: albumId('D') });
        expect(signal).to.equal('SIGKILL');
        const logs: Record<string, unknown>[] = [];
        await f.open({ log: (l) => logs.push(l) });
        // The crash left units done on disk but not committed: recovery finished them, and their results with them.
        const recovered = logs.find((l) => l.msg === 'journal recovered') as { redone: number } | undefined;
        expect(recovered?.redone, 'units finished by recovery').to.be.greaterThan(0);
        const task = await waitTask(f, taskid);
        expect(task).to.include({ status: 'done', total: N, processed: N, remaining: 0, result: 200 });
        const items = await taskItems(f, taskid);
        expect(items).to.have.length(N);
        expect(items.map((i) => i.status)).to.deep.equal(Array(N).fill(204));
        expect(f.lib.db.prepare('SELECT count(*) FROM task_units WHERE status IS NULL').pluck().get()).to.equal(0);
        expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
        expect(f.indexVsDisk()).to.deep.equal([]);
        expect(f.temporaries()).to.deep.equal([]);
        const names = f.lib.db.prepare("SELECT items.name FROM items JOIN albums ON albums.id = items.album_id WHERE albums.path = 'D'").pluck().all() as string[];
        // One file per source in D, under its own name: no `p1 (1).jpg` from a unit run twice.
        expect(names.sort()).to.deep.equal(Array.from({ length: N }, (_, i) => `p${i}.jpg`).sort());
        const after = f.hashes();
        if (method === 'move') {
          expect(after).to.deep.equal(initial);
          expect(f.lib.db.prepare("SELECT count(*) FROM items JOIN albums ON albums.id = items.album_id WHERE albums.path LIKE 'S/%'").pluck().get()).to.equal(0);
        } else {
          // Each original exactly twice: the source and its one copy.
          expect(after).to.deep.equal([...initial, ...initial].sort());
        }
      });
    });
  }
});
