import { expect } from 'chai';
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { ENTRY, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { echo, registerEcho } from '../helpers/echo.ts';

/** Raw HTTP, for bodies fetch would not send (a lying Content-Length, a cut connection). */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url + ENTRY, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('request bodies', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ bodyLimit: 1024 });
    registerEcho(s.station.services.registry);
  });
  after(() => s.close());

  const post = (type: string, body: string | FormData) => s.request(ENTRY, { method: 'POST', headers: typeof body === 'string' ? { 'Content-Type': type } : {}, body });
  const base = new URLSearchParams(Object.entries(echo()).map(([k, v]) => [k, String(v)])).toString();

  describe('under the limit', () => {
    it('are read', async () => {
      const res = await post('application/x-www-form-urlencoded', `${base}&text=${'a'.repeat(900)}`);
      expect(res.body.data.text).to.have.length(900);
    });
  });

  describe('over the limit', () => {
    it('answers 101 for an urlencoded form', async () => {
      const res = await post('application/x-www-form-urlencoded', `${base}&text=${'a'.repeat(2000)}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for a JSON body', async () => {
      const res = await post('application/json', JSON.stringify({ ...echo(), text: 'a'.repeat(2000) }));
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for multipart text fields', async () => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(echo())) fd.append(k, String(v));
      fd.append('text', 'a'.repeat(2000));
      const res = await post('', fd);
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 when the body is sent without a Content-Length', async () => {
      const text = await rawPost(s.url, { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }, `${base}&text=${'a'.repeat(5000)}`);
      expect(JSON.parse(text)).to.deep.equal({ success: false, error: { code: 101 } });
    });
  });

  describe('that are malformed', () => {
    it('answers 101 for broken JSON', async () => {
      const res = await post('application/json', '{"api":"SYNO.Test.Echo",');
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for a JSON array body', async () => {
      const res = await post('application/json', JSON.stringify([echo()]));
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for a JSON string body', async () => {
      const res = await post('application/json', '"hello"');
      expect(res.body.error.code).to.equal(101);
    });

    it('answers 101 for multipart without a boundary', async () => {
      const res = await post('multipart/form-data', 'api=SYNO.Test.Echo');
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for a truncated multipart body', async () => {
      const body = '--XYZ\r\nContent-Disposition: form-data; name="api"\r\n\r\nSYNO.Test.Echo\r\n--XYZ\r\nContent-Disposition: form-da';
      const res = await post('multipart/form-data; boundary=XYZ', body);
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
    });

    it('answers 101 for a truncated multipart file part and leaves no temporary file', async () => {
      const body = '--XYZ\r\nContent-Disposition: form-data; name="original"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nJPEGDATA';
      const res = await post('multipart/form-data; boundary=XYZ', body);
      expect(res.body).to.deep.equal({ success: false, error: { code: 101 } });
      expect(readdirSync(s.station.services.config.tmpDir)).to.deep.equal([]);
    });
  });

  describe('with an unrelated content type', () => {
    it('are ignored, leaving the query string', async () => {
      const res = await s.request(`${ENTRY}?api=SYNO.Test.Echo&method=echo&version=1&text=q`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'text=b' });
      expect(res.body).to.deep.equal({ success: true, data: { text: 'q' } });
    });
  });
});
