import { expect } from 'chai';
import { info, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

describe('SYNO.API.Info', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  /** What the descriptors say, in the answer's shape. */
  const expected = (filter: (name: string) => boolean = () => true) =>
    Object.fromEntries(
      s.station.services.registry
        .descriptors()
        .filter((d) => filter(d.name))
        .map((d) => [d.name, { path: d.path, minVersion: d.minVersion, maxVersion: d.maxVersion }]),
    );

  describe('query=all', () => {
    it('answers exactly the descriptors', async () => {
      const res = await s.call(info('all'));
      expect(res.body.success).to.equal(true);
      expect(res.body.data).to.deep.equal(expected());
      expect(Object.keys(res.body.data)).to.include.members(['SYNO.API.Info', 'SYNO.PhotoStation.Auth', 'SYNO.PhotoStation.User']);
    });

    it('is the default without a query', async () => {
      const res = await s.call({ api: 'SYNO.API.Info', method: 'query', version: 1 });
      expect(res.body.data).to.deep.equal(expected());
    });

    it('needs no session, and ignores a dead one', async () => {
      const res = await s.call({ ...info(), _sid: 'dead' });
      expect(res.body.success).to.equal(true);
    });
  });

  describe('a comma list of names', () => {
    it('answers those APIs only, ignoring unknown names and blanks', async () => {
      const res = await s.call(info('SYNO.PhotoStation.Auth, SYNO.API.Info,,SYNO.Nothing'));
      expect(res.body.data).to.deep.equal(expected((n) => n === 'SYNO.PhotoStation.Auth' || n === 'SYNO.API.Info'));
    });

    it('answers an empty object when nothing matches', async () => {
      expect((await s.call(info('SYNO.Nothing'))).body).to.deep.equal({ success: true, data: {} });
    });
  });

  describe('a name ending in a dot', () => {
    it('is a prefix', async () => {
      const res = await s.call(info('SYNO.PhotoStation.'));
      expect(res.body.data).to.deep.equal(expected((n) => n.startsWith('SYNO.PhotoStation.')));
      expect(res.body.data).not.to.have.property('SYNO.API.Info');
    });

    it('mixes with exact names', async () => {
      const res = await s.call(info('SYNO.API.,SYNO.PhotoStation.Auth'));
      expect(Object.keys(res.body.data).sort()).to.deep.equal(['SYNO.API.Info', 'SYNO.PhotoStation.Auth']);
    });

    it('does not match without the dot', async () => {
      expect((await s.call(info('SYNO.PhotoStation'))).body.data).to.deep.equal({});
    });
  });
});
