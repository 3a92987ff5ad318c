// End-to-end: the JavaScript API (pkg-config/index.js), the loader's script-tag
// options (pkg-config/ibid.js), events, dynamic pages, author attributes, the
// browser parse() against `ibid parse`, and the real post in three dialects.
//
// Test pages: www/test/api/*.html (hand-written). The setup writes
// www/test/api/api.html (the demo markup, importing /ibid/index.js itself) and
// www/test/api/november-revolution.*.html (the fixtures with the two ibid tags).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, wwwRoot, startServer, launchBrowser, openPage, waitForReady } from './helpers.mjs';

const API_DIR = path.join(wwwRoot, 'test/api');
const FIXTURES = path.join(repoRoot, 'tests/fixtures');
const DIALECTS = ['wp-classic', 'gutenberg', 'commonmark'];
const DEMO_KINDS = ['Letter', 'Meeting', 'Telegram', 'Telegram', 'Telegram', 'Telegram'];
const CLI = path.join(repoRoot, 'target/release/ibid');
const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };

let server, browser, cargoVersion;

const show = (v) => JSON.stringify(v, null, 1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Writes `file` only when its content changes (the generated pages are stable). */
function writeIfChanged(file, text) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

function generatePages() {
  // The demo markup without the loader: the page imports the API itself.
  const demo = readFileSync(path.join(wwwRoot, 'index.html'), 'utf8');
  const tags = '<link rel="stylesheet" href="./ibid/ibid.css">\n<script type="module" src="./ibid/ibid.js"></script>\n';
  assert.ok(demo.includes(tags), 'www/index.html has the two ibid tags');
  const api = demo
    .replace(tags, '<link rel="stylesheet" href="/ibid/ibid.css">\n<script type="module">\nimport * as ibid from \'/ibid/index.js\';\nwindow.ibid = ibid;\n</script>\n')
    .replace(/<title>[^<]*<\/title>/, '<title>ibid test: the JavaScript API on the demo markup</title>');
  writeIfChanged(path.join(API_DIR, 'api.html'), api);
  for (const d of DIALECTS) {
    const src = readFileSync(path.join(FIXTURES, `november-revolution.${d}.html`), 'utf8');
    assert.ok(src.includes('</head>'), `fixture ${d} has </head>`);
    const out = src.replace(
      '</head>',
      '<link rel="stylesheet" href="../../ibid/ibid.css">\n<script type="module" src="../../ibid/ibid.js"></script>\n</head>',
    );
    writeIfChanged(path.join(API_DIR, `november-revolution.${d}.html`), out);
  }
}

before(async () => {
  // The CLI, built once (a no-op when it is up to date).
  execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'ibid'], { cwd: repoRoot, env, stdio: 'inherit' });
  cargoVersion = readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"/m)[1];
  generatePages();
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Records every ibid event (on document, capturing) with a serialisable detail. */
function recordEvents() {
  window.__ibidEvents = [];
  const describe = (el) =>
    el && el.nodeType === 1
      ? {
          tag: el.tagName.toLowerCase(),
          cls: el.className,
          popup: el.getAttribute('data-ibid-popup'),
          connected: el.isConnected,
          card: el.closest('[data-ibid-quote]')?.getAttribute('data-ibid-quote') ?? null,
        }
      : el ?? null;
  for (const type of ['ibid:ready', 'ibid:open', 'ibid:close']) {
    document.addEventListener(
      type,
      (e) => {
        const d = e.detail || {};
        const detail =
          type === 'ibid:ready'
            ? {
                quotes: Array.isArray(d.quotes) ? d.quotes.length : String(d.quotes),
                kinds: Array.isArray(d.quotes) ? d.quotes.map((q) => q.kind) : null,
                diagnostics: Array.isArray(d.diagnostics) ? d.diagnostics.length : String(d.diagnostics),
              }
            : { type: d.type, noteKind: d.noteKind, text: d.text, quote: d.quote, trigger: describe(d.trigger) };
        window.__ibidEvents.push({ event: type, target: e.target.id || e.target.tagName, bubbles: e.bubbles, t: performance.now(), detail });
      },
      true,
    );
  }
}

/** A fresh page with the event recorder; `fn({page, log})`; the context is closed after. */
async function withPage(fn, contextOptions = {}) {
  const { context, page, log } = await openPage(browser, server.origin, contextOptions);
  await context.addInitScript(recordEvents);
  try {
    return await fn({ page, log, context });
  } finally {
    await context.close();
  }
}

const events = (page, type) => page.evaluate((t) => window.__ibidEvents.filter((e) => !t || e.event === t), type);
const cards = (page, scope = 'body') =>
  page.$$eval(`${scope} figure.ibid-card[data-ibid-quote]`, (els) =>
    els.map((el) => ({
      quote: el.dataset.ibidQuote,
      kind: el.querySelector('.ibid-card__kind')?.textContent ?? null,
      from: el.querySelector('.ibid-card__from')?.textContent ?? null,
      dates: el.querySelector('.ibid-card__dates')?.textContent ?? null,
      times: [...el.querySelectorAll('time')].map((t) => t.getAttribute('datetime')),
      article: el.closest('article')?.id ?? null,
    })),
  );
function clean(log) {
  assert.deepEqual(log.pageErrors, [], 'page errors');
  assert.deepEqual(log.consoleErrors, [], 'console errors');
  assert.deepEqual(log.external(), [], 'requests to anywhere but the local server');
}

// ---------------------------------------------------------------- 1. script tag options

test('script tag: data-hover-delay="400" opens after 400 ms, not before', async (t) => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/hover-delay.html');
    await waitForReady(page, log);
    const cite = page.locator('.ibid-cite').first();
    await cite.scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      window.__enteredAt = [];
      document.addEventListener('pointerover', (e) => {
        if (e.target.closest?.('.ibid-cite')) window.__enteredAt.push(performance.now());
      }, true);
    });
    const box = await cite.boundingBox();
    const centre = [box.x + box.width / 2, box.y + box.height / 2];
    // A 250 ms hover (the default 100 ms would open) must not open.
    await page.mouse.move(0, 0);
    await page.mouse.move(...centre);
    await sleep(250);
    const during = await page.evaluate(() => ({ open: document.querySelectorAll('.ibid-popup:not([hidden])').length, events: window.__ibidEvents.filter((e) => e.event === 'ibid:open').length }));
    await page.mouse.move(0, 0);
    await sleep(500);
    const afterShort = await events(page, 'ibid:open');
    assert.deepEqual(during, { open: 0, events: 0 }, `a 250 ms hover opened something: ${show(during)}`);
    assert.deepEqual(afterShort, [], `a 250 ms hover opened a popup: ${show(afterShort)}`);
    // A 700 ms hover opens, no earlier than 400 ms after entering.
    await page.evaluate(() => (window.__enteredAt = []));
    await page.mouse.move(...centre);
    await sleep(700);
    const opened = await events(page, 'ibid:open');
    const entered = await page.evaluate(() => window.__enteredAt);
    assert.equal(opened.length, 1, `a 700 ms hover: ${show(opened)}`);
    const delay = opened[0].t - entered[0];
    t.diagnostic(`popup opened ${delay.toFixed(0)} ms after the pointer entered the trigger`);
    assert.ok(delay >= 395 && delay < 650, `opened ${delay.toFixed(0)} ms after the pointer entered (want ≥ 400)`);
    assert.equal(await page.locator('.ibid-popup:not([hidden])').count(), 1);
    clean(log);
  });
});

test('script tag: data-root=".my-post" enhances only .my-post', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/root.html');
    await waitForReady(page, log);
    await page.waitForLoadState('networkidle');
    const seen = await cards(page);
    assert.deepEqual(seen.map((c) => [c.article, c.kind]), [['mine', 'Telegram']], `cards: ${show(seen)}`);
    const other = await page.$eval('#other', (a) => ({ generated: a.querySelectorAll('[data-ibid-generated], [data-ibid-quote]').length, enhanced: a.hasAttribute('data-ibid-enhanced'), blockquoteParent: a.querySelector('blockquote').parentElement.id }));
    assert.deepEqual(other, { generated: 0, enhanced: false, blockquoteParent: 'other' }, `the other article: ${show(other)}`);
    const ready = await events(page, 'ibid:ready');
    assert.deepEqual(ready.map((e) => e.target), ['mine'], `ibid:ready targets: ${show(ready)}`);
    clean(log);
  });
});

