import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { fsFaultsInjected, setFsFaults } from '../../src/runtime/fsx.ts';
import { removeStale } from '../../src/runtime/litter.ts';
import { ChildServer } from '../helpers/child-server.ts';
import { indexVsDisk, temporaries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/** A unit's temporary whose own removal fails (runtime/litter.ts): never left behind. */
describe('temporaries a failing disk leaves (SPEC §20)', () => {
  afterEach(() => setFsFaults(undefined));

  describe('while the server runs', () => {
    let f: OpsFixture;
    const logs: Record<string, unknown>[] = [];
    beforeEach(async () => {
      logs.length = 0;
      f = await OpsFixture.start({ log: (l) => logs.push(l) });
      f.bulk('S', 2, 1);
      f.album('D');
    });
    afterEach(() => f.stop());
    const copy = (name: string) => f.call('SYNO.PhotoStation.Photo', 'copy', { id: itemId('S', name, 'photo'), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' });

    it('a copy that fails, and whose temporary cannot be removed either, leaves no temporary once its batch ends', async () => {
      // The rename into place fails, then the removal of the temporary: the batch's sweep takes it.
      setFsFaults('fs:rename:1:EROFS,fs:unlink:1:EIO');
      const r = await copy('p0.jpg');
      expect(fsFaultsInjected(), 'both armed calls were reached').to.equal(2);
      expect(((r.data?.items ?? []) as { status: number }[]).map((it) => it.status)).to.deep.equal([500]);
      expect(readdirSync(path.join(f.photoRoot, 'D'))).to.deep.equal([]);
      expect(temporaries(f.photoRoot)).to.deep.equal([]);
      expect(indexVsDisk(f.lib.db, f.photoRoot)).to.deep.equal([]);
      expect(logs.filter((l) => l.level === 'error' && String(l.msg).includes('temporary'))).to.deep.equal([]);
    });

    it('the sweep logs a temporary it still cannot remove, and keeps it for a later try', async () => {
      // A disk that stays read-only for removals: the temporary outlives the batch, and says so.
      setFsFaults('fs:rename:1:EROFS,fs:unlink:1:EIO:0');
      await copy('p0.jpg');
      expect(temporaries(f.photoRoot)).to.have.length(1);
      expect(logs.some((l) => l.level === 'error' && l.msg === 'could not remove a temporary; the next start-up scan will')).to.equal(true);
      // The disk recovers: the next batch's sweep removes it.
      setFsFaults(undefined);
      const r = await copy('p1.jpg');
      expect(r.success).to.equal(true);
      expect(temporaries(f.photoRoot)).to.deep.equal([]);
    });
  });

  it('a temporary made by this process is not stale: the start-up sweep leaves it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-litter-'));
    try {
      writeFileSync(path.join(dir, '.ps-partial-5'), 'x');
      expect(removeStale(dir, ['.ps-partial-5'], () => {})).to.equal(0);
      expect(existsSync(path.join(dir, '.ps-partial-5'))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the next start-up scan removes temporaries an earlier process left, and nothing else', async function () {
    this.timeout(30_000);
    const f = await OpsFixture.start();
    f.bulk('A', 2, 1);
    const root = f.photoRoot;
    await f.stop(true);
    try {
      writeFileSync(path.join(root, 'A', '.ps-partial-12'), 'half a copy');
      writeFileSync(path.join(root, 'A', '.ps-partial-space-3'), 'half a crossing');
      writeFileSync(path.join(root, '.ps-partial-40'), 'at the root');
      writeFileSync(path.join(root, 'A', '.hidden-by-the-user'), 'not ours');
      const server = await ChildServer.start(f.dir);
      try {
        const deadline = Date.now() + 20_000;
        while (temporaries(root).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(temporaries(root)).to.deep.equal([]);
        expect(server.logs.filter((l) => l.msg === 'removed a temporary an earlier run left')).to.have.length(3);
        expect(readdirSync(path.join(root, 'A')).sort()).to.deep.equal(['.hidden-by-the-user', 'p0.jpg', 'p1.jpg']);
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
