import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PhotoStation } from '../../src/app.ts';

/** A second listener on a station's app that answers the bytes of a response, not its parse. */
export interface RawCaller {
  call(api: string, method: string, params?: Record<string, string | number>, sid?: string): Promise<{ text: string; type: string | null }>;
  close(): Promise<void>;
}

export async function rawCaller(station: PhotoStation): Promise<RawCaller> {
  const server: Server = station.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo/webapi/entry.cgi`;
  return {
    async call(api, method, params = {}, sid) {
      const body = new URLSearchParams({ api, method, version: '1' });
      for (const [k, v] of Object.entries(params)) body.set(k, String(v));
      if (sid) body.set('_sid', sid);
      const res = await fetch(url, { method: 'POST', body });
      return { text: await res.text(), type: res.headers.get('content-type') };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
