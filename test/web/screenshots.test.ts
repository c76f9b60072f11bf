import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { albumId, itemId } from '../../src/library/ids.ts';
import { launchBrowser, logIn } from '../helpers/browser.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';
import { picture } from '../helpers/pictures.ts';

/**
 * The screenshots of README.md's tour (docs/screenshots/*.png), taken of the real views with real
 * thumbnails. They are written where SCREENSHOTS_DIR says, else to a temporary folder, so that the
 * test also runs in `npm test` without touching the checkout:
 *
 *     SCREENSHOTS_DIR=docs/screenshots npx mocha test/web/screenshots.test.ts
 */
const OUT = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : mkdtempSync(path.join(os.tmpdir(), 'ps-shots-'));
const MAX_BYTES = 200 * 1024;

describe('screenshots of the main views (docs/screenshots)', function () {
  this.timeout(120000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let f: OpsFixture;
  let base: string;

  /** Every thumbnail on screen loaded and decoded: the picture shows photos, not placeholders. */
  async function thumbsShown(p: Page): Promise<void> {
    await p.waitForFunction(
      () => {
        const imgs = [...document.querySelectorAll<HTMLImageElement>('.tile img')].filter((i) => i.getBoundingClientRect().top < innerHeight);
        return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: 60000 },
    );
  }

  /** A PNG of the page, reduced to a palette (screenshots of photos are large otherwise). */
  async function shot(p: Page, name: string): Promise<void> {
    // No caret or hover effects caught half-way.
    await p.waitForTimeout(300);
    const png = await sharp(await p.screenshot({ animations: 'disabled' }))
      .png({ palette: true, quality: 80, effort: 8, compressionLevel: 9 })
      .toBuffer();
    expect(png.length, `${name}.png size`).to.be.below(MAX_BYTES);
    writeFileSync(path.join(OUT, `${name}.png`), png);
  }

  before(async function () {
    browser = await launchBrowser(this);
    mkdirSync(OUT, { recursive: true });
    f = await OpsFixture.start();
    base = f.url.replace('/photo/webapi/entry.cgi', '');
    const albums: Record<string, number> = { 'Holidays 2017': 24, Family: 8, 'Trips/Norway': 6, 'Trips/Lisbon': 5 };
    let seed = 10;
    for (const [album, n] of Object.entries(albums)) {
      f.album(album);
      for (let i = 1; i <= n; i++)
        writeFileSync(
          path.join(f.photoRoot, album, `${path.basename(album).toLowerCase().replace(/\W+/g, '-')}-${String(i).padStart(2, '0')}.jpg`),
          await picture(seed++, 800, 600),
        );
    }
    f.bulk('Old scans', 3000, 1);
    await f.station.services.scanner.scan();
    await f.call('SYNO.PhotoStation.Photo', 'edit', {
      id: itemId('Holidays 2017', 'holidays-2017-03.jpg', 'photo'),
      title: 'Evening at the lake',
      description: 'The last light over the hills, the day before we left.',
      rating: '4',
    });
    await f.call('SYNO.PhotoStation.Album', 'edit', { id: albumId('Holidays 2017'), description: 'Two weeks in the hills.' });
    await f.user('carol', { 'Holidays 2017': { browse: true }, Family: { browse: true, upload: true } });
    await f.user('dave', { Family: { browse: true, upload: true, manage: true } });
    const group = await f.call('SYNO.PhotoStation.Group', 'create', { name: 'family' });
    await f.call('SYNO.PhotoStation.Group', 'editmember', { id: group.data.id, add: JSON.stringify(['carol', 'dave']) });
    context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
    if (!process.env.SCREENSHOTS_DIR) console.log(`      screenshots in ${OUT}`);
  });

  it('login', async () => {
    await page.goto(`${base}/photo/`);
    await page.getByLabel('Username').fill('admin');
    await shot(page, 'login');
  });

  it('album grid with thumbnails', async () => {
    await logIn(page, base);
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Holidays 2017' }).click();
    await page.getByRole('button', { name: 'Expand Trips' }).click();
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Norway' }).waitFor();
    await thumbsShown(page);
    await shot(page, 'album');
  });

  it('photo viewer', async () => {
    await page.getByRole('img', { name: 'Evening at the lake' }).click();
    const viewer = page.getByRole('dialog', { name: 'Evening at the lake' });
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await viewer.locator('img.large').elementHandle());
    await viewer.getByLabel('Description').waitFor();
    await shot(page, 'viewer');
    await page.keyboard.press('Escape');
  });

  it('move dialog, then the progress bar of a big move', async () => {
    for (const n of ['02', '05', '06', '09']) await page.getByRole('checkbox', { name: `Select holidays-2017-${n}.jpg` }).check();
    await page.getByRole('button', { name: 'Move' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move to album' });
    await dialog.getByRole('radio', { name: 'Family' }).check();
    await shot(page, 'move-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Clear selection' }).click();

    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Old scans' }).click();
    await page.getByText('3000 items').waitFor();
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: 'Move' }).click();
    await page.getByRole('dialog', { name: 'Move to album' }).getByRole('radio', { name: 'Lisbon' }).check();
    await page.getByRole('dialog', { name: 'Move to album' }).getByRole('button', { name: 'Move' }).click();
    const task = page.getByRole('group', { name: 'Move task' });
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Holidays 2017' }).click();
    await thumbsShown(page);
    await page.waitForFunction(() => Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? 0) > 0);
    await shot(page, 'move-progress');
    await task
      .getByRole('button', { name: 'Cancel' })
      .click()
      .catch(() => {});
    await task.getByText(/^(Cancelled|Done)/).waitFor({ timeout: 60000 });
    await task.getByRole('button', { name: 'Close' }).click();
  });

  it('trash', async () => {
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('link', { name: 'Family' }).click();
    for (const n of ['01', '04', '07']) await page.getByRole('checkbox', { name: `Select family-${n}.jpg` }).check();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const task = page.getByRole('group', { name: 'Delete task' });
    await task.getByText('Done: 3 of 3').waitFor();
    await task.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('row', { name: /family-07\.jpg/ }).waitFor();
    await shot(page, 'trash');
  });

  it('administration', async () => {
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Remove dave from family' }).waitFor();
    await page.getByRole('combobox', { name: 'Album', exact: true }).selectOption(albumId('Family'));
    await page.getByRole('checkbox', { name: 'dave may manage' }).waitFor();
    await shot(page, 'admin');
  });

  it('phone-sized screen', async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await logIn(phone, base);
    await phone.goto(`${base}/photo/album/${albumId('Trips/Norway')}`);
    await thumbsShown(phone);
    await shot(phone, 'phone');
    await phone.context().close();
  });
});
