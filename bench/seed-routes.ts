/**
 * npm run bench:seeds — seed 000's move of 5 000 images across albums, through the REST route
 * `POST /api/v1/images/move` (an app token, a form of `move_operations[<id>]=<album id>`) and
 * through `SYNO.PhotoStation.Batch` `move` with the same map (a session; more than 1 000 items
 * make it a task, polled with BackgroundTask.status until done), in the same run, alternating,
 * each on a fresh fixture (docs/performance.md, "Seed routes"). Reports the median time of each
 * and the ratio of throughputs (REST / Batch; the target is >= 0.9), and the load average.
 * `-- --rounds N` (default 3).
 */
import os from 'node:os';
import { albumId, itemId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';
import { form, rest, token, tokenHeader } from '../test/helpers/rest.ts';

const N = 5000;
const SOURCES = 10;
const DESTS = 5;
const i = process.argv.indexOf('--rounds');
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 3;

/** A fresh fixture: N photos in S/s0..s9, empty albums D0..D4, and the move map (photo i to D(i % 5)). */
async function fixture(): Promise<{ f: OpsFixture; pairs: [string, string][] }> {
  const f = await OpsFixture.start();
  f.bulk('S', N, SOURCES);
  for (let d = 0; d < DESTS; d++) f.album(`D${d}`);
  const pairs: [string, string][] = [];
  for (let n = 0; n < N; n++) pairs.push([itemId(`S/s${n % SOURCES}`, `p${n}.jpg`, 'photo'), albumId(`D${n % DESTS}`)]);
  return { f, pairs };
}

function check(f: OpsFixture, how: string): void {
  let moved = 0;
  for (let d = 0; d < DESTS; d++) moved += f.lib.albums.itemCounts(f.album(`D${d}`).id).photo;
  if (moved !== N) throw new Error(`${how}: ${moved} of ${N} moved`);
}

async function viaRest(): Promise<number> {
  const { f, pairs } = await fixture();
  try {
    const t = await token(f);
    const body = form(pairs.map(([from, to]) => [`move_operations[${from}]`, to]));
    const started = performance.now();
    const r = await rest(f, 'POST', '/api/v1/images/move', { headers: tokenHeader(t), body });
    const took = performance.now() - started;
    if (r.status !== 200 || r.body.length !== N) throw new Error(`REST answered ${r.status}`);
    check(f, 'REST');
    return took;
  } finally {
    await f.stop();
  }
}

async function viaBatch(): Promise<number> {
  const { f, pairs } = await fixture();
  try {
    // The same bracket-key form, as seed 000 sends it, on the WebAPI.
    const body = `${form(pairs.map(([from, to]) => [`move_operations[${from}]`, to]))}&api=SYNO.PhotoStation.Batch&method=move&version=1&_sid=${f.adminSid}`;
    const started = performance.now();
    const submitted = await (await fetch(f.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })).json();
    const taskid = submitted.data?.taskid as string;
    if (!taskid) throw new Error(`Batch answered ${JSON.stringify(submitted).slice(0, 200)}`);
    for (;;) {
      const s = await f.call('SYNO.PhotoStation.BackgroundTask', 'status', { taskid, limit: '0' });
      if (!['queued', 'processing'].includes(s.data.task.status)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const took = performance.now() - started;
    check(f, 'Batch');
    return took;
  } finally {
    await f.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const restTimes: number[] = [];
const batchTimes: number[] = [];
const load = [os.loadavg()];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which goes first, so neither always meets a warmer or colder machine.
  if (r % 2 === 0) {
    batchTimes.push(await viaBatch());
    restTimes.push(await viaRest());
  } else {
    restTimes.push(await viaRest());
    batchTimes.push(await viaBatch());
  }
  console.log(`round ${r + 1}: Batch ${Math.round(batchTimes[r] as number)} ms, REST ${Math.round(restTimes[r] as number)} ms`);
}
load.push(os.loadavg());
const rest0 = median(restTimes);
const batch0 = median(batchTimes);
console.log(
  JSON.stringify(
    {
      images: N,
      rounds: ROUNDS,
      restMs: restTimes.map(Math.round),
      batchMs: batchTimes.map(Math.round),
      restPerSecond: Math.round((N / rest0) * 1000),
      batchPerSecond: Math.round((N / batch0) * 1000),
      ratio: Math.round((batch0 / rest0) * 100) / 100,
      loadavg: load.map((l) => l.map((x) => Math.round(x * 100) / 100)),
      cpus: os.cpus().length,
    },
    null,
    2,
  ),
);