test('script tag: a data-root that matches nothing enhances nothing (no fallback to the body) and loads nothing more', async () => {
  await withPage(async ({ page, log }) => {
    const html = readFileSync(path.join(API_DIR, 'root.html'), 'utf8');
    assert.ok(html.includes('ibid.js" data-root=".my-post"'), 'root.html has data-root=".my-post" on its script tag');
    await page.route(server.origin + '/test/api/root-nomatch.html', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html.replace('ibid.js" data-root=".my-post"', 'ibid.js" data-root=".no-such-post"') }),
    );
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(server.origin + '/test/api/root-nomatch.html');
    await page.waitForLoadState('networkidle');
    await sleep(300);
    const seen = await page.evaluate(() => ({
      generated: document.querySelectorAll('[data-ibid-generated], [data-ibid-quote], [data-ibid-enhanced]').length,
      blockquotes: document.querySelectorAll('blockquote').length,
    }));
    assert.deepEqual(seen, { generated: 0, blockquotes: 2 }, `nothing enhanced: ${show(seen)}`);
    const ibid = requested.filter((p) => p.startsWith('/ibid/'));
    assert.deepEqual(ibid, ['/ibid/ibid.js'], `only the loader: ${show(requested)}`);
    clean(log);
  });
});

test('script tag: data-markers="note" keeps a [lit. …] note inline', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/markers.html');
    await waitForReady(page, log);
    const notes = await page.$$eval('.ibid-note', (els) =>
      els.map((n) => ({
        cls: n.className,
        marker: !!n.querySelector('.ibid-marker'),
        inlineButton: !!n.querySelector(':scope > button.ibid-insertion'),
        text: n.textContent.replace(/\s+/g, ' ').trim().slice(0, 60),
      })),
    );
    const literal = notes.filter((n) => /ibid-note--literal/.test(n.cls));
    const signed = notes.filter((n) => /ibid-note--note\b/.test(n.cls));
    assert.equal(literal.length, 1, `notes: ${show(notes)}`);
    assert.ok(/ibid-note--inline/.test(literal[0].cls) && !literal[0].marker, `the literal note is not inline: ${show(literal)}`);
    assert.equal(signed.length, 1, `notes: ${show(notes)}`);
    assert.ok(signed[0].marker, `the signed note ("note") lost its marker: ${show(signed)}`);
    assert.equal(await page.locator('.ibid-marker').count(), 1, `markers: ${show(notes)}`);
    clean(log);
  });
});

test('script tag: data-labels replaces kind and "sent"', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/labels.html');
    await waitForReady(page, log);
    const seen = await cards(page);
    assert.equal(seen.length, 1, `cards: ${show(seen)}`);
    assert.equal(seen[0].kind, 'Telegramm', `kind: ${show(seen[0])}`);
    assert.match(seen[0].dates, /abgeschickt/, `dates: ${show(seen[0])}`);
    assert.doesNotMatch(seen[0].dates, /\bsent\b/, `dates: ${show(seen[0])}`);
    assert.deepEqual(log.ibidWarnings(), []);
    clean(log);
  });
});

test('cards: "between A and B" shows "A und B" (the `and` label, no arrow, nothing hidden); a card with only a source has no header', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/between.html');
    await waitForReady(page, log);
    const seen = await page.$$eval('figure.ibid-card', (els) =>
      els.map((f) => ({
        header: f.querySelector('.ibid-card__header')?.textContent ?? null,
        parties: f.querySelector('.ibid-card__parties')?.textContent ?? null,
        arrowOrHidden: f.querySelectorAll('.ibid-card__parties :is(.ibid-card__arrow, .ibid-visually-hidden)').length,
        footer: f.querySelector(':scope > .ibid-card__footer')?.textContent ?? null,
      })),
    );
    assert.equal(seen.length, 2, `cards: ${show(seen)}`);
    assert.equal(seen[0].parties, 'Koo und Long', show(seen[0]));
    assert.equal(seen[0].arrowOrHidden, 0, `no arrow, no " to ": ${show(seen[0])}`);
    assert.equal(seen[1].header, null, `no empty header: ${show(seen[1])}`);
    assert.match(seen[1].footer, /Figes/, `the footer stays: ${show(seen[1])}`);
    assert.deepEqual(log.ibidWarnings(), []);
    clean(log);
  });
});

test('script tag: invalid data-labels gives one ibid: warning and default labels', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/bad-labels.html');
    await waitForReady(page, log);
    await page.waitForLoadState('networkidle');
    assert.equal(log.ibidWarnings().length, 1, `warnings: ${show(log.warnings)}`);
    assert.equal(log.warnings.length, 1, `warnings: ${show(log.warnings)}`);
    const seen = await cards(page);
    assert.equal(seen.length, 1, `cards: ${show(seen)}`);
    assert.equal(seen[0].kind, 'Telegram', show(seen[0]));
    assert.match(seen[0].dates, /^sent /, show(seen[0]));
    clean(log);
  });
});

test('script tag: data-observe="false" leaves a quote appended later alone', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/observe-off.html');
    await waitForReady(page, log);
    assert.equal((await cards(page)).length, 1);
    await page.evaluate(() => {
      const a = document.querySelector('article');
      a.insertAdjacentHTML(
        'beforeend',
        '<blockquote id="late"><p>The telegram of the 7th must have arrived.</p></blockquote>\n<p>Telegram from Liu Jingren, 28 November 1917 (sent 8 November). Ibid., p. 181.</p>',
      );
    });
    await sleep(1000);
    const seen = await cards(page);
    const late = await page.$eval('#late', (b) => ({ parent: b.parentElement.tagName, generated: b.querySelectorAll('[data-ibid-generated]').length }));
    assert.equal(seen.length, 1, `cards after appending with observe off: ${show(seen)}`);
    assert.deepEqual(late, { parent: 'ARTICLE', generated: 0 }, show(late));
    assert.equal((await events(page, 'ibid:ready')).length, 1);
    clean(log);
  });
});

// ---------------------------------------------------------------- 2. roots

test('roots: a blog index with three articles enhances all three', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/blog-index.html');
    await waitForReady(page, log);
    await page.waitForFunction(() => window.__ibidEvents.filter((e) => e.event === 'ibid:ready').length >= 3, null, { timeout: 5000 }).catch(() => {});
    const seen = await cards(page);
    assert.deepEqual(
      seen.map((c) => [c.article, c.kind]),
      [['post-1', 'Letter'], ['post-2', 'Telegram'], ['post-3', 'Telegram']],
      `cards: ${show(seen)}`,
    );
    const ready = await events(page, 'ibid:ready');
    assert.deepEqual(ready.map((e) => [e.target, e.detail.quotes]), [['post-1', 1], ['post-2', 1], ['post-3', 1]], show(ready));
    assert.equal(log.requests.filter((u) => u.endsWith('/ibid_core_bg.wasm')).length, 1, 'the wasm is fetched once');
    clean(log);
  });
});

test('roots: a post appended beside the first (infinite scroll) is enhanced, and one appended inside an enhanced post is left to that post', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/blog-index.html');
    await waitForReady(page, log);
    await page.waitForFunction(() => window.__ibidEvents.filter((e) => e.event === 'ibid:ready').length >= 3, null, { timeout: 5000 });
    await page.evaluate(() => {
      // As Jetpack's infinite scroll does: the next page's posts appended to the container.
      const next = document.createElement('article');
      next.className = 'post';
      next.id = 'post-4';
      next.innerHTML =
        '<h2>Armistice</h2><blockquote><p>The armistice was signed [at Brest-Litovsk – ed.] yesterday.</p></blockquote>' +
        '<p>Telegram from Liu Jingren, 17 December 1917 (sent 16 December). Ibid., p. 190.</p>';
      document.querySelector('main').append(next);
    });
    await page.waitForFunction(() => window.__ibidEvents.filter((e) => e.event === 'ibid:ready').length >= 4, null, { timeout: 5000 }).catch(() => {});
    const seen = await cards(page);
    assert.deepEqual(
      seen.map((c) => [c.article, c.kind]),
      [['post-1', 'Letter'], ['post-2', 'Telegram'], ['post-3', 'Telegram'], ['post-4', 'Telegram']],
      `cards: ${show(seen)}`,
    );
    const ready = await events(page, 'ibid:ready');
    assert.deepEqual(ready.map((e) => e.target), ['post-1', 'post-2', 'post-3', 'post-4'], show(ready));
    const enhanced = await page.$$eval('[data-ibid-enhanced]', (els) => els.map((e) => e.id));
    assert.deepEqual(enhanced, ['post-1', 'post-2', 'post-3', 'post-4'], 'each post its own root, none nested');
    clean(log);
  });
});

