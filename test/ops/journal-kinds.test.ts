import Database from 'better-sqlite3';
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/** Migration 092: the journal's `kind` is declared in code only (the unit table), not by a CHECK. */
describe('a journal row of a kind this server does not declare', () => {
  it('stops the start with a message naming it, and the intent stays for the version that wrote it', async () => {
    const f = await OpsFixture.start();
    f.photo('A', 'a.jpg');
    await f.stop(true);
    const file = path.join(f.dir, 'photostation.db');
    const db = new Database(file);
    db.prepare("INSERT INTO journal (kind, src, dst, created_at) VALUES ('album-teleport', 'A', 'B', 0)").run();
    db.close();
    try {
      let failure: unknown;
      await f.open().catch((err: unknown) => (failure = err));
      expect(String(failure)).to.match(/kind `album-teleport` that this server does not know/);
      const after = new Database(file, { readonly: true });
      expect(after.prepare('SELECT kind FROM journal').pluck().all()).to.deep.equal(['album-teleport']);
      after.close();
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
