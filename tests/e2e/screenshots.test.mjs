// Screenshots of the demo for README: desktop with a note open, mobile (375 px)
// with the bottom sheet, dark mode with a citation open, and print (page.pdf
// turned into PNG by pdftoppm). Written to docs/screenshots/ on every run, so
// README always shows what the current build does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, waitForReady, repoRoot } from './helpers.mjs';

const out = path.join(repoRoot, 'docs', 'screenshots');
let server, browser;
before(async () => {
  mkdirSync(out, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const written = (name) => {
  const size = statSync(path.join(out, name)).size;
  assert.ok(size > 10_000, `${name} is ${size} bytes`);
};

async function openDemo(options) {
  const { context, page, log } = await openPage(browser, server.origin, options);
  await page.goto(server.origin + '/index.html');
  await waitForReady(page, log);
  return { context, page, log };
}

test('desktop: a card with its note open', async () => {
  const { context, page, log } = await openDemo({ viewport: { width: 900, height: 640 } });
  try {
    const card = page.locator('figure.ibid-card').nth(2);
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const marker = card.locator('.ibid-marker').first();
    await marker.hover();
    const tip = page.locator('#' + (await marker.getAttribute('aria-describedby')));
    await tip.waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // let any fade-in finish
    await page.screenshot({ path: path.join(out, 'desktop.png') });
    written('desktop.png');
    assert.deepEqual(log.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test('mobile: the bottom sheet', async () => {
  const { context, page } = await openDemo({ viewport: { width: 375, height: 700 }, hasTouch: true, isMobile: true });
  try {
    const card = page.locator('figure.ibid-card').nth(4);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const marker = card.locator('.ibid-marker').first();
    await marker.tap();
    const tip = page.locator('#' + (await marker.getAttribute('aria-describedby')));
    await tip.waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // let any fade-in finish
    assert.ok(await tip.evaluate((el) => el.classList.contains('ibid-popup--sheet')), 'a sheet on a phone');
    await page.screenshot({ path: path.join(out, 'mobile.png') });
    written('mobile.png');
  } finally {
    await context.close();
  }
});

test('dark mode: a citation open', async () => {
  const { context, page } = await openDemo({ viewport: { width: 900, height: 640 }, colorScheme: 'dark' });
  try {
    const card = page.locator('figure.ibid-card').nth(3);
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const cite = card.locator('.ibid-cite').first();
    await cite.focus();
    const tip = page.locator('#' + (await cite.getAttribute('aria-describedby')));
    await tip.waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // let any fade-in finish
    await page.screenshot({ path: path.join(out, 'dark.png') });
    written('dark.png');
  } finally {
    await context.close();
  }
});

test('print: cards with their notes listed', async () => {
  const { context, page } = await openDemo();
  try {
    await page.emulateMedia({ media: 'print' });
    const listed = await page.locator('.ibid-card__notes').first().isVisible();
    assert.ok(listed, 'each card lists its notes in print');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'ibid-print-'));
    const pdf = path.join(tmp, 'demo.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
    // Page 2 holds the telegram with its editorial note.
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '2', '-l', '2', pdf, path.join(tmp, 'page')]);
    const png = readdirSync(tmp).find((f) => f.endsWith('.png'));
    assert.ok(png, 'pdftoppm wrote a page');
    execFileSync('cp', [path.join(tmp, png), path.join(out, 'print.png')]);
    written('print.png');
  } finally {
    await context.close();
  }
});
