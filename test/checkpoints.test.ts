import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Checkpoints } from '../src/db/checkpoints.ts';
import { openDatabase } from '../src/db/open.ts';
import type { Db } from '../src/db/open.ts';

describe('WAL checkpoints on their own thread', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let checkpoints: Checkpoints;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-checkpoints-'));
    file = path.join(dir, 'index.db');
    db = openDatabase(file);
    checkpoints = new Checkpoints(db, file);
  });
  after(async () => {
    await checkpoints.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the index connection only a backstop of 4 000 pages once the thread holds the index', async () => {
    expect(await checkpoints.ready()).to.equal(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).to.equal(4000);
  });

  it('copies the log into the database file on the thread', async () => {
    db.exec('CREATE TABLE t (x BLOB)');
    const before = statSync(file).size;
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    // 8 MB, twice SQLite's own threshold of 1 000 pages.
    db.transaction(() => {
      for (let i = 0; i < 128; i++) insert.run(randomBytes(64 * 1024));
    })();
    const until = Date.now() + 10_000;
    while (statSync(file).size < before + 8 * 1024 * 1024 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(file).size - before, 'bytes the database file grew').to.be.at.least(8 * 1024 * 1024);
  });

  it('keeps the log bounded under commits back to back, which no checkpoint of the thread finishes between', () => {
    db.exec('CREATE TABLE s (x BLOB)');
    const insert = db.prepare('INSERT INTO s (x) VALUES (?)');
    const row = randomBytes(2048);
    let largest = 0;
    const until = Date.now() + 1500;
    for (let i = 0; Date.now() < until; i++) {
      insert.run(row);
      if (i % 500 === 0) largest = Math.max(largest, statSync(`${file}-wal`).size);
    }
    // Without the backstop this log grew past 300 MB in this time; the backstop is 16 MiB.
    expect(largest / 2 ** 20, 'largest log seen, MiB').to.be.below(40);
  });

  describe('when closed', () => {
    before(async () => {
      await checkpoints.close();
    });

    it('hands checkpoints back to the index connection', () => {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).to.equal(1000);
    });

    it('lets go of the index, so closing it removes its log (only the last connection does)', () => {
      expect(existsSync(`${file}-wal`)).to.equal(true);
      db.close();
      expect(existsSync(`${file}-wal`)).to.equal(false);
    });
  });
});
