// End-to-end: a long post built in steps, the harder cases (see long-post.test.mjs). A later
// task that fails leaves the page as it was, once, and can be enhanced again;
// the view stays in place where the page scrolls smoothly, where the root is
// in a scrolling box, and where the reader scrolls after enhance(); a page's
// handler that refreshes or destroys from inside a change is no failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './helpers.mjs';
import { N, quotes, page, onPage } from './long-post-page.mjs';

let server, browser;

function html(variant) {
  const article = `<article id="a">${quotes({ last: true })}</article>`;
  const body = variant === 'container' ? `<div id="box" style="height:80vh;overflow:auto">${article}</div><p>After the box.</p>` : article;
  return page(body, variant === 'smooth' ? '<style>html{scroll-behavior:smooth}</style>' : '');
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function on(variant, fn, arg) {
  const { result, log } = await onPage(browser, server.origin, html(variant), (p) => p.evaluate(fn, arg));
  return { r: result, log };
}

test('a later task that fails: the page as it was, one ibid: error, no refresh after refresh; enhance() again enhances', async () => {
  const { r, log } = await on('plain', async () => {
    const a = document.getElementById('a');
    const before = a.innerHTML;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    // The DOM refuses a change in the last quote, which is built in a later task.
    const splitText = Text.prototype.splitText;
    Text.prototype.splitText = function (at) {
      if (document.getElementById('last')?.contains(this)) throw new Error('refused');
      return splitText.call(this, at);
    };
    let readies = 0;
    a.addEventListener('ibid:ready', () => readies++);
    // Told through ibid:error, once all is undone.
    const told = [];
    a.addEventListener('ibid:error', (e) => told.push([e.detail.error?.message, a.querySelectorAll('figure.ibid-card').length]));
    scrollTo(0, 0);
    const h = ibid.enhance(a); // observing
    const atReturn = a.querySelectorAll('figure.ibid-card').length;
    await sleep(2000);
    const failed = { atReturn, cards: a.querySelectorAll('figure.ibid-card').length, restored: a.innerHTML === before, enhanced: a.hasAttribute('data-ibid-enhanced'), readies, told };
    // The page lets it be, and enhances again.
    Text.prototype.splitText = splitText;
    const ready = new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
    const again = ibid.enhance(a);
    await ready;
    const second = { cards: a.querySelectorAll('figure.ibid-card').length, enhanced: a.hasAttribute('data-ibid-enhanced'), quotes: again.quotes.length };
    h.destroy();
    second.restored = a.innerHTML === before;
    second.cardsAfterDestroy = a.querySelectorAll('figure').length;
    return { failed, second };
  });
  const ibidErrors = log.consoleErrors.filter((e) => e.startsWith('ibid:'));
  assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
  assert.equal(ibidErrors.length, 1, `one ibid: error, not one per refresh: ${ibidErrors.length}`);
  assert.equal(log.consoleErrors.length, 1, 'no other console error');
  assert.ok(r.failed.atReturn > 0 && r.failed.atReturn < N, `part built in the call: ${r.failed.atReturn}`);
  assert.deepEqual(r.failed, { atReturn: r.failed.atReturn, cards: 0, restored: true, enhanced: false, readies: 0, told: [['refused', 0]] }, 'the failure undid everything, once, and said so');
  assert.deepEqual(r.second, { cards: N, enhanced: true, quotes: N, restored: true, cardsAfterDestroy: 0 }, 'enhance() again builds every card; the first handle destroys it');
});

test('a later task that fails while a popup is open, whose ibid:close handler refreshes: the refresh stands, no failure told for it', async () => {
  const { r, log } = await on('plain', async () => {
    const a = document.getElementById('a');
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const splitText = Text.prototype.splitText;
    Text.prototype.splitText = function (at) {
      if (document.getElementById('last')?.contains(this)) throw new Error('refused');
      return splitText.call(this, at);
    };
    const told = [];
    a.addEventListener('ibid:error', () => told.push('error'));
    let readies = 0;
    a.addEventListener('ibid:ready', () => readies++);
    scrollTo(0, 0);
    const h = ibid.enhance(a, { observe: false });
    // A popup open when the failure comes: its ibid:close answered with refresh().
    a.querySelector('.ibid-marker').focus();
    let refreshed = 0;
    a.addEventListener('ibid:close', () => {
      if (refreshed++) return;
      Text.prototype.splitText = splitText;
      h.refresh();
    });
    await sleep(2500);
    const r = { refreshed, told, readies, enhanced: a.hasAttribute('data-ibid-enhanced'), cards: a.querySelectorAll('figure.ibid-card').length };
    h.destroy();
    return r;
  });
  assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
  assert.deepEqual(r, { refreshed: 1, told: [], readies: 1, enhanced: true, cards: N }, 'the refresh stands, whole');
  assert.deepEqual(log.consoleErrors, [], 'no console error: the enhancement that failed was replaced');
});

/** In the page: the view's drift while the rest is built, at the quote the reader looks at. */
const DRIFT = async ({ variant, scrollAfter }) => {
  const a = document.getElementById('a');
  const box = document.getElementById('box');
  const bqs = [...a.querySelectorAll('blockquote')];
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const ready = new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
  const watch = bqs[150];
  if (scrollAfter) scrollTo(0, 0);
  else watch.scrollIntoView({ behavior: 'instant' });
  const winBefore = scrollY;
  const h = ibid.enhance(a, { observe: false });
  // The reader (or the browser restoring a position) scrolls after the call.
  if (scrollAfter) watch.scrollIntoView({ behavior: 'instant' });
  const t0 = watch.getBoundingClientRect().top;
  let done = false;
  ready.then(() => (done = true));
  let worst = 0;
  while (!done) {
    await frame();
    worst = Math.max(worst, Math.abs(watch.getBoundingClientRect().top - t0));
  }
  await new Promise((r) => setTimeout(r, 1200)); // a smooth scroll would still be moving
  worst = Math.max(worst, Math.abs(watch.getBoundingClientRect().top - t0));
  const r = { worst: Math.round(worst), windowMoved: box ? scrollY !== winBefore : null, cards: a.querySelectorAll('figure.ibid-card').length };
  h.destroy();
  return r;
};

for (const [name, variant, scrollAfter] of [
  ['scroll-behavior: smooth on the page', 'smooth', false],
  ['the root in a scrolling box, not the window', 'container', false],
  ['the reader scrolled to the middle after enhance()', 'plain', true],
]) {
  test(`the view stays in place while the cards above are built: ${name}`, async () => {
    const { r, log } = await on(variant, DRIFT, { variant, scrollAfter });
    assert.deepEqual(log.consoleErrors, [], 'no console errors');
    assert.equal(r.cards, N, 'every card');
    // A card in view may grow by its own header; nothing more.
    assert.ok(r.worst <= 80, `the quote in view moved by ${r.worst} px`);
    if (variant === 'container') assert.equal(r.windowMoved, false, 'the window is not scrolled for a box');
  });
}

test('a page handler that refresh()es from inside a change (a custom element moved into a card) is no failure', async () => {
  const { r, log } = await on('plain', async () => {
    const a = document.getElementById('a');
    const before = a.innerHTML;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    let calls = 0;
    customElements.define('x-el', class extends HTMLElement {
      connectedCallback() {
        if (window.h && !this.done) {
          this.done = true;
          calls++;
          window.h.refresh();
        }
      }
    });
    scrollTo(0, 0);
    const ready = new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
    window.h = ibid.enhance(a, { observe: false });
    await ready;
    await sleep(300);
    const res = { calls, cards: a.querySelectorAll('figure.ibid-card').length, enhanced: a.hasAttribute('data-ibid-enhanced') };
    window.h.destroy();
    res.restored = a.innerHTML === before;
    return res;
  });
  assert.deepEqual(log.consoleErrors, [], 'no console errors');
  assert.deepEqual(r, { calls: 1, cards: N, enhanced: true, restored: true });
});

test('the page changes quotes meanwhile (soft hyphens added, a blockquote removed): those are left as they are, the rest built, no wrong note', async () => {
  const { r, log } = await on('plain', async () => {
    const a = document.getElementById('a');
    scrollTo(0, 0);
    const ready = new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
    const h = ibid.enhance(a, { observe: false });
    // A hyphenation script runs on the quotes not yet in a card, and one is removed.
    let edited = 0;
    const bqs = [...a.querySelectorAll('blockquote')];
    for (const bq of bqs) {
      if (bq.closest('figure') || bq.id === 'last') continue;
      const t = bq.querySelector('p').firstChild;
      t.data = t.data.replace('increasingly', 'in\u00adcreas\u00ading\u00adly');
      edited++;
    }
    document.getElementById('last').remove();
    const timedOut = await Promise.race([ready.then(() => false), new Promise((r) => setTimeout(() => r(true), 10_000))]);
    if (timedOut) return { timedOut, cards: a.querySelectorAll('figure.ibid-card').length };
    const spans = [...a.querySelectorAll('.ibid-note__text, .ibid-note__kept')].map((e) => e.textContent.trim());
    const res = {
      edited,
      cards: a.querySelectorAll('figure.ibid-card').length,
      wrong: spans.filter((t) => !/^\[.*\]$/.test(t)).length,
      enhanced: a.hasAttribute('data-ibid-enhanced'),
    };
    h.destroy();
    return res;
  });
  assert.deepEqual(log.consoleErrors, [], 'no console errors');
  assert.equal(log.ibidWarnings().length, 1, `one ibid: warning: ${log.ibidWarnings()}`);
  assert.ok(r.edited > 0 && r.edited < N - 1, `quotes edited before their cards: ${r.edited}`);
  assert.deepEqual(r, { edited: r.edited, cards: N - 1 - r.edited, wrong: 0, enhanced: true }, 'the cards built before the edits, and no note hiding other words');
});