test('roots: quotes appended 500 ms after load: ibid loads then and enhances them', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/late.html');
    await waitForReady(page, log);
    const seen = await cards(page);
    assert.deepEqual(seen.map((c) => c.kind), ['Letter', 'Telegram'], `cards: ${show(seen)}`);
    const timing = await page.evaluate(() => ({
      appendedAt: window.__appendedAt,
      wasmAt: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/ibid_core_bg.wasm')).map((r) => r.startTime),
      coreAt: performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/ibid_core.js')).map((r) => r.startTime),
      readyAt: window.__ibidEvents.find((e) => e.event === 'ibid:ready')?.t,
    }));
    assert.equal(timing.wasmAt.length, 1, show(timing));
    assert.ok(timing.appendedAt > 0 && timing.wasmAt[0] >= timing.appendedAt, `wasm requested before the quotes arrived: ${show(timing)}`);
    assert.ok(timing.coreAt[0] >= timing.appendedAt, `core requested before the quotes arrived: ${show(timing)}`);
    clean(log);
  });
});

// ---------------------------------------------------------------- 3. JS API

/** Opens api.html (the demo markup; the page imported /ibid/index.js) and runs init. */
async function openApi(page, log) {
  await page.goto(server.origin + '/test/api/api.html');
  await page.waitForFunction(() => window.ibid !== undefined, null, { timeout: 10_000 });
  await page.evaluate(() => window.ibid.init('/ibid/ibid_core_bg.wasm'));
  assert.equal(await page.locator('[data-ibid-generated]').count(), 0, 'nothing enhanced before enhance()');
}

/** Listeners (type, capture) on the root and its subtree, and on window, through CDP. */
async function listeners(cdp) {
  const on = async (expression, depth) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth, pierce: true });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return listeners.map((l) => `${l.type}${l.useCapture ? '/capture' : ''}`).sort();
  };
  return { root: await on("document.querySelector('article')", -1), window: await on('window', 0) };
}

test('API: enhance() handle, destroy() restores innerHTML and removes every listener and the observer', async (t) => {
  await withPage(async ({ page, log, context }) => {
    await openApi(page, log);
    const cdp = await context.newCDPSession(page);
    const before = await page.evaluate(() => document.querySelector('article').innerHTML);
    const listenersBefore = await listeners(cdp);

    const got = await page.evaluate(() => {
      const root = document.querySelector('article');
      window.handle = window.ibid.enhance(root, { hoverDelay: 100 });
      const q = window.handle.quotes;
      return { isArray: Array.isArray(q), kinds: q.map((x) => x.kind), keys: ['quotes', 'refresh', 'destroy'].map((k) => [k, typeof window.handle[k]]) };
    });
    assert.deepEqual(got, {
      isArray: true,
      kinds: ['letter', 'meeting', 'telegram', 'telegram', 'telegram', 'telegram'],
      keys: [['quotes', 'object'], ['refresh', 'function'], ['destroy', 'function']],
    }, show(got));
    assert.deepEqual((await cards(page)).map((c) => c.kind), DEMO_KINDS);
    const listenersDuring = await listeners(cdp);
    t.diagnostic(`listeners before enhance: ${JSON.stringify(listenersBefore)}; while enhanced: ${JSON.stringify(listenersDuring)}`);
    assert.ok(listenersDuring.root.length > listenersBefore.root.length, `enhance added no root listener? ${show({ listenersBefore, listenersDuring })}`);
    assert.ok(listenersDuring.window.length > listenersBefore.window.length, `enhance added no window listener? ${show({ listenersBefore, listenersDuring })}`);

    // Enhancing twice never renders twice.
    const once = await page.evaluate(() => document.querySelector('article').innerHTML);
    const twice = await page.evaluate(() => {
      const h = window.ibid.enhance(document.querySelector('article'), {});
      return { html: document.querySelector('article').innerHTML, quotes: h.quotes?.length ?? null };
    });
    t.diagnostic(`a second enhance() returned a handle with ${twice.quotes} quotes`);
    assert.ok(twice.html === once, `a second enhance() changed the markup (${once.length} → ${twice.html.length} chars)`);
    assert.equal((await events(page, 'ibid:ready')).length, 1, 'a second enhance() fired ibid:ready again');
    assert.equal(await listeners(cdp).then((l) => show(l)), show(listenersDuring), 'a second enhance() added listeners');

    // Where the triggers are, to poke there after destroy.
    const spots = await page.$$eval('[data-ibid-popup]', (els) =>
      els.slice(0, 4).map((el) => {
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, scrollY: window.scrollY };
      }),
    );
    await page.evaluate(() => window.handle.destroy());
    const after = await page.evaluate(() => document.querySelector('article').innerHTML);
    if (after !== before) {
      let i = 0;
      while (i < before.length && before[i] === after[i]) i++;
      assert.fail(`innerHTML after destroy() differs at ${i}: before …${before.slice(Math.max(0, i - 80), i + 80)}… after …${after.slice(Math.max(0, i - 80), i + 80)}…`);
    }
    const listenersAfter = await listeners(cdp);
    assert.deepEqual(listenersAfter, listenersBefore, 'listeners after destroy() vs before enhance()');
    assert.equal(await page.evaluate(() => document.querySelector('article').hasAttribute('data-ibid-enhanced')), false);

    // Nothing reacts any more: hover, click, focus and synthetic pointer events at former trigger spots.
    const opensBefore = (await events(page, 'ibid:open')).length;
    for (const s of spots) {
      await page.evaluate((y) => window.scrollTo(0, y), s.scrollY);
      await page.mouse.move(s.x, s.y);
      await sleep(150);
      await page.mouse.click(s.x, s.y);
      await page.evaluate(({ x, y }) => {
        const el = document.elementFromPoint(x, y);
        if (!el) return;
        for (const type of ['pointerover', 'pointerenter', 'pointerdown', 'pointerup', 'click'])
          el.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'mouse', clientX: x, clientY: y }));
        el.focus?.();
        el.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      }, s);
    }
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    await sleep(300);
    const poked = {
      opens: (await events(page, 'ibid:open')).length - opensBefore,
      popups: await page.locator('.ibid-popup, [data-ibid-generated]').count(),
    };
    assert.deepEqual(poked, { opens: 0, popups: 0 }, `after destroy(): ${show(poked)}`);

    // The MutationObserver is disconnected: a quote appended now stays plain.
    await page.evaluate(() =>
      document.querySelector('.entry-content').insertAdjacentHTML(
        'beforeend',
        '<blockquote id="late"><p>The telegram of the 7th must have arrived.</p></blockquote>\n<p>Telegram from Liu Jingren, 28 November 1917 (sent 8 November). Ibid., p. 181.</p>',
      ),
    );
    await sleep(600);
    const late = { cards: (await cards(page)).length, generated: await page.locator('[data-ibid-generated]').count(), ready: (await events(page, 'ibid:ready')).length };
    assert.deepEqual(late, { cards: 0, generated: 0, ready: 1 }, `a quote appended after destroy(): ${show(late)}`);
    clean(log);
  });
});

