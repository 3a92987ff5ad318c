// Failure isolation: if ibid throws or panics mid-way, the post's markup is
// intact, one console error names ibid, and the page's other scripts go on.
// The faults are forced through the undocumented `testFault` option.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, openPage, wwwRoot } from './helpers.mjs';

/** The test page: the demo post without the loader, with a script of the page's own that must keep running. */
function writeFaultPage() {
  const demo = readFileSync(path.join(wwwRoot, 'index.html'), 'utf8');
  const loader = '<script type="module" src="./ibid/ibid.js"></script>';
  assert.ok(demo.includes(loader), 'www/index.html has the loader tag');
  const page = demo.replace('href="./ibid/ibid.css"', 'href="../../ibid/ibid.css"').replace(
    loader,
    `<script>
  window.ticks = 0; setInterval(() => window.ticks++, 20);
</script>`,
  );
  mkdirSync(path.join(wwwRoot, 'test/failure'), { recursive: true });
  writeFileSync(path.join(wwwRoot, 'test/failure/fault.html'), page);
}

let server, browser;
before(async () => {
  writeFaultPage();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function withFault(fault) {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/test/failure/fault.html');
    const result = await page.evaluate(async (fault) => {
      const article = document.querySelector('article');
      const before = article.innerHTML;
      const api = await import('/ibid/index.js');
      await api.init('/ibid/ibid_core_bg.wasm');
      const told = [];
      document.addEventListener('ibid:error', (e) => told.push([e.target === article, String(e.detail.error?.message ?? e.detail.error)]));
      let threw = null;
      try {
        api.enhance(article, { testFault: fault });
      } catch (e) {
        threw = String(e && e.message ? e.message : e);
      }
      const ticksAt = window.ticks;
      await new Promise((r) => setTimeout(r, 200));
      const state = {
        intact: article.innerHTML === before,
        cards: document.querySelectorAll('.ibid-card').length,
        enhancedMark: article.hasAttribute('data-ibid-enhanced'),
        threw,
        told,
        ticking: window.ticks > ticksAt,
      };
      let again = null;
      try {
        api.enhance(article).destroy();
      } catch (e) {
        again = String(e && e.message ? e.message : e);
      }
      return { ...state, again };
    }, fault);
    return { result, log };
  } finally {
    await context.close();
  }
}

test('a thrown error mid-render: every change undone, one ibid: console error, the page goes on', async () => {
  const { result, log } = await withFault('throw');
  assert.ok(result.threw, 'enhance should throw');
  assert.deepEqual(result.told, [[true, result.threw]], 'one ibid:error on the root, with the error');
  assert.ok(result.intact, 'the post markup should be exactly as before');
  assert.equal(result.enhancedMark, false, 'no enhanced mark left');
  assert.equal(log.consoleErrors.filter((e) => e.startsWith('ibid:')).length, 1, JSON.stringify(log.consoleErrors));
  assert.equal(log.consoleErrors.length, 1, 'one console error in all');
  assert.ok(result.ticking, "the page's own script keeps running");
  assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  assert.equal(result.again, null, 'ibid still works after an ordinary error');
});

test('a panic (wasm trap) mid-render: the post is put back, one ibid: console error, the page goes on', async () => {
  const { result, log } = await withFault('panic');
  assert.ok(result.threw, 'enhance should throw');
  assert.deepEqual(result.told, [[true, result.threw]], 'one ibid:error on the root, with the error');
  assert.ok(result.intact, 'the post markup should be exactly as before');
  assert.equal(result.cards, 0, 'no card left behind');
  assert.equal(result.enhancedMark, false, 'no enhanced mark left');
  assert.equal(log.consoleErrors.filter((e) => e.startsWith('ibid:')).length, 1, JSON.stringify(log.consoleErrors));
  assert.equal(log.consoleErrors.length, 1, 'one console error in all');
  assert.ok(result.ticking, "the page's own script keeps running");
  assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  assert.match(result.again || '', /^ibid: disabled after an internal error/, 'ibid stays off after a trap');
});

test('a panic (wasm trap) inside refresh(): the post goes back as the author wrote it, not with the cards of before', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/test/failure/fault.html');
    const result = await page.evaluate(async () => {
      const article = document.querySelector('article');
      const api = await import('/ibid/index.js');
      await api.init('/ibid/ibid_core_bg.wasm');
      // One quote: the test fault spares the first quote's plan, so enhance() works.
      article.replaceChildren();
      article.insertAdjacentHTML(
        'beforeend',
        '<blockquote><p>The bolsheviks [lit. maximalists – ed.] hold the city.</p></blockquote>' +
          '<p>Telegram from Liu Jingren, 28 November 1917. Ibid., p. 181.</p>',
      );
      const second = '<blockquote><p>A second telegram.</p></blockquote><p>Telegram from Liu Jingren, 30 November 1917.</p>';
      const author = article.innerHTML + second;
      const handle = api.enhance(article, { testFault: 'panic', observe: false });
      const cardsBefore = document.querySelectorAll('.ibid-card').length;
      // A second quote: its plan traps inside refresh().
      article.insertAdjacentHTML('beforeend', second);
      const told = [];
      article.addEventListener('ibid:error', (e) => told.push(e.detail.error instanceof WebAssembly.RuntimeError));
      let threw = null;
      try {
        handle.refresh();
      } catch (e) {
        threw = e instanceof WebAssembly.RuntimeError;
      }
      return {
        cardsBefore,
        threw,
        told,
        intact: article.innerHTML === author,
        cards: document.querySelectorAll('.ibid-card, [data-ibid-generated]').length,
        enhancedMark: article.hasAttribute('data-ibid-enhanced'),
      };
    });
    assert.equal(result.cardsBefore, 1, 'enhance() built the one card');
    assert.equal(result.threw, true, 'refresh() throws the trap');
    assert.deepEqual(result.told, [true], 'one ibid:error on the root');
    assert.equal(result.intact, true, "the root is the author's markup, the second quote included");
    assert.equal(result.cards, 0, 'no card or other element of ibid left behind');
    assert.equal(result.enhancedMark, false, 'no enhanced mark left');
    assert.equal(log.consoleErrors.filter((e) => e.startsWith('ibid:')).length, 1, JSON.stringify(log.consoleErrors));
    assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  } finally {
    await context.close();
  }
});

