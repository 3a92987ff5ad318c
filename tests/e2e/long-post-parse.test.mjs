// End-to-end: a long post parsed in the tasks that build it (src/web/render.rs
// Feed, src/quotes.rs Finder). A trap in a later task turns ibid off as one in
// the call does, and leaves the failed handle usable; a feed a build stops
// early is freed; the quotes read at any stage are the whole parse; a mixed
// post built from its middle equals one built at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './helpers.mjs';
import { N, quotes, page, onPage } from './long-post-page.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// The first blockquote is taller than the view: the call builds quote 0 only, the later tasks the rest.
const tall = page(`<article id="a">${quotes()}</article>`, '<style>#a blockquote:first-of-type{min-height:3000px}</style>');

for (const readQuotes of [true, false]) test(`a trap inside feed.plan in a later task (quotes read: ${readQuotes}): ibid stays off, the failed handle is usable`, async () => {
  const { result: r, log } = await onPage(browser, server.origin, tall, async (p) => {
    await p.evaluate((v) => { window.readQuotes = v; }, readQuotes);
    return p.evaluate(async () => {
      const a = document.getElementById('a');
      const before = a.innerHTML;
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const told = [];
      a.addEventListener('ibid:error', (e) => told.push(String(e.detail.error)));
      scrollTo(0, 0);
      const h = ibid.enhance(a, { testFault: 'panic', observe: false });
      const atReturn = a.querySelectorAll('figure.ibid-card').length;
      await sleep(1000);
      const failed = { atReturn, restored: a.innerHTML === before, told };
      const attempt = (f) => {
        try {
          return 'ok: ' + f();
        } catch (e) {
          return 'threw ' + (e && e.constructor && e.constructor.name) + ': ' + (e && e.message);
        }
      };
      const quotes = window.readQuotes ? attempt(() => JSON.stringify(h.quotes?.length)) : 'not read';
      const destroy = attempt(() => h.destroy());
      const again = attempt(() => {
        const h2 = ibid.enhance(a, { observe: false });
        const n = a.querySelectorAll('figure.ibid-card').length;
        return n;
      });
      await sleep(1500);
      const later = { cards: a.querySelectorAll('figure.ibid-card').length, enhanced: a.hasAttribute('data-ibid-enhanced') };
      return { failed, quotes, destroy, again, later };
    });
  });
  assert.equal(r.failed.restored, true, 'the post is put back');
  assert.equal(r.failed.told.length, 1, 'one ibid:error');
  assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  if (readQuotes) assert.match(r.quotes, /^ok/, 'the failed handle’s quotes can be read');
  assert.match(r.destroy, /^ok/, 'destroy() on the failed handle does not trap');
  assert.match(r.again, /disabled after an internal error/, 'ibid stays off after a trap, as after one in the call');
});

test('the feed of a long post destroyed mid-build is freed', async () => {
  const html = page(`<article id="a">${quotes()}</article>`).replace(
    '<script type="module">',
    `<script>{const i=WebAssembly.instantiateStreaming, j=WebAssembly.instantiate;
      const keep=(r)=>{window.__mem=(r.instance||r).exports.memory||Object.values((r.instance||r).exports).find(x=>x instanceof WebAssembly.Memory);return r;};
      WebAssembly.instantiateStreaming=(...a)=>i.apply(WebAssembly,a).then(keep);
      WebAssembly.instantiate=(...a)=>j.apply(WebAssembly,a).then(keep);}</script><script type="module">`,
  );
  const { result: r } = await onPage(browser, server.origin, html, (p) =>
    p.evaluate(async () => {
      const a = document.getElementById('a');
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const mb = () => window.__mem.buffer.byteLength / 2 ** 20;
      // Warm up: one whole build, to ready.
      const h0 = ibid.enhance(a, { observe: false });
      await new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
      h0.destroy();
      const m0 = mb();
      for (let i = 0; i < 40; i++) ibid.enhance(a, { observe: false }).destroy();
      const m1 = mb();
      for (let i = 0; i < 40; i++) {
        const h = ibid.enhance(a, { observe: false });
        dispatchEvent(new Event('beforeprint')); // finishes: settle() frees the feed
        h.destroy();
      }
      const m2 = mb();
      return { m0, afterMidBuildDestroys: m1, afterFinishedDestroys: m2 };
    }),
  );
  assert.ok(r.afterMidBuildDestroys - r.m0 < 2, `wasm memory grew ${r.afterMidBuildDestroys - r.m0} MiB over 40 enhance()+destroy()`);
});

