// End-to-end: a long post (more than 64 quotes) is built in steps. enhance()
// builds the cards in view, later tasks build the rest (from the viewport
// down, then up), and ibid:ready comes after the last. These tests check
// that the steps add up to the same page as one build, that destroy(),
// refresh() and printing work mid-way, and that observing does not mistake
// ibid's own later changes for the page's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './helpers.mjs';
import { N, quotes, page, onPage } from './long-post-page.mjs';

let server, browser;

// Two copies: #a as the reader sees it, #b hidden (nothing in view: built in one go).
const html = page(`<article id="a">${quotes({ dukhonin: true })}</article>\n<div hidden><article id="b">${quotes({ dukhonin: true })}</article></div>`);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function onLongPost(fn) {
  const { result, log } = await onPage(browser, server.origin, html, fn);
  assert.deepEqual(log.pageErrors, [], 'no page errors');
  assert.deepEqual(log.consoleErrors, [], 'no console errors');
  return result;
}

/** In the page: counts ibid:ready events on `root` and resolves at the first. */
const IN_PAGE = () => {
  window.readyCount = 0;
  document.addEventListener('ibid:ready', () => window.readyCount++);
  window.whenReady = (root) => new Promise((resolve) => root.addEventListener('ibid:ready', resolve, { once: true }));
  // innerHTML with the numbers that depend on build order (ids and popup indices) taken out.
  window.shape = (root) =>
    root.innerHTML
      .replace(/ibid\d+-(tip|orig)\d+/g, 'ibid-$1')
      .replace(/data-ibid-(popup|for)="\d+"/g, 'data-ibid-$1=""');
};

test('a long post scrolled to its middle: the cards in view at once, the rest later, the same page as one build', async () => {
  const r = await onLongPost(async (page) => {
    await page.evaluate(IN_PAGE);
    return page.evaluate(async (n) => {
      const a = document.getElementById('a');
      const b = document.getElementById('b');
      const before = a.innerHTML;
      // Scrolled to the middle: the building starts there, not at the top.
      const middle = a.querySelectorAll('blockquote')[n / 2];
      middle.scrollIntoView();
      const inView = () => [...a.querySelectorAll('blockquote')].filter((bq) => {
        const r = bq.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      const visibleBefore = inView();
      const ready = whenReady(a);
      const handle = ibid.enhance(a, { observe: false });
      const atReturn = {
        cards: a.querySelectorAll('figure.ibid-card').length,
        readyCount,
        viewBuilt: visibleBefore.every((bq) => bq.closest('figure.ibid-card')),
        middleBuilt: !!middle.closest('figure.ibid-card'),
        firstBuilt: !!a.querySelector('blockquote').closest('figure.ibid-card'),
        quotes: handle.quotes.length,
        middleTop: middle.getBoundingClientRect().top,
      };
      await ready;
      const readyAfter = readyCount;
      // The same post in a hidden root is built in one go (nothing is in view there).
      const one = ibid.enhance(b, { observe: false });
      const middleTop = middle.getBoundingClientRect().top;
      const after = {
        cards: a.querySelectorAll('figure.ibid-card').length,
        markers: a.querySelectorAll('.ibid-marker').length,
        cites: a.querySelectorAll('.ibid-cite').length,
        toggles: a.querySelectorAll('.ibid-card__toggle').length,
        readyCount: readyAfter,
        same: shape(a) === shape(b),
        bCards: b.querySelectorAll('figure.ibid-card').length,
        middleTop,
      };
      handle.destroy();
      one.destroy();
      return { atReturn, after, restored: a.innerHTML === before, vh: innerHeight, visibleBefore: visibleBefore.length };
    }, N);
  });
  assert.ok(r.visibleBefore > 0, `quotes were in view: ${r.visibleBefore}`);
  assert.equal(r.atReturn.quotes, N, 'the handle has every quote at once');
  assert.equal(r.atReturn.viewBuilt, true, 'every quote in view is a card when enhance() returns');
  assert.equal(r.atReturn.middleBuilt, true, 'the quote scrolled to is a card when enhance() returns');
  assert.equal(r.atReturn.firstBuilt, false, 'the first quote, far above the view, is not built yet');
  assert.ok(r.atReturn.cards < N, `not every card built in the call: ${r.atReturn.cards}`);
  assert.equal(r.atReturn.readyCount, 0, 'no ibid:ready before the last card');
  assert.equal(r.after.readyCount, 1, 'one ibid:ready');
  assert.deepEqual(
    { cards: r.after.cards, markers: r.after.markers, cites: r.after.cites, toggles: r.after.toggles },
    { cards: N, markers: 3 * N, cites: N, toggles: N / 5 },
    'every card, marker, citation and original toggle built',
  );
  assert.equal(r.after.bCards, N, 'the hidden copy was built in one go');
  assert.equal(r.after.same, true, 'built in steps, out of document order, the post is the same as built at once');
  assert.ok(
    Math.abs(r.after.middleTop - r.atReturn.middleTop) <= 2,
    `the quote scrolled to stays where it was while the cards above are built: top ${r.atReturn.middleTop} -> ${r.after.middleTop}`,
  );
  assert.equal(r.restored, true, 'destroy() restores the markup');
});

test('destroy() and refresh() while a long post is being built; printing builds the rest at once', async () => {
  const r = await onLongPost(async (page) => {
    await page.evaluate(IN_PAGE);
    return page.evaluate(async (n) => {
      const a = document.getElementById('a');
      const before = a.innerHTML;
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      // destroy() in the same task as enhance(): nothing is built later, no ibid:ready.
      let h = ibid.enhance(a, { observe: false });
      const partial = a.querySelectorAll('figure.ibid-card').length;
      h.destroy();
      await sleep(300);
      const destroyed = { partial, restored: a.innerHTML === before, readyCount, cards: a.querySelectorAll('figure').length };
      // refresh() mid-way: built again from the start, one ibid:ready at the end.
      let ready = whenReady(a);
      h = ibid.enhance(a, { observe: false });
      h.refresh();
      await ready;
      await sleep(100);
      const refreshed = { readyCount, cards: a.querySelectorAll('figure.ibid-card').length };
      h.destroy();
      const restoredAfterRefresh = a.innerHTML === before;
      // Printing: beforeprint builds every card that is left, and ibid:ready comes then.
      readyCount = 0;
      h = ibid.enhance(a, { observe: false });
      const beforePrint = a.querySelectorAll('figure.ibid-card').length;
      dispatchEvent(new Event('beforeprint'));
      const printed = { beforePrint, cards: a.querySelectorAll('figure.ibid-card').length, lists: a.querySelectorAll('.ibid-card__notes').length, readyCount };
      h.destroy();
      return { destroyed, refreshed, restoredAfterRefresh, printed, restored: a.innerHTML === before };
    }, N);
  });
  assert.ok(r.destroyed.partial < N, `part built when destroy() came: ${r.destroyed.partial}`);
  assert.deepEqual(r.destroyed, { partial: r.destroyed.partial, restored: true, readyCount: 0, cards: 0 }, 'destroy() mid-way: restored, nothing built later, no ibid:ready');
  assert.deepEqual(r.refreshed, { readyCount: 1, cards: N }, 'refresh() mid-way: every card, one ibid:ready');
  assert.equal(r.restoredAfterRefresh, true, 'destroy() after refresh() restores the markup');
  assert.ok(r.printed.beforePrint < N, `part built before printing: ${r.printed.beforePrint}`);
  assert.deepEqual(
    { cards: r.printed.cards, lists: r.printed.lists, readyCount: r.printed.readyCount },
    { cards: N, lists: N, readyCount: 1 },
    'beforeprint: every card and its printed notes, and ibid:ready',
  );
  assert.equal(r.restored, true, 'restored at the end');
});

test('a long post in a background tab is built in the call (its timers would be held back)', async () => {
  const r = await onLongPost((page) =>
    page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      const a = document.getElementById('a');
      let readies = 0;
      a.addEventListener('ibid:ready', () => readies++);
      const h = ibid.enhance(a, { observe: false });
      const result = { cards: a.querySelectorAll('figure.ibid-card').length, readies };
      h.destroy();
      return result;
    }),
  );
  assert.deepEqual(r, { cards: N, readies: 1 }, 'every card and ibid:ready in the call');
});

