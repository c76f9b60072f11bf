import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { albumId } from '../../src/library/ids.ts';
import { launchBrowser, logIn } from '../helpers/browser.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/**
 * The header's "My library" (SPEC §18) in a real browser: a user switches to their personal
 * library, whose address (`/~<user>/photo/...`) says which library is shown, uploads into it,
 * and the photo is there and only there, on disk and on screen.
 */
describe('the web interface: My library beside the shared one (SPEC §18)', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  let f: OpsFixture;
  let base: string;
  let aliceSid: string;
  const pageErrors: string[] = [];
  const tree = () => page.getByRole('navigation', { name: 'Albums' });
  const homeRoot = () => path.join(f.dir, 'home', 'alice', 'photo');

  before(async function () {
    browser = await launchBrowser(this);
    f = await OpsFixture.start();
    base = f.url.replace('/photo/webapi/entry.cgi', '');
    f.photo('Holidays', 'h0.jpg');
    aliceSid = await f.user('alice', { Holidays: { browse: true } });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
  });
  afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('starts in the shared library, at /photo/, saying so', async () => {
    await logIn(page, base, 'alice', 'user-pw');
    await tree().getByRole('link', { name: 'Holidays' }).waitFor();
    expect(page.url()).to.equal(`${base}/photo/`);
    expect(await page.locator('body').getAttribute('data-library')).to.equal('-');
    expect(await page.locator('#library').isHidden()).to.equal(true);
  });

  it('switches to My library: its own address, name and empty album tree', async () => {
    await page.getByRole('button', { name: 'My library' }).click();
    await page.waitForURL(`${base}/~alice/photo/`);
    await page.locator('#library').filter({ hasText: 'My library' }).waitFor();
    expect(await page.locator('body').getAttribute('data-library')).to.equal('alice');
    expect(await page.title()).to.equal('My library - Photo Station');
    await page.getByRole('button', { name: 'Shared library' }).waitFor();
    await page.getByRole('heading', { name: 'All photos' }).waitFor();
    expect(await tree().getByRole('link', { name: 'Holidays' }).count(), 'the shared album is not in it').to.equal(0);
  });

  it('creates an album and uploads a photo there: on disk in the personal root, its thumbnail shown', async () => {
    await page.getByRole('button', { name: 'New album' }).click();
    const dialog = page.getByRole('dialog', { name: 'New album' });
    await dialog.getByLabel('Name').fill('Mine');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await tree().getByRole('link', { name: 'Mine' }).click();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    expect(page.url()).to.equal(`${base}/~alice/photo/album/${albumId('Mine')}`);
    const bytes = readFileSync(path.join(FIXTURES, 'plain.png'));
    await page.getByLabel('Choose files to upload').setInputFiles({ name: 'only mine.png', mimeType: 'image/png', buffer: bytes });
    await page.getByRole('region', { name: 'Uploads' }).getByText('Done').waitFor();
    const img = page.getByRole('img', { name: 'only mine' });
    await img.waitFor();
    // The thumbnail itself arrived and decoded (a refused request leaves a broken image).
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img[alt="only mine"]')].some((i) => i.complete && i.naturalWidth > 0));
    expect(await img.getAttribute('src')).to.match(/^\/~alice\/photo\/webapi\/thumb\.php\?/);
    expect(readFileSync(path.join(homeRoot(), 'Mine', 'only mine.png')).equals(bytes)).to.equal(true);
    expect(existsSync(path.join(f.photoRoot, 'Mine')), 'nothing in the shared photo root').to.equal(false);
    expect(f.lib.albums.byPath('Mine'), 'nothing in the shared index').to.equal(undefined);
  });

  it('stays in My library through a reload: the address says which library is shown', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    await page.getByRole('img', { name: 'only mine' }).waitFor();
    await page.locator('#library').filter({ hasText: 'My library' }).waitFor();
  });

  it('switches back: the shared library at /photo/, without the personal album or photo', async () => {
    await page.getByRole('button', { name: 'Shared library' }).click();
    await page.waitForURL(`${base}/photo/`);
    await tree().getByRole('link', { name: 'Holidays' }).waitFor();
    expect(await page.locator('body').getAttribute('data-library')).to.equal('-');
    expect(await page.locator('#library').isHidden()).to.equal(true);
    expect(await tree().getByRole('link', { name: 'Mine' }).count()).to.equal(0);
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Holidays' }).click();
    await page.getByRole('heading', { name: 'Holidays' }).waitFor();
    expect(await page.getByRole('img', { name: 'only mine' }).count()).to.equal(0);
    // Back goes to the personal library again, the tree with it.
    await page.goBack();
    await page.goBack();
    await page.waitForURL(`${base}/~alice/photo/album/${albumId('Mine')}`);
    await tree().getByRole('link', { name: 'Mine' }).waitFor();
    await page.getByRole('img', { name: 'only mine' }).waitFor();
  });

  it('shows a link to the personal album to a visitor without an account, at /photo/share/<id>', async () => {
    const body = new URLSearchParams({ api: 'SYNO.PhotoStation.Album', method: 'edit', version: '1', id: albumId('Mine'), is_shared: 'true', _sid: aliceSid });
    const made = await (await fetch(`${base}/~alice/photo/webapi/entry.cgi`, { method: 'POST', body })).json();
    expect(made.success, JSON.stringify(made)).to.equal(true);
    const visitor = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    try {
      const p = await visitor.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(`${base}${made.data.public_share_url}`);
      const grid = p.getByRole('list', { name: 'Shared photos' });
      await grid.getByRole('img', { name: 'only mine' }).waitFor();
      await p.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#share-grid img')].every((i) => i.complete && i.naturalWidth > 0));
      expect(await grid.getByRole('img').count()).to.equal(1);
    } finally {
      await visitor.close();
    }
  });
});
