import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { Fault } from '../../src/ops/fault.ts';
import { adoptFsFaults, fsFaultShare, fsFaultsInjected, parseFsFaults, renameSync, setFsFaults } from '../../src/runtime/fsx.ts';
import { runFaults } from '../../scripts/fault/run.ts';
import { indexVsDisk, temporaries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { ADMIN_PASSWORD, filesBelow, login, makeAlbum, startServer, upload } from '../helpers/upload.ts';
import type { TestServer } from '../helpers/upload.ts';

const JPEG = readFileSync(path.join(import.meta.dirname, '../fixtures/exif.jpg'));

describe('file-system faults (SPEC §20)', () => {
  afterEach(() => setFsFaults(undefined));

  describe('the switch', () => {
    it('reads fs: entries beside the crash points, and refuses malformed ones', () => {
      expect(parseFsFaults('after-disk:3,fs:rename:2:EIO,fs-ipc')).to.deep.equal([{ op: 'rename', at: 2, times: 1, code: 'EIO' }]);
      expect(parseFsFaults('fs:any:1')[0]).to.include({ op: 'any', code: 'ENOSPC', times: 1 });
      expect(() => parseFsFaults('fs:chmod:1')).to.throw(/fs fault kind/);
      expect(() => parseFsFaults('fs:rename:0')).to.throw(/positive integer/);
      expect(() => parseFsFaults('fs:rename:1:EPERM')).to.throw(/errno/);
      // The crash switch ignores the fs entries and still parses its own.
      expect(() => new Fault('fs:rename:2:EIO,after-disk:3')).not.to.throw();
      expect(() => new Fault('fs:rename:2:EIO,bogus')).to.throw(/fault point/);
    });

    it('handed to another thread, counts there with this one, and stops there when disarmed here', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ps-fsx-'));
      try {
        for (const n of ['a', 'b', 'c']) execFileSync('touch', [path.join(dir, n)]);
        setFsFaults('fs:rename:2:EIO:0');
        const share = fsFaultShare();
        // What the disk thread does with each batch (adoptFsFaults), here in this thread.
        adoptFsFaults(share);
        renameSync(path.join(dir, 'a'), path.join(dir, 'a2'));
        expect(() => renameSync(path.join(dir, 'b'), path.join(dir, 'b2'))).to.throw(/EIO/);
        expect(fsFaultsInjected(), 'counted in the shared counts').to.equal(1);
        // Disarmed by the arming thread after the batch was handed over (a fault run between two operations).
        expect(setFsFaults(undefined)).to.equal(1);
        adoptFsFaults(share);
        renameSync(path.join(dir, 'c'), path.join(dir, 'c2'));
        expect(readdirSync(dir).sort()).to.deep.equal(['a2', 'b', 'c2']);
      } finally {
        setFsFaults(undefined);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('uploads on a failing disk', () => {
    let srv: TestServer;
    let admin: string;
    before(async () => {
      srv = await startServer();
      admin = await login(srv.base, 'admin', ADMIN_PASSWORD);
      makeAlbum(srv.services, 'Up');
    });
    after(() => srv.close());

    const nothingLeft = () => {
      expect(filesBelow(path.join(srv.config.photoRoot, 'Up'))).to.deep.equal([]);
      expect(readdirSync(srv.config.tmpDir)).to.deep.equal([]);
      expect(srv.services.library.items.get(srv.services.library.albums.byPath('Up')!.id, 'a.jpg')).to.equal(undefined);
    };

    for (const rule of ['fs:write:1:ENOSPC', 'fs:write:2:ENOSPC', 'fs:link:1:ENOSPC', 'fs:rename:1:EIO', 'fs:unlink:1:EROFS', 'fs:fsync:1:EIO', 'fs:fsync:2:EIO']) {
      it(`${rule}: 522, nothing half-written, no row, and the next upload works`, async () => {
        setFsFaults(rule);
        const env = await upload(srv.base, { dest_folder_path: 'Up' }, { bytes: JPEG, filename: 'a.jpg' }, admin);
        expect(fsFaultsInjected(), 'the armed call was reached').to.equal(1);
        expect(env.success).to.equal(false);
        expect(env.error?.code).to.equal(522);
        nothingLeft();
        setFsFaults(undefined);
        const ok = await upload(srv.base, { dest_folder_path: 'Up' }, { bytes: JPEG, filename: 'a.jpg', field: 'original' }, admin);
        expect(ok.success).to.equal(true);
        expect(readFileSync(path.join(srv.config.photoRoot, 'Up/a.jpg')).equals(JPEG)).to.equal(true);
        expect(indexVsDisk(srv.services.library.db, srv.config.photoRoot)).to.deep.equal([]);
        // Back to empty for the next case.
        const del = await fetch(`${srv.base}/photo/webapi/entry.cgi`, {
          method: 'POST',
          body: new URLSearchParams({ api: 'SYNO.PhotoStation.Photo', method: 'delete', version: '1', id: itemId('Up', 'a.jpg', 'photo'), _sid: admin }),
        });
        expect(((await del.json()) as { success: boolean }).success).to.equal(true);
      });
    }

    it('without flushes (the benchmark baseline) no fsync is on the path', async () => {
      const bare = await startServer({ flush: false });
      try {
        const sid = await login(bare.base, 'admin', ADMIN_PASSWORD);
        makeAlbum(bare.services, 'Up');
        setFsFaults('fs:fsync:1:EIO:0');
        const env = await upload(bare.base, { dest_folder_path: 'Up' }, { bytes: JPEG, filename: 'a.jpg' }, sid);
        expect(env.success).to.equal(true);
        expect(fsFaultsInjected()).to.equal(0);
      } finally {
        await bare.close();
      }
    });
  });

  describe('uploads onto a real full disk (a 1 MiB tmpfs; only where root may mount one)', () => {
    let mnt: string;
    let mounted = false;
    before(function () {
      mnt = mkdtempSync(path.join(os.tmpdir(), 'ps-full-'));
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'ignore' });
        mounted = true;
      } catch {
        rmSync(mnt, { recursive: true, force: true });
        this.skip();
      }
    });
    after(() => {
      if (mounted) execFileSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    });

    for (const where of ['tmp', 'photo'] as const) {
      it(`the ${where === 'tmp' ? 'temporary folder' : 'photo root'} full: 522, nothing half-written, no row, server alive`, async () => {
        const dir = path.join(mnt, where);
        mkdirSync(dir);
        const srv = await startServer(where === 'tmp' ? { tmpDir: dir } : { photoRoot: dir });
        try {
          const sid = await login(srv.base, 'admin', ADMIN_PASSWORD);
          makeAlbum(srv.services, 'Up');
          const big = Buffer.alloc(2 * 1024 * 1024, 7);
          const env = await upload(srv.base, { dest_folder_path: 'Up' }, { bytes: big, filename: 'big.jpg' }, sid);
          expect(env.error?.code).to.equal(522);
          expect(filesBelow(path.join(srv.config.photoRoot, 'Up'))).to.deep.equal([]);
          expect(readdirSync(srv.config.tmpDir)).to.deep.equal([]);
          expect(srv.services.library.items.get(srv.services.library.albums.byPath('Up')!.id, 'big.jpg')).to.equal(undefined);
          const small = await upload(srv.base, { dest_folder_path: 'Up' }, { bytes: JPEG, filename: 'small.jpg' }, sid);
          expect(small.success, 'a small upload still fits').to.equal(true);
        } finally {
          await srv.close();
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });

  describe('units on a failing disk', () => {
    let f: OpsFixture;
    const logs: Record<string, unknown>[] = [];
    beforeEach(async () => {
      logs.length = 0;
      f = await OpsFixture.start({ log: (l) => logs.push(l) });
      f.bulk('S', 4, 1);
      f.album('D');
    });
    afterEach(() => f.stop());

    const ids = (n: number) => Array.from({ length: n }, (_, i) => itemId('S', `p${i}.jpg`, 'photo')).join(',');

    it('a copy whose second file fails (EIO) reports that item 500 and copies the others wholly', async () => {
      setFsFaults('fs:copy:2:EIO');
      const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids(4), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' });
      expect(fsFaultsInjected()).to.equal(1);
      const statuses = ((r.data?.items ?? []) as { status: number }[]).map((it) => it.status);
      expect(statuses.filter((s) => s === 500)).to.have.length(1);
      expect(statuses.filter((s) => s === 204)).to.have.length(3);
      expect(readdirSync(path.join(f.photoRoot, 'D')).sort()).to.have.length(3);
      expect(temporaries(f.photoRoot)).to.deep.equal([]);
      expect(indexVsDisk(f.lib.db, f.photoRoot)).to.deep.equal([]);
    });

    it('a move whose rename fails (EROFS) leaves that item where it was, in the index too', async () => {
      setFsFaults('fs:rename:3:EROFS');
      const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids(4), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
      const statuses = ((r.data?.items ?? []) as { status: number }[]).map((it) => it.status);
      expect(statuses.filter((s) => s === 500)).to.have.length(1);
      expect(readdirSync(path.join(f.photoRoot, 'S'))).to.have.length(1);
      expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(3);
      expect(indexVsDisk(f.lib.db, f.photoRoot)).to.deep.equal([]);
    });

    it('flushes the folders a batch changed before it answers (an fsync on the path fails: logged, the units stand)', async () => {
      setFsFaults('fs:fsync:1:EIO:0');
      const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids(4), sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
      expect(fsFaultsInjected(), 'the index log after the intents, both folders (each tried twice), the index log after the commit').to.equal(6);
      expect(r.success).to.equal(true);
      expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(4);
      expect(indexVsDisk(f.lib.db, f.photoRoot)).to.deep.equal([]);
      expect(logs.some((l) => l.level === 'error' && String(l.msg).startsWith('could not flush'))).to.equal(true);
    });

    it('group commit: over three batches the index log is flushed once per batch and once more, last, before the answer', async () => {
      const g = await OpsFixture.start({ log: (l) => logs.push(l) });
      try {
        g.bulk('S', 450, 1);
        g.album('D');
        const many = Array.from({ length: 450 }, (_, i) => itemId('S', `p${i}.jpg`, 'photo')).join(',');
        // Three batches (200, 200, 50), each: the log after its intents, then its two folders.
        // Their commits are not flushed one by one: the next batch's intent flush carries each,
        // and the tenth fsync, the last, is the one that carries the third batch's commit.
        setFsFaults('fs:fsync:10:EIO,fs:fsync:11:EIO');
        const r = await g.call('SYNO.PhotoStation.Photo', 'copy', { id: many, sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
        expect(r.success).to.equal(true);
        expect(fsFaultsInjected(), 'the tenth fsync failed and there was no eleventh').to.equal(1);
        expect(logs.map((l) => l.msg)).to.include('could not flush the index log; a power cut may lose the last batch');
        expect(readdirSync(path.join(g.photoRoot, 'D'))).to.have.length(450);
        expect(indexVsDisk(g.lib.db, g.photoRoot)).to.deep.equal([]);
      } finally {
        await g.stop();
      }
    });

    it('flushes each copied file before naming it: a failing fsync fails that copy, nothing half-done', async () => {
      // The first fsync is the index log's, after the intents.
      setFsFaults('fs:fsync:2:EIO');
      const r = await f.call('SYNO.PhotoStation.Photo', 'copy', { id: ids(2), sharepath: albumId('D'), mode: 'copy', duplicate: 'rename' });
      expect(((r.data?.items ?? []) as { status: number }[]).map((it) => it.status).sort()).to.deep.equal([204, 500]);
      expect(readdirSync(path.join(f.photoRoot, 'D'))).to.have.length(1);
      expect(temporaries(f.photoRoot)).to.deep.equal([]);
      expect(indexVsDisk(f.lib.db, f.photoRoot)).to.deep.equal([]);
    });
  });

  describe('the random run against the real server (npm run fault-test, short)', function () {
    this.timeout(120_000);
    for (const seed of [1, 2]) {
      it(`seed ${seed}: after every fault the server answers, nothing is lost or duplicated, the index equals the disk`, async () => {
        const report = await runFaults({ seed, faults: 10, maxOps: 60 });
        expect(report.violations).to.deep.equal([]);
        expect(report.faults, 'faults injected').to.be.at.least(8);
      });
    }
  });
});
