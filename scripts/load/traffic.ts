import { readFileSync } from 'node:fs';
import { albumId, itemId } from '../../src/library/ids.ts';
import type { ChildEnvelope, ChildServer } from '../../test/helpers/child-server.ts';
import { Rng } from '../fuzz/prng.ts';

/** Domain errors a correct server may answer under this traffic, by method; anything else is a failure. */
export const EXPECTED: Record<string, Record<number, string>> = {
  'Batch.copy': { 603: 'task queue full (16 queued or running tasks; 64 workers submit)' },
};

const png = readFileSync(new URL('../../test/fixtures/plain.png', import.meta.url));
const api = (name: string) => `SYNO.PhotoStation.${name}`;

/**
 * The mixed traffic of `npm run load`: each worker reads albums no one changes and changes only
 * its own albums (`W<n>`), so every answer is known in advance. Latencies are kept while
 * `measuring` is set; failures always.
 */
export class Traffic {
  readonly latencies = new Map<string, number[]>();
  readonly failures: string[] = [];
  readonly expected = new Map<string, number>();
  measuring = false;
  requests = 0;
  readonly #server: ChildServer;
  readonly #sid: string;
  readonly #readIds: string[];
  readonly #readAlbums: number;
  readonly #seed: number;

  constructor(server: ChildServer, sid: string, readIds: string[], readAlbums: number, seed: number) {
    this.#server = server;
    this.#sid = sid;
    this.#readIds = readIds;
    this.#readAlbums = readAlbums;
    this.#seed = seed;
  }

  async #timed(method: string, send: () => Promise<ChildEnvelope>): Promise<ChildEnvelope> {
    const t = performance.now();
    let r: ChildEnvelope;
    try {
      r = await send();
    } catch (err) {
      this.failures.push(`${method}: no answer (${(err as Error).message})`);
      return { success: false, error: { code: -1 } };
    }
    const ms = performance.now() - t;
    if (this.measuring) {
      this.requests++;
      const list = this.latencies.get(method) ?? [];
      list.push(ms);
      this.latencies.set(method, list);
    }
    if (!r.success) {
      const code = r.error?.code ?? -1;
      const why = EXPECTED[method]?.[code];
      if (why) this.expected.set(`${method} ${code}: ${why}`, (this.expected.get(`${method} ${code}: ${why}`) ?? 0) + 1);
      else this.failures.push(`${method}: ${JSON.stringify(r)}`);
    }
    return r;
  }

  #call(method: string, params: Record<string, string>): Promise<ChildEnvelope> {
    return this.#timed(method, () => this.#server.call(params, this.#sid));
  }

  /** Worker `w`: draws one request after another until `until` (performance.now() time). */
  async worker(w: number, until: number): Promise<void> {
    const server = this.#server;
    const sid = this.#sid;
    const readIds = this.#readIds;
    const call = this.#call.bind(this);
    const rng = new Rng(this.#seed * 1000 + w);
    const own = `W${w}`;
    let albumIn = own; // where W<w>/a is: under W<w> or under W<w>/b
    let movedIn = 'x'; // where the m*.jpg files are
    let cursor = '0';
    let uploads = 0;
    while (performance.now() < until) {
      const pick = rng.weighted([
        [3, 'Album.list'],
        [2, 'Album.getinfo'],
        [2, 'Photo.getinfo'],
        [2, 'Photo.list'],
        [1, 'upload'],
        [1, 'copy'],
        [1, 'move'],
        [1, 'Album.move'],
        [1, 'cancel'],
        [0.25, 'batch'],
        [1, 'Sync.list'],
      ] as const);
      const items = () =>
        Array.from({ length: rng.int(1, 5) }, () => rng.pick(readIds))
          .filter((v, i, l) => l.indexOf(v) === i)
          .join(',');
      switch (pick) {
        case 'Album.list':
          await call('Album.list', {
            api: api('Album'),
            method: 'list',
            id: rng.chance(0.3) ? '' : albumId(`R${rng.int(0, this.#readAlbums - 1)}`),
            offset: '0',
            limit: '50',
            additional: 'album_permission,item_count',
          });
          break;
        case 'Album.getinfo':
          await call('Album.getinfo', { api: api('Album'), method: 'getinfo', id: albumId(`R${rng.int(0, this.#readAlbums - 1)}`) });
          break;
        case 'Photo.getinfo':
          await call('Photo.getinfo', { api: api('Photo'), method: 'getinfo', id: items() });
          break;
        case 'Photo.list':
          await call('Photo.list', { api: api('Photo'), method: 'list', offset: String(rng.int(0, 150)), limit: '50', type: 'photo' });
          break;
        case 'upload':
          await this.#timed('File.uploadphoto', async () => {
            const form = new FormData();
            const fields = {
              api: api('File'),
              method: 'uploadphoto',
              version: '1',
              _sid: sid,
              dest_folder_path: `${own}/up`,
              duplicate: 'overwrite',
              filename: `u${uploads++ % 5}.png`,
              mtime: '1700000000',
            };
            for (const [k, v] of Object.entries(fields)) form.append(k, v);
            form.append('original', new Blob([png]), 'x.png');
            return (await (await fetch(server.url.replace('entry.cgi', 'file.php'), { method: 'POST', body: form })).json()) as ChildEnvelope;
          });
          break;
        case 'copy':
          await call('Photo.copy copy', { api: api('Photo'), method: 'copy', id: items(), sharepath: albumId(`${own}/c`), mode: 'copy', duplicate: 'overwrite' });
          break;
        case 'move': {
          const to = movedIn === 'x' ? 'y' : 'x';
          const ids = [0, 1, 2].map((k) => itemId(`${own}/${movedIn}`, `m${k}.jpg`, 'photo')).join(',');
          const r = await call('Photo.copy move', { api: api('Photo'), method: 'copy', id: ids, sharepath: albumId(`${own}/${to}`), mode: 'move', duplicate: 'ignore' });
          if (r.success) movedIn = to;
          break;
        }
        case 'Album.move': {
          const to = albumIn === own ? `${own}/b` : own;
          const r = await call('Album.move', { api: api('Album'), method: 'move', id: albumId(`${albumIn}/a`), sharepath: albumId(to), duplicate: 'ignore' });
          if (r.success) albumIn = to;
          break;
        }
        case 'cancel': {
          // A copy and its cancel race: either may win; both must answer success.
          const id = items();
          await Promise.all([
            call('Photo.copy copy (cancelled)', { api: api('Photo'), method: 'copy', id, sharepath: albumId(`${own}/cc`), mode: 'copy', duplicate: 'overwrite' }),
            call('Photo.cancel', { api: api('Photo'), method: 'cancel', action: 'mvcp', id }),
          ]);
          break;
        }
        case 'batch': {
          const ops = Array.from({ length: 5 }, () => ({ from: rng.pick(readIds), to: albumId(`${own}/bt`), duplicate: 'overwrite' })).filter(
            (o, i, l) => l.findIndex((p) => p.from === o.from) === i,
          );
          const r = await call('Batch.copy', { api: api('Batch'), method: 'copy', async: 'true', operations: JSON.stringify(ops) });
          if (!r.success) break;
          for (;;) {
            const s = await call('BackgroundTask.status', { api: api('BackgroundTask'), method: 'status', taskid: r.data.taskid as string });
            if (!s.success || !['queued', 'processing'].includes(s.data.task.status as string)) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          break;
        }
        case 'Sync.list': {
          const r = await call('Sync.list', { api: api('Sync'), method: 'list', cursor, limit: '200', wait: '0' });
          if (r.success) cursor = String(r.data.cursor);
          break;
        }
      }
    }
  }
}
