import { expect } from 'chai';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/** The account, group and smart-album modules name their mistakes; the API answers each as 101 with its words (src/api/reasons.ts badRequestOn). */
describe('bad requests named by the domain modules', function () {
  this.timeout(30_000);
  let f: OpsFixture;
  before(async () => (f = await OpsFixture.start()));
  after(() => f.stop());

  it('a user name taken (an asynchronous call) is 101 and changes nothing', async () => {
    expect((await f.call('SYNO.PhotoStation.User', 'create', { username: 'bob', password: 'pw-123456' })).success).to.equal(true);
    const again = await f.call('SYNO.PhotoStation.User', 'create', { username: 'bob', password: 'other-pw-1' });
    expect(again.success).to.equal(false);
    expect(again.error?.code).to.equal(101);
    expect(await f.login('bob', 'pw-123456')).to.be.a('string');
  });

  it('a group name taken (a synchronous call) is 101', async () => {
    expect((await f.call('SYNO.PhotoStation.Group', 'create', { name: 'family' })).success).to.equal(true);
    const again = await f.call('SYNO.PhotoStation.Group', 'create', { name: 'family' });
    expect(again.success).to.equal(false);
    expect(again.error?.code).to.equal(101);
  });
});
