import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Generation } from '../../src/library/generation.ts';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('Generation (what invalidates the listing caches)', () => {
  let dir: string;
  let mine: Database.Database;
  let other: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-gen-'));
    mine = new Database(path.join(dir, 'index.db'));
    mine.pragma('journal_mode = WAL');
    mine.exec('CREATE TABLE t (x)');
    other = new Database(path.join(dir, 'index.db'));
  });
  afterEach(() => {
    mine.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("moves at once with this connection's writes and with bump()", () => {
    const g = new Generation(mine);
    const a = g.current();
    expect(g.current()).to.equal(a);
    mine.prepare('INSERT INTO t VALUES (1)').run();
    const b = g.current();
    expect(b).to.not.equal(a);
    g.bump();
    expect(g.current()).to.not.equal(b);
  });

  it("moves with another connection's commit from the next turn of the event loop on", async () => {
    const g = new Generation(mine);
    const a = g.current();
    other.prepare('INSERT INTO t VALUES (2)').run();
    // data_version is read once a turn: requests of one turn see the index as the turn began.
    expect(g.current()).to.equal(a);
    await nextTurn();
    const b = g.current();
    expect(b).to.not.equal(a);
    await nextTurn();
    expect(g.current()).to.equal(b);
  });
});