test('API: refresh() re-reads the markup (documented: undo, then read and render the root again)', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    // Path 1: destroy, edit the attribution in the original markup, enhance again.
    const viaDestroy = await page.evaluate(() => {
      const root = document.querySelector('article');
      let h = window.ibid.enhance(root);
      h.destroy();
      const p = root.querySelector('blockquote + p');
      p.firstChild.data = p.firstChild.data.replace('12 November 1917', '13 November 1917');
      h = window.ibid.enhance(root);
      const out = { date: h.quotes[0].date, times: [...root.querySelectorAll('figure[data-ibid-quote="0"] time')].map((t) => t.getAttribute('datetime')) };
      h.destroy();
      return out;
    });
    assert.deepEqual(viaDestroy, { date: '1917-11-13', times: ['1917-11-13'] }, `destroy, edit, enhance: ${show(viaDestroy)}`);

    // Path 2: edit the attribution while enhanced (its text now sits in the card's <cite>), then refresh().
    const viaRefresh = await page.evaluate(() => {
      const root = document.querySelector('article');
      const h = window.ibid.enhance(root);
      const cite = root.querySelector('figure[data-ibid-quote="0"] cite');
      const walker = document.createTreeWalker(cite, NodeFilter.SHOW_TEXT);
      let node, edited = false;
      while ((node = walker.nextNode())) {
        if (node.data.includes('13 November 1917')) {
          node.data = node.data.replace('13 November 1917', '14 November 1917');
          edited = true;
        }
      }
      h.refresh();
      const out = {
        edited,
        date: h.quotes[0].date,
        times: [...root.querySelectorAll('figure[data-ibid-quote="0"] time')].map((t) => t.getAttribute('datetime')),
        cards: root.querySelectorAll('figure.ibid-card').length,
      };
      h.destroy();
      out.afterDestroy = root.querySelector('blockquote + p').textContent.match(/1[0-9] November 1917/)?.[0];
      return out;
    });
    assert.deepEqual(
      viaRefresh,
      { edited: true, date: '1917-11-14', times: ['1917-11-14'], cards: 6, afterDestroy: '14 November 1917' },
      `edit while enhanced, refresh(): ${show(viaRefresh)}`,
    );
    clean(log);
  });
});

test('API: refresh() keeps an edit to attribution text that ibid split around its citation button', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    // Quote 1's attribution is one text node in the author's <em>; ibid splits it
    // before "Ibid., p. 177." to make the citation button. Edit the first half.
    const got = await page.evaluate(() => {
      const root = document.querySelector('article');
      const h = window.ibid.enhance(root, { observe: false });
      const cite = root.querySelector('figure[data-ibid-quote="1"] cite');
      const walker = document.createTreeWalker(cite, NodeFilter.SHOW_TEXT);
      const edited = [];
      let node;
      while ((node = walker.nextNode())) {
        if (node.data.includes('16 November 1917')) {
          node.data = node.data.replace('16 November 1917', '17 November 1917');
          edited.push(node.data);
        }
      }
      h.refresh();
      const out = {
        edited,
        date: h.quotes[1].date,
        times: [...root.querySelectorAll('figure[data-ibid-quote="1"] time')].map((t) => t.getAttribute('datetime')),
      };
      h.destroy();
      out.afterDestroy = root.innerHTML.match(/1[67] November 1917\. Ibid\., p\. 177\./)?.[0] ?? null;
      return out;
    });
    assert.equal(got.edited.length, 1, `no text node to edit: ${show(got)}`);
    assert.deepEqual(
      { date: got.date, times: got.times, afterDestroy: got.afterDestroy },
      { date: '1917-11-17', times: ['1917-11-17'], afterDestroy: '17 November 1917. Ibid., p. 177.' },
      `the edit to a split text node was lost: ${show(got)}`,
    );
    clean(log);
  });
});

test('API: elements a page puts inside a card stay on the page through destroy() and refresh()', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const got = await page.evaluate(() => {
      const root = document.querySelector('article');
      const h = window.ibid.enhance(root, { observe: false });
      const add = (id, where) => {
        const x = document.createElement('aside');
        x.id = id;
        x.textContent = `page content ${id}`;
        where(x);
        return x;
      };
      // Beside the moved blockquote, into ibid's header, footer and popup.
      const fig = (i) => root.querySelector(`figure[data-ibid-quote="${i}"]`);
      add('after-bq', (x) => fig(0).querySelector('blockquote').after(x));
      add('in-header', (x) => fig(1).querySelector('.ibid-card__header').append(x));
      add('in-cite', (x) => fig(2).querySelector('cite').append(x));
      add('in-popup', (x) => fig(2).querySelector('.ibid-popup').append(x));
      const ids = ['after-bq', 'in-header', 'in-cite', 'in-popup'];
      const where = () => ids.map((id) => document.getElementById(id)?.isConnected && root.contains(document.getElementById(id)));
      const bqNext = () => document.querySelector('#after-bq')?.previousElementSibling?.tagName;
      h.refresh();
      const afterRefresh = where();
      h.destroy();
      return { afterRefresh, afterDestroy: where(), previous: bqNext(), generated: root.querySelectorAll('[data-ibid-generated]').length };
    });
    assert.deepEqual(
      got,
      { afterRefresh: [true, true, true, true], afterDestroy: [true, true, true, true], previous: 'BLOCKQUOTE', generated: 0 },
      `page content inside a card was lost: ${show(got)}`,
    );
    clean(log);
  });
});

test('layout: a post in a scrolling box of its own does not stretch the page (the text kept for screen readers stays in the box)', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const got = await page.evaluate(() => {
      const box = document.getElementById('page');
      box.style.cssText = 'height: 300px; overflow: auto';
      const page = () => document.scrollingElement.scrollHeight;
      const before = { page: page(), box: box.scrollHeight };
      const h = window.ibid.enhance(document.querySelector('article'), { observe: false });
      const after = { page: page(), box: box.scrollHeight };
      h.destroy();
      return { before, after, viewport: innerHeight };
    });
    assert.ok(got.after.page <= Math.max(got.before.page, got.viewport), `the page grew taller than it was: ${show(got)}`);
    assert.ok(got.after.box > got.before.box, `the cards should be in the box: ${show(got)}`);
    clean(log);
  });
});

test('layout: a page\'s sticky header (no z-index) still covers the cards scrolled under it', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const got = await page.evaluate(() => {
      // A theme's sticky bar, positioned, with no z-index: it paints above the
      // post's (unpositioned) content scrolled under it.
      const bar = document.createElement('div');
      bar.id = 'bar';
      bar.style.cssText = 'position: sticky; top: 0; height: 150px; background: #fff';
      document.body.prepend(bar);
      const h = window.ibid.enhance(document.querySelector('article'), { observe: false });
      const card = document.querySelector('.ibid-card');
      const r = card.getBoundingClientRect();
      scrollBy(0, r.top - 20);
      const c = card.getBoundingClientRect();
      const hits = [];
      for (let y = Math.max(c.top, 1) + 5; y < 145; y += 10) {
        for (let x = c.left + 5; x < c.right; x += 40) {
          const at = document.elementFromPoint(x, y);
          if (at && !bar.contains(at)) hits.push([Math.round(x), Math.round(y), at.tagName, at.className]);
        }
      }
      h.destroy();
      bar.remove();
      return { cardTop: Math.round(c.top), hits: hits.slice(0, 5), count: hits.length };
    });
    assert.equal(got.count, 0, `the card paints over the page's sticky bar: ${show(got)}`);
    clean(log);
  });
});