test('quotes read mid-build, after a later-task failure, in ibid:ready, after refresh() mid-build', async () => {
  const html = page(`<article id="a">${quotes({ last: true })}</article>`);
  const { result: r, log } = await onPage(browser, server.origin, html, (p) =>
    p.evaluate(async () => {
      const a = document.getElementById('a');
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const whole = JSON.stringify(ibid.parse(a).quotes);
      scrollTo(0, document.body.scrollHeight / 2);
      const out = {};
      let inReady = null;
      a.addEventListener('ibid:ready', (e) => (inReady ??= JSON.stringify(e.detail.quotes) === whole));
      let h = ibid.enhance(a, { observe: false });
      out.midBuild = JSON.stringify(h.quotes) === whole;
      await new Promise((r) => a.addEventListener('ibid:ready', r, { once: true }));
      out.inReady = inReady;
      out.afterReady = JSON.stringify(h.quotes) === whole;
      out.cards = a.querySelectorAll('figure.ibid-card').length;
      h.destroy();
      out.afterDestroy = h.quotes;
      h = ibid.enhance(a, { observe: false });
      h.refresh();
      out.afterRefresh = JSON.stringify(h.quotes) === whole;
      await sleep(1500);
      h.destroy();
      // A later task that fails (the DOM refuses a change in the last quote).
      const splitText = Text.prototype.splitText;
      Text.prototype.splitText = function (at) {
        if (document.getElementById('last')?.contains(this)) throw new Error('refused');
        return splitText.call(this, at);
      };
      scrollTo(0, 0);
      h = ibid.enhance(a, { observe: false });
      await sleep(1500);
      Text.prototype.splitText = splitText;
      try {
        out.afterFailure = JSON.stringify(h.quotes) === whole;
      } catch (e) {
        out.afterFailure = String(e);
      }
      h.destroy();
      return out;
    }),
  );
  assert.deepEqual(log.pageErrors, [], 'no uncaught error');
  assert.deepEqual(r, { midBuild: true, inReady: true, afterReady: true, cards: 300, afterDestroy: null, afterRefresh: true, afterFailure: true });
});

test('a mixed long post built from its middle equals one build', async () => {
  const unit = (i) => `
<p>Telegram from Liu Jingren to the Foreign Ministry, ${1 + (i % 28)} November 1917.</p>
<blockquote><p>Headed ${i}: the bolsheviks [lit. maximalists – ed.] grow.</p></blockquote>
<p>— Chen Lu, letter to Beijing, 3 December 1917. <em>Shiliao</em> (1), p. ${i}.</p>
<blockquote><p>俄國內爭日烈，過激派勢力益張。</p></blockquote>
<blockquote><p>Translation ${i}: internal strife grows [sic].</p></blockquote>
<p>Ibid., p. ${i + 1}.</p>
<figure><blockquote><p>Figure ${i} [N.N. – ed.].</p></blockquote><figcaption>— Ibid., p. ${i + 2}.</figcaption></figure>
<blockquote data-ibid="off"><p>Off ${i}.</p></blockquote>
<blockquote></blockquote>
<figure><figcaption>— Liu Jingren, telegram, 8 November 1917.</figcaption><blockquote><p>Caption first ${i}.</p></blockquote></figure>
<p>[Telegram]</p><p>PEKING, May 3, 1919, 5 p.m.</p>
<blockquote><p>Dated ${i}.</p></blockquote>`;
  const body = Array.from({ length: 30 }, (_, i) => unit(i)).join('');
  const html = page(`<article id="a">${body}</article>\n<div hidden><article id="b">${body}</article></div>`);
  const { result: r, log } = await onPage(browser, server.origin, html, (p) =>
    p.evaluate(async () => {
      const shape = (root) =>
        root.innerHTML.replace(/ibid\d+-(tip|orig)\d+/g, 'ibid-$1').replace(/data-ibid-(popup|for)="\d+"/g, 'data-ibid-$1=""');
      const a = document.getElementById('a');
      const b = document.getElementById('b');
      const whole = JSON.stringify(ibid.parse(a));
      ibid.enhance(b, { observe: false });
      scrollTo(0, document.body.scrollHeight * 0.6);
      const ready = new Promise((r) => a.addEventListener('ibid:ready', (e) => r(e.detail), { once: true }));
      const h = ibid.enhance(a, { observe: false });
      const atReturn = a.querySelectorAll('figure.ibid-card').length;
      const detail = await ready;
      return {
        atReturn,
        cards: a.querySelectorAll('figure.ibid-card').length,
        bCards: b.querySelectorAll('figure.ibid-card').length,
        same: shape(a) === shape(b),
        json: JSON.stringify({ quotes: detail.quotes, diagnostics: detail.diagnostics }) === whole,
        quotes: h.quotes.length,
      };
    }),
  );
  assert.deepEqual(log.consoleErrors, [], 'no console error');
  assert.ok(r.atReturn < r.cards, `the call built only some cards (${r.atReturn} of ${r.cards})`);
  assert.equal(r.cards, r.bCards, 'as many cards');
  assert.equal(r.same, true, 'the same page as one build');
  assert.equal(r.json, true, 'ibid:ready gives what parse() gives');
});
