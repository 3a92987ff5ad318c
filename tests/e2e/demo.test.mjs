// End-to-end: the demo page and the embed loader, in the Debian chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, waitForReady } from './helpers.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('demo page: six quotes enhanced, captions and comments left alone', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/index.html');
    const ready = await waitForReady(page, log);

    const cards = await page.$$eval('figure.ibid-card[data-ibid-quote]', (els) =>
      els.map((el) => [el.dataset.ibidQuote, !!el.querySelector(':scope > blockquote'), el.querySelector('.ibid-card__kind')?.textContent]),
    );
    assert.equal(cards.length, 6, `cards: ${JSON.stringify(cards)}`);
    assert.deepEqual(cards.map((c) => c[0]), ['0', '1', '2', '3', '4', '5']);
    assert.ok(cards.every((c) => c[1]), 'every card holds the author\'s blockquote');
    assert.deepEqual(cards.map((c) => c[2]), ['Letter', 'Meeting', 'Telegram', 'Telegram', 'Telegram', 'Telegram']);
    assert.equal(ready.quoteCount, 6, 'ibid:ready detail.quotes has 6 entries');
    // Card 2, "Meeting between A and B": two parties, not a sender and a recipient (for screen readers too).
    const meeting = page.locator('figure[data-ibid-quote="1"] .ibid-card__parties');
    assert.equal(await meeting.textContent(), 'Deputy Foreign Minister Gao Erqian and Ambassador Hayashi');
    assert.equal(await meeting.locator('.ibid-card__arrow, .ibid-visually-hidden').count(), 0, 'no arrow, no hidden " to "');
    assert.equal(await page.locator('[data-ibid-quote]').count(), 6, 'only the six cards are marked');
    assert.equal(await page.locator('.ibid-marker').count(), 3, 'the three editorial notes have markers');
    assert.equal(await page.locator('.ibid-cite').count(), 6, 'every source is a citation trigger');

    assert.ok((await page.locator('.wp-caption-text').count()) > 0, 'the demo has captions');
    assert.equal(await page.locator('.wp-caption-text [data-ibid-quote], .wp-caption-text[data-ibid-quote]').count(), 0);
    const comments = '#comments, .comments-area, .comment-list';
    assert.ok((await page.locator(comments).count()) > 0, 'the demo has a comments area');
    assert.equal(await page.locator(`:is(${comments}) [data-ibid-quote]`).count(), 0);

    assert.deepEqual(log.external(), [], 'requests to anywhere but the local server');
    assert.deepEqual(log.consoleErrors, [], 'console errors');
    assert.deepEqual(log.pageErrors, [], 'page errors');
    assert.deepEqual(log.ibidWarnings(), [], 'ibid warnings');
    const fetched = (f) => log.requests.filter((u) => u.endsWith('/ibid/' + f)).length;
    assert.equal(fetched('ibid_core_bg.wasm'), 1, 'the wasm is fetched once');
    assert.equal(fetched('ibid.css'), 1, 'the stylesheet is fetched once');
  } finally {
    await context.close();
  }
});

test('page without a blockquote never fetches the wasm', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/test/no-quotes.html', { waitUntil: 'networkidle' });
    assert.ok(log.requests.some((u) => u.endsWith('/ibid/ibid.js')), 'the loader ran');
    assert.deepEqual(log.requests.filter((u) => /ibid_core|\.wasm$|ibid\.css$/.test(u)), []);
    assert.equal(await page.locator('[data-ibid-quote]').count(), 0);
    assert.deepEqual(log.consoleErrors, [], 'console errors');
    assert.deepEqual(log.pageErrors, [], 'page errors');
    assert.deepEqual(log.warnings, [], 'console warnings');
    assert.deepEqual(log.external(), [], 'requests to anywhere but the local server');
  } finally {
    await context.close();
  }
});

test('a failed wasm fetch leaves the page as it was, with one ibid: warning', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.route('**/ibid_core_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    const warned = page.waitForEvent('console', {
      predicate: (m) => m.type() === 'warning' && m.text().startsWith('ibid:'),
      timeout: 10_000,
    });
    await page.goto(server.origin + '/index.html');
    await warned;
    await page.waitForLoadState('networkidle');
    assert.equal(log.ibidWarnings().length, 1, JSON.stringify(log.warnings));
    assert.equal(await page.locator('[data-ibid-quote], .ibid-card').count(), 0);
    assert.equal(await page.locator('link[data-ibid]').count(), 0, 'stylesheet removed again');
    assert.deepEqual(log.pageErrors, [], 'page errors');
  } finally {
    await context.close();
  }
});

test('a .wasm served with the wrong MIME type leaves the page as it was, with one ibid: warning saying why', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.route('**/ibid_core_bg.wasm', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    const warned = page.waitForEvent('console', {
      predicate: (m) => m.type() === 'warning' && m.text().startsWith('ibid:'),
      timeout: 10_000,
    });
    await page.goto(server.origin + '/index.html');
    await warned;
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('figure.ibid-card, [data-ibid-generated]').count(), 0, 'nothing enhanced');
    assert.equal(await page.locator('link[data-ibid]').count(), 0, 'stylesheet removed again');
    assert.equal(log.ibidWarnings().length, 1, JSON.stringify(log.warnings));
    assert.match(log.ibidWarnings()[0], /not application\/wasm.*ibid\.inline\.js/, 'the warning says why and what to do');
    assert.deepEqual(log.consoleErrors, [], 'console errors');
  } finally {
    await context.close();
  }
});