test('API: a page script that wraps ibid\'s own words (an auto-linker) leaves none of them behind after destroy() or refresh()', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const got = await page.evaluate(() => {
      const root = document.querySelector('article');
      const before = root.innerHTML;
      const h = window.ibid.enhance(root, { observe: false });
      // What a glossary or auto-linker script does to every text of the post:
      // a known word becomes a link, here the first card's kind ("Letter"),
      // and the second card's header is wrapped in the page's own box.
      const link = () => {
        const kind = root.querySelector('figure[data-ibid-quote="0"] .ibid-card__kind');
        const a = document.createElement('a');
        a.href = '#glossary';
        a.append(...kind.childNodes);
        kind.append(a);
      };
      const box = () => {
        const header = root.querySelector('figure[data-ibid-quote="1"] .ibid-card__header');
        const div = document.createElement('div');
        div.className = 'page-box';
        header.before(div);
        div.append(header);
      };
      link();
      box();
      h.refresh();
      const afterRefresh = {
        strayLinks: [...root.querySelectorAll('a[href="#glossary"]')].filter((a) => !a.closest('.ibid-card__kind')).length,
        strayHeaders: [...root.querySelectorAll('.ibid-card__header')].filter((x) => !x.closest('figure.ibid-card')).length,
      };
      h.destroy();
      return { afterRefresh, exact: root.innerHTML === before, left: root.querySelectorAll('a[href="#glossary"], .page-box, .ibid-card__header').length };
    });
    assert.deepEqual(
      got,
      { afterRefresh: { strayLinks: 0, strayHeaders: 0 }, exact: true, left: 0 },
      `ibid's own words stayed on the page: ${show(got)}`,
    );
    clean(log);
  });
});

test('API: a page handler that destroys or refreshes from ibid:close or ibid:open leaves no error', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    for (const [type, action] of [['ibid:close', 'destroy'], ['ibid:close', 'refresh'], ['ibid:open', 'destroy']]) {
      await page.mouse.move(0, 0);
      await page.evaluate(
        ([type, action]) => {
          const article = document.querySelector('article');
          window.__before = article.innerHTML;
          const handle = window.ibid.enhance(article, { observe: false });
          window.__handle = handle;
          window.__fired = 0;
          const handler = () => {
            window.__fired++;
            article.removeEventListener(type, handler);
            handle[action]();
          };
          article.addEventListener(type, handler);
        },
        [type, action],
      );
      // Hover marker A until it opens, then marker B: when B's hover delay runs
      // out, the engine closes A and opens B in one go, around the handler.
      const markers = page.locator('.ibid-marker');
      if (type === 'ibid:close') {
        await markers.nth(0).hover();
        await page.waitForFunction(() => document.querySelector('.ibid-popup:not([hidden])'));
      }
      await markers.nth(1).hover();
      await sleep(500); // past the hover and close delays: no timer may fire into a freed engine
      const result = await page.evaluate(() => {
        window.__handle.destroy();
        window.ibid.enhance(document.querySelector('article'), { observe: false }).destroy();
        return { fired: window.__fired, restored: document.querySelector('article').innerHTML === window.__before };
      });
      assert.equal(result.fired, 1, `${type} → ${action}: the handler ran`);
      assert.ok(result.restored, `${type} → ${action}: the post is restored`);
    }
    // refresh() or destroy() called by the page while a popup is open: the
    // teardown closes it, and the ibid:close handler uses the same handle.
    for (const action of ['quotes', 'destroy', 'refresh']) {
      const got = await page.evaluate(async (action) => {
        const article = document.querySelector('article');
        const before = article.innerHTML;
        const handle = window.ibid.enhance(article, { observe: false });
        let fired = 0;
        article.addEventListener('ibid:close', () => {
          fired++;
          if (action === 'quotes') void handle.quotes;
          else handle[action]();
        }, { once: true });
        article.querySelector('.ibid-marker').focus();
        await new Promise((r) => requestAnimationFrame(r));
        let error = null;
        try {
          handle.refresh();
        } catch (e) {
          error = String(e);
        }
        const after = {
          fired,
          error,
          cards: article.querySelectorAll('figure.ibid-card').length,
          quotes: Array.isArray(handle.quotes) ? handle.quotes.length : handle.quotes,
        };
        handle.destroy();
        window.ibid.enhance(article, { observe: false }).destroy();
        return { ...after, restored: article.innerHTML === before };
      }, action);
      const want = action === 'destroy' ? { cards: 0, quotes: null } : { cards: 6, quotes: 6 };
      assert.deepEqual(got, { fired: 1, error: null, ...want, restored: true }, `refresh() whose ibid:close handler reads or calls ${action}: ${show(got)}`);
    }
    clean(log);
  });
});

test('API: destroy() while a popup timer is armed: it never fires and no animation frames keep running', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    await page.evaluate(() => {
      // A long hover delay, so that the timer is surely armed when destroy() comes.
      window.handle = window.ibid.enhance(document.querySelector('article'), { hoverDelay: 5000, observe: false });
      const raf = window.requestAnimationFrame;
      window.__rafs = 0;
      window.requestAnimationFrame = (f) => {
        window.__rafs++;
        return raf.call(window, f);
      };
    });
    await page.locator('.ibid-marker').first().hover();
    const armed = await page.evaluate(async () => {
      const before = window.__rafs;
      await new Promise((r) => setTimeout(r, 100));
      return window.__rafs - before;
    });
    assert.ok(armed > 0, `the armed timer watches animation frames: ${armed} requests in 100 ms`);
    await page.evaluate(() => {
      window.handle.destroy();
      window.__rafsAtDestroy = window.__rafs;
    });
    await sleep(400);
    const got = await page.evaluate(() => ({
      requests: window.__rafs - window.__rafsAtDestroy,
      opened: window.__ibidEvents.filter((e) => e.event === 'ibid:open').length,
      cards: document.querySelectorAll('figure.ibid-card').length,
    }));
    assert.deepEqual(got, { requests: 0, opened: 0, cards: 0 }, show(got));
    clean(log);
  });
});

test('API: option values of the wrong type keep the default; markers may be any iterable', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const r = await page.evaluate(() => {
      const article = document.querySelector('article');
      const labels = { sent: ['abgesandt'], to: 5, received: { x: 1 }, days: 'Tage' };
      const h = window.ibid.enhance(article, { observe: false, markers: new Set(['literal']), labels });
      const out = {
        dates: [...article.querySelectorAll('.ibid-card__dates')].map((d) => d.textContent).join(' | '),
        kinds: [...article.querySelectorAll('.ibid-marker')].map((m) => m.closest('.ibid-note').className),
      };
      h.destroy();
      return out;
    });
    assert.match(r.dates, /sent .* received .* Tage/, `an array and an object keep their labels' defaults, a string applies: ${r.dates}`);
    assert.ok(r.kinds.length > 0 && r.kinds.every((c) => c.includes('ibid-note--literal')), `markers from a Set: ${show(r.kinds)}`);
    // A number, a boolean or a plain object for markers, a string for months,
    // and 0 or 'false' for observe keep the defaults too.
    const w = await page.evaluate(async () => {
      const article = document.querySelector('article');
      const out = {};
      for (const markers of [5, true, {}]) {
        const h = window.ibid.enhance(article, { observe: false, markers, labels: { months: 'JanFebMarAprMayJunJulAugSepOctNovDec' } });
        out[String(markers)] = {
          markers: article.querySelectorAll('.ibid-marker').length,
          dates: article.querySelector('.ibid-card__dates')?.textContent,
        };
        h.destroy();
      }
      const defaults = window.ibid.enhance(article, { observe: false });
      out.defaultMarkers = article.querySelectorAll('.ibid-marker').length;
      defaults.destroy();
      for (const observe of [0, 'false']) {
        const h = window.ibid.enhance(article, { observe });
        const q = document.createElement('blockquote');
        q.innerHTML = '<p>The garrison has gone over [lit. crossed – ed.] to the soviet.</p>';
        const a = document.createElement('p');
        a.textContent = 'Telegram from Liu Jingren, 30 November 1917. Ibid., p. 182.';
        article.append(q, a);
        await new Promise((r) => setTimeout(r, 400));
        out['observe ' + JSON.stringify(observe)] = q.closest('[data-ibid-quote]') !== null;
        h.destroy();
        q.remove();
        a.remove();
      }
      return out;
    });
    for (const m of ['5', 'true', '[object Object]']) {
      assert.equal(w[m].markers, w.defaultMarkers, `markers: ${m} keeps the default markers: ${show(w)}`);
      assert.match(w[m].dates, /Nov 1917/, `a string of months keeps the default month names: ${show(w)}`);
    }
    assert.ok(w.defaultMarkers > 0, `markers by default: ${show(w)}`);
    assert.equal(w['observe 0'], true, `observe: 0 keeps observing on: ${show(w)}`);
    assert.equal(w['observe "false"'], true, `observe: 'false' keeps observing on: ${show(w)}`);
    clean(log);
  });
});

