import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { albumId } from '../../src/library/ids.ts';
import { launchBrowser, logIn } from '../helpers/browser.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { ALBUM, SHARED, jpeg, pid } from './helpers.ts';

describe('the public page of a share, in a browser (SPEC §18)', function () {
  this.timeout(60000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let f: OpsFixture;
  let base: string;
  let tripShare: string;
  const pageErrors: string[] = [];
  const scriptDialogs: string[] = [];

  before(async function () {
    browser = await launchBrowser(this);
    f = await OpsFixture.start();
    base = f.url.replace('/photo/webapi/entry.cgi', '');
    await jpeg(f, 'Trip', 'a.jpg', 1);
    await jpeg(f, 'Trip', 'b.jpg', 2);
    await jpeg(f, 'Trip/Sub', 'c.jpg', 3);
    await jpeg(f, 'Secret', 's.jpg', 4);
    f.lib.db.prepare("UPDATE items SET title = ? WHERE name = 'a.jpg'").run('<img src=x onerror=alert(1)>Sunset');
    const r = await f.call(ALBUM, 'edit', { id: albumId('Trip'), is_shared: 'true', enable_password: 'true', password: 'sesame', enable_comment: 'true' });
    expect(r.success, JSON.stringify(r)).to.equal(true);
    tripShare = r.data.shareid;
    context = await browser.newContext({ viewport: { width: 1200, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      scriptDialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
  });
  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
    expect(scriptDialogs, 'no script ran from user text').to.deep.equal([]);
  });

  it('asks for the password, refuses a wrong one, then shows the grid and nothing else of the app', async () => {
    await page.goto(`${base}/photo/share/${tripShare}`);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    await page.getByLabel('Password').fill('sesame');
    await page.getByRole('button', { name: 'Open' }).click();
    const grid = page.getByRole('list', { name: 'Shared photos' });
    await grid.getByRole('img', { name: '<img src=x onerror=alert(1)>Sunset' }).waitFor();
    await grid.getByRole('img', { name: 'b', exact: true }).waitFor();
    expect(await grid.getByRole('img').count(), 'the album itself, not its sub-album').to.equal(2);
    // The thumbnails really loaded (blob URLs of JPEGs the server made).
    await page.waitForFunction(() => [...document.querySelectorAll('#share-grid img')].every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
    expect(await page.getByRole('navigation', { name: 'Albums' }).count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Trash' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Log in' }).count()).to.equal(0);
  });

  it('opens a photo in the viewer, downloads its original and takes a comment', async () => {
    await page.getByRole('list', { name: 'Shared photos' }).getByRole('button').first().click();
    const viewer = page.getByRole('dialog', { name: 'Photo' });
    await viewer.getByRole('img', { name: '<img src=x onerror=alert(1)>Sunset' }).waitFor();
    await page.waitForFunction(() => (document.getElementById('share-large') as HTMLImageElement).naturalWidth > 0);
    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).to.equal('a.jpg');
    const saved = await download.path();
    expect(readFileSync(saved).equals(readFileSync(path.join(f.photoRoot, 'Trip/a.jpg')))).to.equal(true);
    await viewer.getByRole('textbox', { name: 'Name' }).fill('Friend');
    await viewer.getByRole('textbox', { name: 'Comment' }).fill('<b>lovely</b>');
    await viewer.getByRole('button', { name: 'Post comment' }).click();
    await viewer.getByText('<b>lovely</b>').waitFor();
    const comments = f.lib.db.prepare('SELECT name, comment FROM comments').all();
    expect(comments).to.deep.equal([{ name: 'Friend', comment: '<b>lovely</b>' }]);
    await viewer.getByRole('button', { name: 'Close' }).click();
  });

  it('says clearly when a share is unknown, or closed', async () => {
    await page.goto(`${base}/photo/share/AAAAAAAAAAAAAAAAAAAAAA`);
    await page.getByRole('alert').filter({ hasText: 'This share does not exist or is no longer shared.' }).waitFor();
    const made = await f.call(SHARED, 'create', { name: 'Old', item_id: pid('Secret', 's.jpg') });
    const link = await f.call(SHARED, 'edit_public_share', { id: made.data.id, is_shared: 'true', end_time: '2001-01-01' });
    await page.goto(`${base}/photo/share/${link.data.shareid}`);
    await page.getByRole('alert').filter({ hasText: 'This share expired on 2001-01-01 23:59:59.' }).waitFor();
    expect(await page.getByRole('img', { name: 's', exact: true }).count()).to.equal(0);
  });

  describe('for the owner', () => {
    let owner: Page;
    before(async () => {
      owner = await context.newPage();
      owner.on('pageerror', (e) => pageErrors.push(e.message));
      await logIn(owner, base);
    });

    it('shares an album with a link to copy', async () => {
      await owner.goto(`${base}/photo/album/${albumId('Secret')}`);
      await owner.getByRole('heading', { name: 'Secret' }).waitFor();
      await owner.getByRole('button', { name: 'Share', exact: true }).click();
      const dialog = owner.getByRole('dialog', { name: 'Share album' });
      await dialog.getByLabel('Until (YYYY-MM-DD, empty: always)').fill('2999-12-31');
      await dialog.getByRole('button', { name: 'Share', exact: true }).click();
      const link = owner.getByRole('dialog', { name: 'Share link' }).getByLabel('Link');
      await link.waitFor();
      const url = await link.inputValue();
      const shareid = url.split('/photo/share/')[1] ?? '';
      expect(url).to.equal(`${base}/photo/share/${shareid}`);
      const row = f.lib.db.prepare('SELECT end_at FROM public_shares WHERE share_id = ?').get(shareid) as { end_at: number };
      expect(row.end_at).to.equal(new Date(3000, 0, 1).getTime());
      await owner.getByRole('dialog', { name: 'Share link' }).getByRole('button', { name: 'Close' }).click();
      await page.goto(url);
      await page.getByRole('list', { name: 'Shared photos' }).getByRole('img', { name: 's', exact: true }).waitFor();
    });

    it('adds a selection to a shared album', async () => {
      await owner.goto(`${base}/photo/album/${albumId('Trip')}`);
      await owner.getByRole('checkbox', { name: 'Select b.jpg' }).check();
      await owner.getByRole('button', { name: 'Add to shared album' }).click();
      const dialog = owner.getByRole('dialog', { name: 'Add to shared album' });
      await dialog.getByLabel('Shared album').fill('Friends');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      // The dialog closes first; the page then creates the shared album: wait for it, up to 10 s.
      let friends: { id: string } | undefined;
      for (const until = Date.now() + 10_000; !friends && Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const list = await f.call(SHARED, 'list', {});
        friends = list.data.items.find((s: { info: { name: string } }) => s.info.name === 'Friends');
      }
      if (!friends) throw new Error('No shared album "Friends" 10 s after the dialog closed');
      const items = await f.call(SHARED, 'list_items', { id: friends.id });
      expect(items.data.items.map((i: { id: string }) => i.id)).to.deep.equal([pid('Trip', 'b.jpg')]);
    });
  });
});
