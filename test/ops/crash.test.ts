import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { albumId, itemId } from '../../src/library/ids.ts';
import { ChildServer } from '../helpers/child-server.ts';
import { trashVsEntries } from '../helpers/library-check.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const pid = (album: string, name: string) => itemId(album, name, 'photo');
const N = 12;

/** Runs the real server in a child process with a fault point; answers how it died. */
async function runUntilKilled(dir: string, fault: string, request: (url: string, sid: string) => Promise<unknown>): Promise<NodeJS.Signals | null> {
  const server = await ChildServer.start(dir, { PHOTOSTATION_FAULT: fault });
  const sid = await server.login();
  const answered = await request(server.url, sid).then(
    (r) => r,
    () => undefined, // the connection dies with the server
  );
  // The fault point was never reached: stop the server so the test fails instead of hanging.
  if (answered !== undefined) return server.kill('SIGTERM');
  return server.exited;
}

async function post(url: string, sid: string, params: Record<string, string>): Promise<unknown> {
  return (await fetch(url, { method: 'POST', body: new URLSearchParams({ version: '1', _sid: sid, ...params }) })).json();
}

interface Scenario {
  name: string;
  /** The unit at which `after-disk:N` fires (the operation must have at least that many). */
  middle: number;
  /** Hashes may gain copies (copy); otherwise the multiset must stay equal. */
  copies: boolean;
  request: (url: string, sid: string) => Promise<unknown>;
}

const ids = Array.from({ length: N }, (_, i) => pid('S', `p${i}.jpg`)).join(',');
const scenarios: Scenario[] = [
  {
    name: 'Photo move with overwrite',
    middle: 5,
    copies: false,
    request: (u, s) => post(u, s, { api: 'SYNO.PhotoStation.Photo', method: 'copy', id: ids, sharepath: albumId('D'), mode: 'move', duplicate: 'overwrite' }),
  },
  {
    name: 'Photo copy with overwrite',
    middle: 5,
    copies: true,
    request: (u, s) => post(u, s, { api: 'SYNO.PhotoStation.Photo', method: 'copy', id: ids, sharepath: albumId('D'), mode: 'copy', duplicate: 'overwrite' }),
  },
  { name: 'Photo delete', middle: 5, copies: false, request: (u, s) => post(u, s, { api: 'SYNO.PhotoStation.Photo', method: 'delete', id: ids }) },
  {
    name: 'Album merge-move',
    middle: 5,
    copies: false,
    request: (u, s) => post(u, s, { api: 'SYNO.PhotoStation.Album', method: 'move', id: `${albumId('S')},${albumId('T')}`, sharepath: albumId('D'), duplicate: 'overwrite' }),
  },
  { name: 'Album delete', middle: 2, copies: false, request: (u, s) => post(u, s, { api: 'SYNO.PhotoStation.Album', method: 'delete', id: `${albumId('S')},${albumId('T')}` }) },
];

describe('Crash safety (SIGKILL at each fault point, then restart)', function () {
  this.timeout(60_000);
  for (const scenario of scenarios) {
    for (const fault of ['after-journal', `after-disk:${scenario.middle}`, 'before-commit']) {
      describe(`${scenario.name}, killed ${fault}`, () => {
        let f: OpsFixture;
        let initial: string[];
        before(async () => {
          f = await OpsFixture.start();
          for (let i = 0; i < N; i++) f.photo('S', `p${i}.jpg`, { title: `t${i}` });
          for (let i = 0; i < 4; i++) f.photo('D', `p${i}.jpg`); // clashes for overwrite
          f.photo('D/S', 'inner.jpg'); // makes the album move a merge
          f.photo('T/U', 'u.jpg');
          initial = f.hashes();
          await f.stop(true);
        });
        after(async () => {
          await f.stop();
        });

        it('dies at the fault point, and on restart no item is lost or duplicated and the index equals the disk', async () => {
          const signal = await runUntilKilled(f.dir, fault, scenario.request);
          expect(signal).to.equal('SIGKILL');
          const logs: Record<string, unknown>[] = [];
          await f.open({ log: (l) => logs.push(l) });
          // The restart had real work: units to undo (journaled, not done) or to redo (done on disk, not in the index).
          const recovered = logs.find((l) => l.msg === 'journal recovered') as { redone: number; undone: number } | undefined;
          expect(recovered, 'recovery ran').to.not.equal(undefined);
          if (fault === 'after-journal') expect(recovered!.redone).to.equal(0);
          else expect(recovered!.redone).to.be.greaterThan(0);
          expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
          expect(f.indexVsDisk()).to.deep.equal([]);
          expect(f.temporaries()).to.deep.equal([]);
          const after = f.hashes();
          if (scenario.copies) {
            // Each original once or twice; the extra ones are exactly the completed copies.
            const extra = [...after];
            for (const h of initial) extra.splice(extra.indexOf(h), 1);
            expect(after.length - extra.length).to.equal(initial.length);
            for (const h of extra) expect(initial).to.include(h);
            expect(new Set(extra).size).to.equal(extra.length);
          } else {
            expect(after).to.deep.equal(initial);
          }
          // Every trash entry has its contents and nothing in the trash lacks an entry.
          expect(trashVsEntries(f.lib.db, f.trashDir)).to.deep.equal([]);
        });
      });
    }
  }
});

describe('Crash safety of pipelined batches on the disk thread (SIGKILL, then restart)', function () {
  this.timeout(60_000);
  const M = 450;
  const many = Array.from({ length: M }, (_, i) => pid('S', `p${i}.jpg`)).join(',');
  const move = (u: string, s: string) => post(u, s, { api: 'SYNO.PhotoStation.Photo', method: 'copy', id: many, sharepath: albumId('D'), mode: 'move', duplicate: 'rename' });
  // Three batches (200, 200, 50) of plain moves: killed on the disk thread once the second
  // batch's intents are flushed (the first may not be committed yet) or in the middle of its
  // renames, and on the main thread at its commit (the third may be out already).
  for (const fault of ['after-journal:201', 'after-disk:300', 'before-commit:201']) {
    describe(`a move of ${M} photos, killed ${fault}`, () => {
      let f: OpsFixture;
      let initial: string[];
      before(async () => {
        f = await OpsFixture.start();
        f.bulk('S', M, 1);
        f.album('D');
        initial = f.hashes();
        await f.stop(true);
      });
      after(async () => {
        await f.stop();
      });

      it('dies there, and on restart no photo is lost or duplicated and the index equals the disk', async () => {
        expect(await runUntilKilled(f.dir, fault, move)).to.equal('SIGKILL');
        const logs: Record<string, unknown>[] = [];
        await f.open({ log: (l) => logs.push(l) });
        const recovered = logs.find((l) => l.msg === 'journal recovered') as { redone: number; undone: number } | undefined;
        expect(recovered, 'recovery ran').to.not.equal(undefined);
        if (fault !== 'after-journal:201') expect(recovered!.redone, 'units done on disk, not in the index').to.be.greaterThan(0);
        expect(f.lib.db.prepare('SELECT count(*) FROM journal').pluck().get()).to.equal(0);
        expect(f.indexVsDisk()).to.deep.equal([]);
        expect(f.temporaries()).to.deep.equal([]);
        expect(f.hashes()).to.deep.equal(initial);
        const moved = readdirSync(path.join(f.photoRoot, 'D')).length;
        expect(moved + readdirSync(path.join(f.photoRoot, 'S')).length).to.equal(M);
        expect(moved, 'the first batch at least was done').to.be.at.least(200);
      });
    });
  }
});