test('API: enhance(root, null) takes the defaults; a root or parse() input of the wrong kind throws one TypeError that names ibid and changes nothing', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const r = await page.evaluate(async () => {
      const article = document.querySelector('article');
      const before = article.innerHTML;
      const h = window.ibid.enhance(article, null);
      const quotes = h.quotes.length;
      let enhancedParse;
      try {
        enhancedParse = window.ibid.parse(article.querySelector('blockquote').parentElement).quotes.length;
      } catch (e) {
        enhancedParse = e.message;
      }
      h.destroy();
      const errors = [];
      for (const [call, f] of [
        ['enhance(null)', () => window.ibid.enhance(null)],
        ['enhance()', () => window.ibid.enhance()],
        ["enhance('article')", () => window.ibid.enhance('article')],
        ['enhance(text)', () => window.ibid.enhance(article.querySelector('blockquote p').firstChild)],
        ['enhance(document)', () => window.ibid.enhance(document)],
        ['parse(null)', () => window.ibid.parse(null)],
        ['parse(5)', () => window.ibid.parse(5)],
      ]) {
        try {
          f();
          errors.push([call, 'no error']);
        } catch (e) {
          errors.push([call, `${e instanceof TypeError ? 'TypeError' : typeof e}: ${e.message}`]);
        }
      }
      // An element of another window (a same-origin iframe) is an element too.
      const frame = document.createElement('iframe');
      document.body.append(frame);
      frame.contentDocument.body.innerHTML = '<article><blockquote><p>The garrison is calm.</p></blockquote><p>Telegram from Liu Jingren, 1 May 1918.</p></article>';
      const framed = frame.contentDocument.querySelector('article');
      let inFrame;
      try {
        const parsed = window.ibid.parse(framed).quotes.map((q) => q.kind);
        const h = window.ibid.enhance(framed, { observe: false });
        inFrame = { parsed, cards: framed.querySelectorAll('.ibid-card').length };
        h.destroy();
      } catch (e) {
        inFrame = String(e);
      }
      frame.remove();
      return { quotes, enhancedParse, errors, inFrame, same: article.innerHTML === before, generated: document.querySelectorAll('[data-ibid-generated]').length };
    });
    assert.equal(r.quotes, 6, 'enhance(article, null) enhanced the six quotes');
    assert.equal(r.enhancedParse, "ibid: parse() of an enhanced post finds nothing: use the handle's quotes, or parse before enhance() or after destroy()");
    assert.deepEqual(r.inFrame, { parsed: ['telegram'], cards: 1 }, `an iframe's element: ${show(r.inFrame)}`);
    const want = {
      'enhance(null)': 'TypeError: ibid: enhance() takes an element (the post, or document.body), not null',
      'enhance()': 'TypeError: ibid: enhance() takes an element (the post, or document.body), not undefined',
      "enhance('article')": 'TypeError: ibid: enhance() takes an element (the post, or document.body), not a string',
      'enhance(text)': 'TypeError: ibid: enhance() takes an element (the post, or document.body), not a Text node',
      'enhance(document)': 'TypeError: ibid: enhance() takes an element (the post, or document.body), not a document',
      'parse(null)': 'TypeError: ibid: parse() takes an element or an HTML string, not null',
      'parse(5)': 'TypeError: ibid: parse() takes an element or an HTML string, not a number',
    };
    assert.deepEqual(Object.fromEntries(r.errors), want);
    assert.ok(r.same && r.generated === 0, `the page unchanged: ${show(r)}`);
    clean(log);
  });
});

test('theming: --ibid-muted colours the dates, the attribution and the notes\' signatures ("– ed.")', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const r = await page.evaluate(() => {
      document.head.insertAdjacentHTML('beforeend', '<style>:root{--ibid-muted:rgb(0, 128, 0)}</style>');
      const article = document.querySelector('article');
      const h = window.ibid.enhance(article, { observe: false });
      const colour = (sel) => [...new Set([...article.querySelectorAll(sel)].map((e) => getComputedStyle(e).color))];
      const out = { dates: colour('.ibid-card__dates'), attribution: colour('.ibid-card__attribution'), sig: colour('.ibid-popup__sig') };
      h.destroy();
      return out;
    });
    assert.deepEqual(r, { dates: ['rgb(0, 128, 0)'], attribution: ['rgb(0, 128, 0)'], sig: ['rgb(0, 128, 0)'] }, show(r));
    clean(log);
  });
});

test('API: a NUL inside an option value stays inside it (U+FFFD), never splits off another option', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const r = await page.evaluate(() => {
      const article = document.querySelector('article');
      // The core reads the options as strings separated by NULs.
      const labels = { days: 'Ta\u0000ge', received: 'erhalten\u0000labels.sent\u0000INJECTED' };
      const h = window.ibid.enhance(article, { observe: false, labels });
      const dates = [...article.querySelectorAll('.ibid-card__dates')].map((d) => d.textContent).join(' | ');
      h.destroy();
      return dates;
    });
    assert.match(r, /Ta\ufffdge/, `the days label with U+FFFD for its NUL: ${r}`);
    assert.match(r, /erhalten\ufffdlabels\.sent\ufffdINJECTED/, `the received label whole: ${r}`);
    assert.match(r, /\| sent 7 Nov 1917 · erhalten/, `"sent" keeps its default: ${r}`);
    clean(log);
  });
});

test('API: init() takes a promise of bytes as well as a promise of a Response', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/api.html');
    await page.waitForFunction(() => window.ibid !== undefined, null, { timeout: 10_000 });
    const quotes = await page.evaluate(async () => {
      await window.ibid.init(fetch('/ibid/ibid_core_bg.wasm').then((r) => r.arrayBuffer()));
      return window.ibid.parse(document.querySelector('article')).quotes.length;
    });
    assert.equal(quotes, 6, 'the core loaded from promised bytes parses the demo');
    clean(log);
  });
});

test('API: lone surrogates in element and attribute names do not shift what the core reads', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const counts = await page.evaluate(() => {
      const article = document.querySelector('article');
      const plain = window.ibid.parse(article).quotes.length;
      // An element whose name ends with half a surrogate pair, its child's name
      // beginning with the other half; then the same across an attribute's name.
      const a = document.createElement('x\ud800');
      a.appendChild(document.createElement('\udc00y'));
      const b = document.createElement('span');
      b.setAttribute('data-ibid-z\ud800', '');
      b.appendChild(document.createElement('\udc00q'));
      article.prepend(a, b);
      const odd = window.ibid.parse(article).quotes.length;
      a.remove();
      b.remove();
      return { plain, odd };
    });
    assert.deepEqual(counts, { plain: 6, odd: 6 }, 'the same six quotes with the odd elements in front');
    clean(log);
  });
});

test('API: version and defaults', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const got = await page.evaluate(async () => {
      const core = await import('/ibid/ibid_core.js');
      const d = window.ibid.defaults;
      return {
        version: window.ibid.version,
        coreVersion: core.version(),
        keys: Object.keys(d).sort(),
        defaults: JSON.parse(JSON.stringify(d)),
        frozen: Object.isFrozen(d) && Object.isFrozen(d.markers) && Object.isFrozen(d.labels),
      };
    });
    assert.equal(got.version, cargoVersion, show(got));
    assert.equal(got.coreVersion, cargoVersion, show(got));
    assert.deepEqual(got.keys, ['closeDelay', 'hoverDelay', 'labels', 'markers', 'observe', 'sheetBreakpoint'], show(got));
    assert.deepEqual(got.defaults, {
      hoverDelay: 100,
      closeDelay: 250,
      sheetBreakpoint: 480,
      markers: ['note', 'literal', 'explanation', 'sic', 'uncertain', 'omission'],
      labels: {},
      observe: true,
    }, show(got));
    assert.ok(got.frozen, 'defaults are frozen');
    clean(log);
  });
});

// ---------------------------------------------------------------- 4. events

