import Database from 'better-sqlite3';
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import type { JournalRow } from '../../src/ops/unit.ts';
import { ChildServer } from '../helpers/child-server.ts';
import { journalRows, trashVsEntries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { snapshot } from '../helpers/outside.ts';

const N = 6;
const ids = (album: string) => Array.from({ length: N }, (_, i) => itemId(album, `p${i}.jpg`, 'photo')).join(',');

/** sha256 of every regular file under the photo root and the trash, links not followed (a multiset). */
function insideHashes(f: OpsFixture): string[] {
  const files = (dir: string) =>
    snapshot(dir)
      .filter((l) => l.includes(' file '))
      .map((l) => l.slice(l.lastIndexOf(' ') + 1));
  return [...files(f.photoRoot), ...files(f.trashDir)].sort();
}

/** Runs the real server in its own process until the fault point kills it. */
async function crash(f: OpsFixture, fault: string, params: Record<string, string>): Promise<void> {
  await f.stop(true);
  const server = await ChildServer.start(f.dir, { PHOTOSTATION_FAULT: fault });
  const sid = await server.login();
  await server.call(params, sid).catch(() => undefined); // the connection dies with the server
  expect(await server.kill('SIGTERM'), `killed by ${fault}`).to.equal('SIGKILL');
}

function journal(f: OpsFixture): JournalRow[] {
  const db = new Database(path.join(f.dir, 'photostation.db'));
  try {
    return db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY id').all();
  } finally {
    db.close();
  }
}

/** Replaces the folder `rel` under the photo root by a link to `target`; the folder itself moves to `<rel>.real`. */
function plant(f: OpsFixture, rel: string, target: string): void {
  renameSync(path.join(f.photoRoot, rel), path.join(f.photoRoot, `${rel}.real`));
  symlinkSync(target, path.join(f.photoRoot, rel));
}

/**
 * Start-up recovery after a crash, when a symlink leading out of the photo root was planted
 * where a journaled unit's source or destination folder was (between the crash and the
 * restart). Recovery refuses every such unit: nothing outside the root is written, moved or
 * deleted, and nothing inside is lost (what the unit had sent to the trash keeps an entry).
 */
describe('Recovery refuses units with a symlink planted on the way after the crash', function () {
  this.timeout(60_000);
  let f: OpsFixture;
  let outside: string;
  let outsideBefore: string[];
  let initial: string[];
  let logs: Record<string, unknown>[];
  const refusals = () => logs.filter((l) => l.msg === 'recovery refused a unit: a symlink is on the way');

  beforeEach(async () => {
    outside = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));
    // `twin` holds the names of S's items (other contents); `other` none of them.
    mkdirSync(path.join(outside, 'twin'));
    for (let i = 0; i < N; i++) writeFileSync(path.join(outside, 'twin', `p${i}.jpg`), `outside twin ${i} ${outside}`);
    mkdirSync(path.join(outside, 'other'));
    writeFileSync(path.join(outside, 'other', 'o.jpg'), `outside other ${outside}`);
    outsideBefore = snapshot(outside);
    f = await OpsFixture.start();
    for (let i = 0; i < N; i++) f.photo('S', `p${i}.jpg`, { title: `t${i}` });
    for (let i = 0; i < 3; i++) f.photo('D', `p${i}.jpg`, { title: `old ${i}` }); // clashes for overwrite
    initial = insideHashes(f);
    logs = [];
  });
  afterEach(async () => {
    await f.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  /** Restarts in process (recovery, then the structural scan) and checks what holds in every case. */
  async function restart(): Promise<void> {
    await f.open({ log: (l) => logs.push(l) });
    expect(snapshot(outside), 'nothing outside the root changed').to.deep.equal(outsideBefore);
    expect(journalRows(f.lib.db)).to.equal(0);
    expect(f.indexVsDisk()).to.deep.equal([]);
    expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
    expect(f.temporaries()).to.deep.equal([]);
  }

  it('an overwrite half done (the old file in the trash, the new one not moved) whose destination folder became a link: the new file stays, the old one keeps a trash entry, nothing is written through the link', async () => {
    await crash(f, 'after-journal', { api: 'SYNO.PhotoStation.Photo', method: 'copy', id: ids('S'), sharepath: albumId('D'), mode: 'move', duplicate: 'overwrite' });
    const rows = journal(f);
    expect(rows).to.have.length(N);
    const p0 = rows.find((r) => r.src === 'S/p0.jpg' && r.trash) as JournalRow;
    // The kill between the two renames of an overwrite: the old file has left for the trash.
    renameSync(path.join(f.photoRoot, 'D', 'p0.jpg'), path.join(f.trashDir, p0.trash as string));
    plant(f, 'D', path.join(outside, 'other'));
    await restart();
    expect(refusals()).to.have.length(N);
    expect(insideHashes(f)).to.deep.equal(initial);
    for (let i = 0; i < N; i++) expect(f.hasItem(`S/p${i}.jpg`), `S/p${i}.jpg`).to.equal(true);
    const entry = f.lib.db.prepare('SELECT path, reason, meta FROM trash WHERE stored = ?').get(p0.trash) as { path: string; reason: string; meta: string };
    expect(entry).to.include({ path: 'D/p0.jpg', reason: 'overwrite' });
    expect(JSON.parse(entry.meta).item.title).to.equal('old 0');
    expect(f.hasItem('D.real/p1.jpg')).to.equal(true);
  });

  it('a cross-device trashing half done (the trash copy complete, the source not yet removed) whose album became a link to a folder with the same names: the file outside is not deleted', async () => {
    await crash(f, 'after-journal', { api: 'SYNO.PhotoStation.Photo', method: 'delete', id: ids('S') });
    const rows = journal(f);
    expect(rows).to.have.length(N);
    const p0 = rows.find((r) => r.src === 'S/p0.jpg') as JournalRow;
    copyFileSync(path.join(f.photoRoot, 'S', 'p0.jpg'), path.join(f.trashDir, p0.dst));
    plant(f, 'S', path.join(outside, 'twin'));
    await restart();
    expect(refusals()).to.have.length(N);
    // p0's unit is applied (its contents reached the trash); the source it could not remove is indexed again by the scan.
    const hashes = insideHashes(f);
    for (const h of initial) expect(hashes).to.include(h);
    expect(hashes.length).to.equal(initial.length + 1);
    expect(f.lib.db.prepare('SELECT path FROM trash WHERE stored = ?').pluck().get(p0.dst)).to.equal('S/p0.jpg');
    for (let i = 0; i < N; i++) expect(f.hasItem(`S.real/p${i}.jpg`), `S.real/p${i}.jpg`).to.equal(true);
  });

  it('a move with overwrite killed in the middle, its source album replaced by a link to a folder with the same names: the files already moved and the ones they displaced are all kept', async () => {
    // Five of six units done on disk when killed: plain moves take the synchronous path and finish
    // first (src/ops/engine.ts), so the fifth is past at least two of the three overwrites.
    await crash(f, 'after-disk:5', { api: 'SYNO.PhotoStation.Photo', method: 'copy', id: ids('S'), sharepath: albumId('D'), mode: 'move', duplicate: 'overwrite' });
    const rows = journal(f);
    expect(rows).to.have.length(N);
    // Some of the units done on disk were overwrites: their old files are in the trash.
    expect(readdirSync(f.trashDir).length).to.be.greaterThan(0);
    plant(f, 'S', path.join(outside, 'twin'));
    await restart();
    expect(insideHashes(f), 'nothing lost').to.deep.equal(initial);
    expect(refusals()).to.have.length(N);
    expect(f.trashCount()).to.equal(readdirSync(f.trashDir).length);
  });
});