test('a refresh by the observer that fails: every change undone, one ibid: console error, no uncaught error, enhancing again works', async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/test/failure/fault.html');
    const result = await page.evaluate(async () => {
      const article = document.querySelector('article');
      const api = await import('/ibid/index.js');
      await api.init('/ibid/ibid_core_bg.wasm');
      const before = article.innerHTML;
      const told = [];
      article.addEventListener('ibid:error', (e) => told.push(String(e.detail.error?.message ?? e.detail.error)));
      api.enhance(article);
      // The DOM refuses ibid's next card (append builds every card), and a
      // quote arrives: the observer's refresh fails part-way.
      const append = Element.prototype.append;
      Element.prototype.append = function () {
        throw new Error('refused by the test');
      };
      const late = document.createElement('blockquote');
      late.innerHTML = '<p>A late quote.</p>';
      article.append = append;
      article.append(late);
      delete article.append;
      await new Promise((r) => setTimeout(r, 300));
      Element.prototype.append = append;
      const state = {
        cards: document.querySelectorAll('.ibid-card').length,
        enhancedMark: article.hasAttribute('data-ibid-enhanced'),
        told,
      };
      state.intact = article.innerHTML === before + late.outerHTML;
      const again = api.enhance(article);
      state.cardsAgain = document.querySelectorAll('.ibid-card').length;
      // The new enhancement observes again: a second late quote is enhanced.
      const later = document.createElement('blockquote');
      later.innerHTML = '<p>Another late quote [sic].</p>';
      article.append(later);
      await new Promise((r) => setTimeout(r, 300));
      state.observed = !!later.closest('[data-ibid-generated]') || !!later.querySelector('.ibid-note');
      again.destroy();
      return state;
    });
    assert.deepEqual(
      { cards: result.cards, enhancedMark: result.enhancedMark, intact: result.intact },
      { cards: 0, enhancedMark: false, intact: true },
      JSON.stringify(result),
    );
    assert.deepEqual(log.pageErrors, [], 'no uncaught error');
    assert.deepEqual(result.told, ['refused by the test'], 'one ibid:error on the root, with the error');
    assert.equal(log.consoleErrors.filter((e) => e.startsWith('ibid:')).length, 1, JSON.stringify(log.consoleErrors));
    assert.equal(log.consoleErrors.length, 1, 'one console error in all');
    assert.equal(result.cardsAgain, 6, 'enhancing again builds the six cards');
    assert.equal(result.observed, true, 'the new enhancement observes the root');
  } finally {
    await context.close();
  }
});

for (const [name, nested] of [
  ['enhances the root again', false],
  ['calls the failed handle\'s refresh(), then enhances the root again', true],
]) test(`an ibid:error handler that ${name} when refresh() fails: the new enhancement observes the root`, async () => {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    await page.goto(server.origin + '/test/failure/fault.html');
    const result = await page.evaluate(async (nested) => {
      const article = document.querySelector('article');
      const api = await import('/ibid/index.js');
      await api.init('/ibid/ibid_core_bg.wasm');
      const h = api.enhance(article);
      const append = Element.prototype.append;
      let again = null;
      // What a page does on ibid:error: try once more (the DOM no longer refuses).
      article.addEventListener('ibid:error', () => {
        Element.prototype.append = append;
        if (nested) h.refresh();
        else again = api.enhance(article);
      });
      Element.prototype.append = function () {
        throw new Error('refused by the test');
      };
      let threw = false;
      try {
        h.refresh();
      } catch {
        threw = true;
      }
      Element.prototype.append = append;
      if (nested) again = api.enhance(article);
      const state = { threw, cardsAgain: document.querySelectorAll('.ibid-card').length, enhanced: article.hasAttribute('data-ibid-enhanced') };
      const later = document.createElement('blockquote');
      later.innerHTML = '<p>A late quote [sic].</p>';
      article.append(later);
      await new Promise((r) => setTimeout(r, 300));
      state.observed = !!later.querySelector('.ibid-note');
      again?.destroy();
      return state;
    }, nested);
    assert.deepEqual(result, { threw: true, cardsAgain: 6, enhanced: true, observed: true }, JSON.stringify(result));
    assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  } finally {
    await context.close();
  }
});
