import { expect } from 'chai';
import { echo, registerEcho } from '../helpers/echo.ts';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

/** Methods that answer bytes (thumbnails, downloads) write their own response (SPEC §14). */
describe('binary answers', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
    registerEcho(s.station.services.registry);
  });
  after(() => s.close());

  it('are sent as the writer wrote them, not wrapped in an envelope', async () => {
    const res = await s.call(echo({ method: 'bytes', text: 'raw bytes' }), { as: 'query' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/octet-stream');
    expect(res.text).to.equal('raw bytes');
  });

  it('become an envelope when the writer fails before its headers', async () => {
    const res = await s.call(echo({ method: 'bytes', fail: true }));
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(res.body).to.deep.equal({ success: false, error: { code: 504 } });
  });

  it('are logged with the status they sent', async () => {
    await s.call(echo({ method: 'bytes', text: 'x' }), { as: 'query' });
    const line = s.logs.filter((l) => l.method === 'bytes').at(-1);
    expect(line).to.include({ code: 0, status: 200 });
  });
});
