import { expect } from 'chai';
import { metadataViolations, writeMetadata } from '../../scripts/crash/metadata.ts';
import { readLibrary } from '../../scripts/crash/state.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/** The crash test's metadata check must see what it is there to see. */
describe('crash test: the metadata check', () => {
  let f: OpsFixture;
  beforeEach(async () => {
    f = await OpsFixture.start();
    f.photo('A', 'a.jpg');
    f.photo('A', 'b.jpg');
    f.photo('', 'top.jpg');
    writeMetadata(f.lib.db, readLibrary(f.photoRoot));
  });
  afterEach(() => f.stop());

  const violations = () => metadataViolations(f.lib.db, readLibrary(f.photoRoot));

  it("passes a library whose rows carry their contents' metadata", () => {
    expect(violations()).to.deep.equal([]);
  });

  it('reports a changed title, a lost tag and a comment moved to another item', () => {
    f.lib.db.prepare("UPDATE items SET title = 'other' WHERE name = 'a.jpg'").run();
    f.lib.db.prepare("DELETE FROM item_tags WHERE item_id = (SELECT id FROM items WHERE name = 'top.jpg')").run();
    f.lib.db.prepare("UPDATE comments SET item_id = (SELECT id FROM items WHERE name = 'a.jpg') WHERE item_id = (SELECT id FROM items WHERE name = 'b.jpg')").run();
    const found = violations();
    expect(found).to.have.length(3);
    expect(found.join('\n'))
      .to.match(/A\/a\.jpg: title "other".*comment/)
      .and.match(/top\.jpg: tag ""/)
      .and.match(/A\/b\.jpg: comment ""/);
  });
});