test('events: ibid:ready, then ibid:open/close with details; one popup at a time', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const detail = await page.evaluate(() => {
      let detail = null;
      document.addEventListener('ibid:ready', (e) => (detail = e.detail), { once: true });
      window.handle = window.ibid.enhance(document.querySelector('article'));
      // The detail reads its JSON when first asked, once: the same arrays each time and for the handle.
      return {
        same: detail.quotes === detail.quotes && detail.quotes === window.handle.quotes,
        json: JSON.parse(JSON.stringify(detail)),
        keys: Object.keys(detail),
        styled: document.querySelectorAll('.ibid-card[style]').length,
      };
    });
    assert.equal(detail.same, true, 'detail.quotes is one array, and the handle gives the same');
    assert.deepEqual(detail.keys, ['quotes', 'diagnostics']);
    assert.equal(detail.json.quotes.length, 6, 'JSON.stringify(detail) holds the quotes');
    assert.deepEqual(detail.json.diagnostics, []);
    assert.equal(detail.styled, 0, 'no card keeps the style used while it was put together');
    const writable = await page.evaluate(() => {
      let d = null;
      const root = document.querySelector('article');
      window.handle.destroy();
      document.addEventListener('ibid:ready', (e) => (d = e.detail), { once: true });
      window.handle = window.ibid.enhance(root);
      d.quotes = 'replaced'; // before any read
      const desc = Object.getOwnPropertyDescriptor(d, 'diagnostics');
      return { quotes: d.quotes, diagnostics: Array.isArray(d.diagnostics), data: 'value' in desc && desc.writable };
    });
    assert.deepEqual(writable, { quotes: 'replaced', diagnostics: true, data: true }, 'the detail behaves as plain data');
    await page.evaluate(() => (window.__ibidEvents.length = 0));
    await page.evaluate(() => {
      window.handle.destroy();
      window.handle = window.ibid.enhance(document.querySelector('article'));
    });
    const ready = await events(page, 'ibid:ready');
    assert.equal(ready.length, 1, show(ready));
    assert.deepEqual(
      { target: ready[0].target, bubbles: ready[0].bubbles, quotes: ready[0].detail.quotes, diagnostics: ready[0].detail.diagnostics },
      { target: 'post-1917', bubbles: true, quotes: 6, diagnostics: 0 },
      show(ready),
    );

    const a = page.locator('figure[data-ibid-quote="2"] .ibid-cite');
    const b = page.locator('figure[data-ibid-quote="4"] .ibid-marker').first();
    const aId = await a.getAttribute('data-ibid-popup');
    const bId = await b.getAttribute('data-ibid-popup');
    await a.hover();
    await page.waitForFunction(() => window.__ibidEvents.some((e) => e.event === 'ibid:open'), null, { timeout: 3000 });
    await b.hover();
    await page.waitForFunction(() => window.__ibidEvents.filter((e) => e.event === 'ibid:open').length >= 2, null, { timeout: 3000 });
    const openNow = await page.$$eval('.ibid-popup:not([hidden])', (els) => els.map((e) => e.getAttribute('data-ibid-for')));
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => window.__ibidEvents.filter((e) => e.event === 'ibid:close').length >= 2, null, { timeout: 3000 });
    const seen = (await events(page)).filter((e) => e.event !== 'ibid:ready');
    const brief = seen.map((e) => [e.event, e.detail.type, e.detail.noteKind, e.detail.quote, e.detail.trigger?.popup]);
    assert.deepEqual(
      brief,
      [
        ['ibid:open', 'citation', null, 2, aId],
        ['ibid:close', 'citation', null, 2, aId],
        ['ibid:open', 'note', 'note', 4, bId],
        ['ibid:close', 'note', 'note', 4, bId],
      ],
      `events: ${show(seen)}`,
    );
    assert.deepEqual(openNow, [bId], `popups open after moving from the first trigger to the second: ${show(openNow)}`);
    const [openA, , openB] = seen;
    assert.match(openA.detail.text, /Zhong-e guanxi shiliao/, show(openA));
    assert.match(openA.detail.text, /180/, show(openA));
    assert.equal(openB.detail.text.includes('N.N. Dukhonin'), true, show(openB));
    for (const e of seen) {
      assert.equal(e.target, 'post-1917', `dispatched on the root: ${show(e)}`);
      assert.equal(e.bubbles, true);
      assert.ok(e.detail.trigger && e.detail.trigger.tag === 'button' && e.detail.trigger.connected, show(e));
      assert.equal(String(e.detail.quote), e.detail.trigger.card, `quote index = the trigger's card: ${show(e)}`);
    }
    clean(log);
  });
});

// ---------------------------------------------------------------- 5. dynamic pages

test('dynamic: an appended quote becomes a card within 1 s; removing a blockquote keeps the page consistent', async (t) => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/dynamic.html');
    await waitForReady(page, log);
    assert.equal((await cards(page)).length, 2);
    const t0 = Date.now();
    await page.evaluate(() => {
      const a = document.querySelector('article');
      const q = document.createElement('blockquote');
      q.id = 'appended';
      q.innerHTML = '<p>The telegram of the 7th must have arrived. The bolsheviks have united the soldiers and workers in opposing the government.</p>';
      const p = document.createElement('p');
      p.textContent = 'Telegram from Liu Jingren, 28 November 1917 (sent 8 November). Ibid., p. 181.';
      a.append(q, p);
    });
    await page.waitForFunction(() => document.querySelectorAll('figure.ibid-card').length === 3, null, { timeout: 1000 }).catch(() => {});
    const elapsed = Date.now() - t0;
    const seen = await cards(page);
    t.diagnostic(`the appended quote was a card ${elapsed} ms after it was appended`);
    assert.deepEqual(seen.map((c) => c.kind), ['Letter', 'Telegram', 'Telegram'], `cards ${elapsed} ms after appending: ${show(seen)}`);
    assert.equal(await page.$eval('#appended', (b) => b.parentElement.matches('figure.ibid-card')), true);

    // Remove the first card's blockquote (as a page script might).
    const removedText = await page.evaluate(() => {
      const q = document.querySelector('figure.ibid-card[data-ibid-quote="0"] > blockquote');
      const text = q.textContent.trim().slice(0, 40);
      q.remove();
      return text;
    });
    await sleep(500);
    const state = await page.evaluate((text) => {
      const a = document.querySelector('article');
      return {
        textStillThere: a.textContent.includes(text),
        blockquotes: a.querySelectorAll('blockquote').length,
        cards: [...a.querySelectorAll('figure.ibid-card')].map((f) => ({
          quote: f.dataset.ibidQuote,
          hasBlockquote: !!f.querySelector(':scope > blockquote'),
          kind: f.querySelector('.ibid-card__kind')?.textContent,
        })),
        orphanPopups: [...a.querySelectorAll('.ibid-popup')].filter((p) => !a.querySelector(`[aria-describedby~="${p.id}"]`)).length,
      };
    }, removedText);
    assert.deepEqual(log.pageErrors, [], 'page errors after removing a blockquote');
    assert.deepEqual(log.consoleErrors, [], 'console errors after removing a blockquote');
    assert.equal(state.textStillThere, false, `the removed blockquote came back: ${show(state)}`);
    assert.ok(state.cards.every((c) => c.hasBlockquote), `a card without its blockquote: ${show(state)}`);
    assert.equal(state.cards.length, state.blockquotes, `cards vs blockquotes: ${show(state)}`);
    assert.equal(state.orphanPopups, 0, show(state));
    clean(log);
  });
});

// ---------------------------------------------------------------- 6. author control

