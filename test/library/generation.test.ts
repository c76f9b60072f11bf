import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sessions } from '../../src/auth/sessions.ts';
import { openDatabase } from '../../src/db/open.ts';
import { PhotoLog } from '../../src/feed/photo-log.ts';
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

  it('stays put for the bookkeeping rows no cache reads: logins, session touches, logouts, PhotoLog rows', () => {
    const db = openDatabase(path.join(dir, 'library.db'));
    try {
      db.prepare("INSERT INTO users (username, password, is_admin, created_at) VALUES ('ann', 'x', 1, 0)").run();
      const userId = db.prepare<[], number>("SELECT id FROM users WHERE username = 'ann'").pluck().get() as number;
      const g = new Generation(db);
      const a = g.current();
      const sessions = new Sessions(db, 3_600_000, 3_600_000);
      const log = new PhotoLog(db, () => 0);
      const s = sessions.open(userId, false, 1_000);
      log.noteCall('SYNO.PhotoStation.Auth', 'login', 'ann', { username: 'ann' }, 0);
      // Past a minute the lookup writes last_seen; past the idle limit it deletes the session.
      expect(sessions.lookup(s.sid, 70_000)?.stored).to.equal(70_000);
      expect(sessions.lookup(s.sid, 70_000 + 3_600_001)).to.equal(undefined);
      sessions.close(sessions.open(userId, true, 2_000).sid);
      const rows = db.prepare<[], number>('SELECT (SELECT count(*) FROM photo_log) * 10 + (SELECT count(*) FROM sessions)').pluck().get();
      expect(rows, 'one PhotoLog row, no session left').to.equal(10);
      expect(g.current()).to.equal(a);
      // Any other row still moves it, on the same connection, after the bookkeeping.
      db.prepare("INSERT INTO changes (action, data_type, data_key, at) VALUES ('UPDATE', 'photo', 'k', 0)").run();
      expect(g.current()).to.not.equal(a);
    } finally {
      db.close();
    }
  });
});