test('a long post whose tab goes to the background while it is built finishes at once', async () => {
  const r = await onLongPost((page) =>
    page.evaluate(() => {
      const a = document.getElementById('a');
      let readies = 0;
      a.addEventListener('ibid:ready', () => readies++);
      const h = ibid.enhance(a, { observe: false });
      const atReturn = a.querySelectorAll('figure.ibid-card').length;
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      const result = { partial: atReturn < a.querySelectorAll("blockquote").length, cards: a.querySelectorAll('figure.ibid-card').length, readies };
      h.destroy();
      return result;
    }),
  );
  assert.deepEqual(r, { partial: true, cards: N, readies: 1 }, 'built in part by the call, the rest at visibilitychange');
});

test('observing a long post: ibid’s own later changes do not trigger a refresh, the page’s do', async () => {
  const r = await onLongPost(async (page) => {
    await page.evaluate(IN_PAGE);
    return page.evaluate(async () => {
      const a = document.getElementById('a');
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const ready = whenReady(a);
      const h = ibid.enhance(a); // observe is on by default
      await ready;
      await sleep(400);
      const quiet = readyCount;
      // The page adds a quote: a refresh (after 50 ms) brings a second ibid:ready.
      const again = whenReady(a);
      a.insertAdjacentHTML('beforeend', '<blockquote><p>A late quote [sic].</p></blockquote><p>Telegram from Liu Jingren, 2 December 1917. Ibid., p. 9.</p>');
      await again;
      await sleep(400);
      const result = { quiet, afterAdd: readyCount, cards: a.querySelectorAll('figure.ibid-card').length, quotes: h.quotes.length };
      h.destroy();
      // What the page added stays after the post's last quote and its line.
      result.endsWithLate = a.lastElementChild.textContent.startsWith('Telegram from Liu Jingren, 2 December');
      return result;
    });
  });
  assert.deepEqual(
    r,
    { quiet: 1, afterAdd: 2, cards: N + 1, quotes: N + 1, endsWithLate: true },
    'one ibid:ready while ibid builds, one more for the page’s own quote; the page’s order kept through refresh() and destroy()',
  );
});
