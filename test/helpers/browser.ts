import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's chromium; a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches headless chromium, or skips the suite when there is none, saying why; on CI a missing
 * browser fails instead, so the browser tests cannot silently stop running there.
 */
export async function launchBrowser(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    const reason = `browser tests need chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
    if (process.env.CI) throw new Error(reason);
    console.log(`      skipped: ${reason}`);
    suite.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/**
 * Logs in through the form, as a person would: where guests have something to browse the page
 * opens on that, and the header's `Log in` button shows the form.
 */
export async function logIn(page: Page, base: string, username = 'admin', password = 'admin-pw'): Promise<void> {
  await page.goto(`${base}/photo/`);
  const field = page.getByLabel('Username');
  await field
    .or(page.getByRole('banner').getByRole('button', { name: 'Log in' }))
    .first()
    .waitFor();
  if (!(await field.isVisible())) await page.getByRole('banner').getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}