test('originals: a note in the original stays by its text, in a link-wrapped quote and in bare text', async () => {
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const zh = '中華民國外交部收到電報[lit. telegram – ed.]，內容如下。';
    const rest = '<blockquote><p>The Foreign Ministry received a telegram.</p></blockquote><p>Telegram from Liu Jingren, 28 November 1917.</p>';
    const got = await page.evaluate(([zh, rest]) => {
      const article = document.querySelector('article');
      const run = (html) => {
        article.innerHTML = html; // the test's own page, not ibid
        const h = window.ibid.enhance(article, { observe: false });
        const holder = article.querySelector('.ibid-card__original');
        const out = {
          markerInOriginal: !!holder?.querySelector('.ibid-marker'),
          afterLink: article.querySelectorAll('.ibid-note--after-link').length,
          leftBehind: [...article.querySelectorAll('blockquote')].map((b) => b.textContent.trim()).filter((t) => t && !t.startsWith('The Foreign')),
        };
        h.destroy();
        return out;
      };
      return { link: run(`<a href="#x"><blockquote><p>${zh}</p></blockquote>${rest}</a>`), bare: run(`<blockquote>${zh}</blockquote>${rest}`) };
    }, [zh, rest]);
    for (const k of ['link', 'bare']) {
      assert.equal(got[k].markerInOriginal, true, `${k}: ${show(got[k])}`);
      assert.equal(got[k].afterLink, 0, `${k}: ${show(got[k])}`);
      assert.deepEqual(got[k].leftBehind, [], `${k}: no text of the original left outside the card: ${show(got[k])}`);
    }
    clean(log);
  });
});

test('author control: data-ibid="off" and data-ibid-kind/from/date/source/pages', async () => {
  await withPage(async ({ page, log }) => {
    await page.goto(server.origin + '/test/api/author-control.html');
    await waitForReady(page, log);
    const original = await page.evaluate(async () => {
      const doc = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
      return { off: doc.getElementById('off').outerHTML, attribution: doc.getElementById('off-attribution').outerHTML };
    });
    const now = await page.evaluate(() => ({
      off: document.getElementById('off').outerHTML,
      attribution: document.getElementById('off-attribution').outerHTML,
      parent: document.getElementById('off').parentElement.tagName,
      next: document.getElementById('off').nextElementSibling?.id,
    }));
    assert.deepEqual(now, { ...original, parent: 'ARTICLE', next: 'off-attribution' }, 'the data-ibid="off" quote and its attribution are untouched');

    const seen = await cards(page);
    assert.equal(seen.length, 1, `cards: ${show(seen)}`);
    const card = seen[0];
    assert.equal(card.kind, 'Decree', show(card));
    assert.equal(card.from, 'Lenin', show(card));
    assert.deepEqual(card.times, ['1917-11-08'], show(card));
    const parsed = await page.evaluate(() => window.__ibidEvents.find((e) => e.event === 'ibid:ready').detail);
    assert.deepEqual(parsed.kinds, ['decree'], show(parsed));

    const cite = page.locator('figure.ibid-card .ibid-cite');
    assert.equal(
      await cite.count(),
      1,
      `no citation trigger for data-ibid-source/-pages; the card: ${await page.$eval('figure.ibid-card', (f) => f.outerHTML.replace(/<blockquote[\s\S]*<\/blockquote>/, '<blockquote>…</blockquote>'))}`,
    );
    await cite.focus();
    await page.waitForFunction(() => window.__ibidEvents.some((e) => e.event === 'ibid:open'), null, { timeout: 3000 }).catch(() => {});
    const open = await events(page, 'ibid:open');
    const popupText = await page.locator('.ibid-popup--citation:not([hidden])').textContent().catch(() => null);
    assert.equal(open.length, 1, show(open));
    assert.equal(open[0].detail.type, 'citation', show(open));
    for (const want of ['Dekrety Sovetskoi vlasti', 'vol. 1', '12']) {
      assert.ok(open[0].detail.text.includes(want), `citation text lacks ${want}: ${show(open[0].detail.text)}`);
      assert.ok(popupText?.includes(want), `citation popup lacks ${want}: ${show(popupText)}`);
    }
    clean(log);
  });
});

// ---------------------------------------------------------------- 7. parse() vs ibid parse

const fixtureFiles = () =>
  [
    ...readdirSync(FIXTURES).filter((f) => f.endsWith('.html')),
    ...readdirSync(path.join(FIXTURES, 'unseen')).filter((f) => f.endsWith('.html')).map((f) => 'unseen/' + f),
  ].sort();
const cli = (file, ...args) =>
  execFileSync(CLI, ['parse', path.join(FIXTURES, file), ...args], { encoding: 'utf8' }).replace(/\n$/, '');

function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: cli …${a.slice(Math.max(0, i - 60), i + 60)}… browser …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

test('parse(): the browser equals `ibid parse` byte for byte, string and element forms', async (t) => {
  const files = fixtureFiles();
  assert.ok(files.length >= 30, `fixtures: ${files.length}`);
  await withPage(async ({ page, log }) => {
    await openApi(page, log);
    const mismatches = [];
    for (const f of files) {
      const html = readFileSync(path.join(FIXTURES, f), 'utf8');
      const want = cli(f);
      const got = await page.evaluate((h) => JSON.stringify(window.ibid.parse(h)), html);
      if (got !== want) mismatches.push(`${f} (string): ${firstDiff(want, got)}`);
    }
    // Strings the fixtures do not cover: no doctype (quirks mode, where class
    // selectors ignore case in the browser but not on the command line).
    const quote = (text, line) => `<blockquote><p>${text}</p></blockquote><p>${line}</p>`;
    const strings = [
      ['no doctype, a class in other case', `<div class="Entry-Content">${quote('A.', 'Telegram from X, 1 May 1919.')}</div><main>${quote('B.', 'Letter from Y, 2 May 1919.')}</main>`],
      ['no doctype, the class as written', `<div class="entry-content">${quote('A.', 'Telegram from X, 1 May 1919.')}</div><main>${quote('B.', 'Letter from Y, 2 May 1919.')}</main>`],
      ['doctype, a class in other case', `<!doctype html><div class="Entry-Content">${quote('A.', 'Telegram from X, 1 May 1919.')}</div><main>${quote('B.', 'Letter from Y, 2 May 1919.')}</main>`],
    ];
    for (const [name, html] of strings) {
      const want = spawnSync(CLI, ['parse', '-'], { input: html, encoding: 'utf8' }).stdout.replace(/\n$/, '');
      const got = await page.evaluate((h) => JSON.stringify(window.ibid.parse(h)), html);
      if (got !== want) mismatches.push(`${name} (string): ${firstDiff(want, got)}`);
    }
    // Element form: the fixture loaded as a page, parse(document.querySelector('article')).
    await page.route('**/test/api/fixture/**', (route) => {
      const f = decodeURIComponent(new URL(route.request().url()).pathname.replace('/test/api/fixture/', ''));
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(path.join(FIXTURES, f)) });
    });
    let elements = 0;
    for (const f of files) {
      if (!/<article[\s>]/.test(readFileSync(path.join(FIXTURES, f), 'utf8'))) continue;
      elements++;
      const want = cli(f, '--root', 'article');
      await page.goto(`${server.origin}/test/api/fixture/${f}`);
      const got = await page.evaluate(async () => {
        const api = await import('/ibid/index.js');
        await api.init('/ibid/ibid_core_bg.wasm');
        return JSON.stringify(api.parse(document.querySelector('article')));
      });
      if (got !== want) mismatches.push(`${f} (element): ${firstDiff(want, got)}`);
    }
    assert.ok(elements >= 30, `fixtures with an <article>: ${elements}`);
    t.diagnostic(`${files.length} string and ${elements} element comparisons, ${mismatches.length} differ`);
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${files.length + elements} comparisons differ:\n${mismatches.join('\n')}`);
    clean(log);
  });
});

// ---------------------------------------------------------------- 8. real markup

for (const d of DIALECTS) {
  test(`real markup: november-revolution.${d} enhances to six cards`, async () => {
    await withPage(async ({ page, log }) => {
      await page.goto(`${server.origin}/test/api/november-revolution.${d}.html`);
      const ready = await waitForReady(page, log);
      const seen = await cards(page);
      const counts = {
        quotes: ready.quoteCount,
        kinds: seen.map((c) => c.kind),
        markers: await page.locator('figure.ibid-card .ibid-marker').count(),
        cites: await page.locator('figure.ibid-card .ibid-cite').count(),
        blockquotes: await page.$$eval('figure.ibid-card', (f) => f.filter((x) => x.querySelector(':scope > blockquote, :scope > figure > blockquote')).length),
      };
      assert.deepEqual(counts, { quotes: 6, kinds: DEMO_KINDS, markers: 3, cites: 6, blockquotes: 6 }, `${d}: ${show(counts)}`);
      clean(log);
    });
  });
}
