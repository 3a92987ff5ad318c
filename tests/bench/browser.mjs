// Browser benchmarks of ibid in headless Chromium (Debian's /usr/bin/chromium via
// playwright-core), side by side with littlefoot 4.1.4. A plain node script, run by
// scripts/bench.sh after `make build`:
//
//   make build && node tests/bench/browser.mjs
//
// Every figure is the median of RUNS runs (IBID_BENCH_RUNS, at least 5; default 7),
// each run in a fresh browser context and page (no HTTP or code cache carried over).
// Writes tests/output/bench-browser.md (included in BENCHMARKS.md) and prints it.
import http from 'node:http';
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, repoRoot, wwwRoot } from '../e2e/helpers.mjs';

const RUNS = Math.max(5, Number.parseInt(process.env.IBID_BENCH_RUNS || '7', 10) || 7);
const VIEWPORT = { width: 1280, height: 720 };
const OUT = path.join(repoRoot, 'tests/output/bench-browser.md');
const LITTLEFOOT_DIST = path.join(repoRoot, 'tests/node_modules/littlefoot/dist');
const started = Date.now();

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

const demo = await readFile(path.join(wwwRoot, 'index.html'), 'utf8');
const LOADER_TAG = '<script type="module" src="./ibid/ibid.js"></script>';
const CSS_TAG = '<link rel="stylesheet" href="./ibid/ibid.css">';
if (!demo.includes(LOADER_TAG) || !demo.includes(CSS_TAG)) throw new Error('www/index.html: loader or stylesheet tag not found');
const littlefootVersion = JSON.parse(await readFile(path.join(LITTLEFOOT_DIST, '../package.json'), 'utf8')).version;

// Imports the API and awaits init() first; enhance() is then called by the benchmark.
const API_BOOT = `<script type="module">
import * as ibid from '/ibid/index.js';
const t0 = performance.now();
ibid.init('/ibid/ibid_core_bg.wasm').then(
  () => { window.__initMs = performance.now() - t0; window.ibid = ibid; console.debug('ibid-bench:init'); },
  (e) => console.debug('ibid-bench:init ' + e));
</script>`;

/** The demo's head (its theme), with the ibid stylesheet or not, and extra tags. */
function head(title, { ibidCss = true, extra = '' } = {}) {
  let h = demo.slice(0, demo.indexOf('</head>'));
  h = h.replace(LOADER_TAG, '').replace(CSS_TAG, ibidCss ? '<link rel="stylesheet" href="/ibid/ibid.css">' : '');
  h = h.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
  return h + extra + '\n</head>\n';
}
const page = (title, body, opts) =>
  head(title, opts) +
  `<body><div id="page" class="site"><main id="main" class="site-main"><article class="post">` +
  `<header class="entry-header"><h1 class="entry-title">${title}</h1></header><div class="entry-content">\n${body}\n</div></article></main></div></body></html>\n`;

const FULL_SOURCE = '<em>Zhong-e guanxi shiliao, Minguo jiunian zhi banian (1917-1919). E zhengbian yu yiban jiaoshe</em> (1), p. 181.';
const attribution = (i) =>
  `<p>Telegram from Liu Jingren, 28 November 1917 (sent 8 November). ${i === 0 ? FULL_SOURCE : 'Ibid., p. 181.'}</p>`;

/** 1,000 quotes with two notes each: the document a long post of telegrams would be. */
function manyQuotes(quotes) {
  const out = [];
  for (let i = 0; i < quotes; i++) {
    out.push(
      `<blockquote><p>Recently, Russia’s internal conflict has been increasingly intense and the bolsheviks’ [lit. maximalists’ – ed.] strength has grown further, demanding to seize state power. Commander-in-Chief Dukhonin [N.N. Dukhonin – ed.] does not accept these instructions and has been dismissed. Please await further news.</p></blockquote>`,
      attribution(i),
    );
  }
  return out.join('\n');
}

/** The same post twice: N footnotes as littlefoot expects them, or as N/2 quotes with ibid's editorial notes. */
function footnotePost(n, style) {
  const note = (k) =>
    style === 'littlefoot' ? `<sup id="fnref:${k}"><a href="#fn:${k}" rel="footnote">${k}</a></sup>` : ` [Note text ${k} – ed.]`;
  const out = [];
  for (let q = 0; q < n / 2; q++) {
    const a = 2 * q + 1;
    out.push(
      `<blockquote><p>Recently, Russia’s internal conflict has been increasingly intense and the bolsheviks’${note(a)} strength has grown further, demanding to seize state power.${note(a + 1)} The government is weak and will have difficulty suppressing them.</p></blockquote>`,
      attribution(q),
    );
  }
  if (style === 'littlefoot') {
    out.push('<div class="footnotes"><ol>');
    for (let k = 1; k <= n; k++) out.push(`<li id="fn:${k}"><p>Note text ${k} <a href="#fnref:${k}">↩</a></p></li>`);
    out.push('</ol></div>');
  }
  return out.join('\n');
}

const LF_HEAD = {
  ibidCss: false,
  extra: '<link rel="stylesheet" href="/littlefoot/littlefoot.css">\n<script src="/littlefoot/littlefoot.js"></script>\n',
};
const pages = new Map([
  ['/bench/november-api.html', demo.replace(LOADER_TAG, API_BOOT).replaceAll('./ibid/', '/ibid/')],
  ['/bench/quotes-1000.html', page('A thousand telegrams', manyQuotes(1000), { extra: API_BOOT })],
  ['/bench/ibid-2000.html', page('Two thousand notes', footnotePost(2000, 'ibid'), { extra: API_BOOT })],
  ['/bench/littlefoot-2000.html', page('Two thousand notes', footnotePost(2000, 'littlefoot'), LF_HEAD)],
  ['/bench/ibid-200.html', page('Two hundred notes', footnotePost(200, 'ibid'), { extra: API_BOOT })],
  ['/bench/littlefoot-200.html', page('Two hundred notes', footnotePost(200, 'littlefoot'), LF_HEAD)],
]);

// ---------------------------------------------------------------------------
// Server: www/ (the built embed and the demo), littlefoot's dist, the generated pages
// ---------------------------------------------------------------------------

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };
const server = http.createServer(async (req, res) => {
  const send = (status, body, type) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };
  try {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (pages.has(pathname)) return send(200, pages.get(pathname), MIME['.html']);
    let root = wwwRoot;
    let rel = pathname;
    if (pathname.startsWith('/littlefoot/')) {
      root = LITTLEFOOT_DIST;
      rel = pathname.slice('/littlefoot'.length);
    }
    const file = path.join(root, rel.endsWith('/') ? rel + 'index.html' : rel);
    if (!file.startsWith(root + path.sep) || !(await stat(file).catch(() => null))?.isFile()) return send(404, 'not found\n', 'text/plain');
    return send(200, await readFile(file), MIME[path.extname(file)] || 'application/octet-stream');
  } catch (e) {
    return send(500, String(e), 'text/plain');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const browser = await launchBrowser();
const chromiumVersion = browser.version();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);

/** A fresh context and page; page errors and console errors fail the benchmark. */
async function fresh(initScript) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  if (initScript) await context.addInitScript(initScript);
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const check = () => {
    if (errors.length) throw new Error('page errors:\n' + errors.join('\n'));
  };
  return { context, page: p, check };
}

const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Load an API page, wait for init(), the load event and two painted frames. */
async function openApiPage(url) {
  const f = await fresh();
  const init = f.page.waitForEvent('console', { predicate: (m) => m.text().startsWith('ibid-bench:init'), timeout: 10_000 });
  await f.page.goto(origin + url, { waitUntil: 'load' });
  const said = (await init).text();
  if (said !== 'ibid-bench:init') throw new Error(`${url}: init failed: ${said}`);
  await f.page.evaluate(twoFrames);
  return f;
}

/**
 * In a task of its own, time `enhance(article)` and until its `ibid:ready` (a post of
 * more than 64 quotes is built in tasks after the call); observe long tasks, long
 * animation frames (a task with the rendering after it) and layout shifts from just
 * before it until three frames and 100 ms after `ibid:ready`.
 */
function timedEnhance() {
  return new Promise((resolve) => {
    const longtasks = [];
    const frames = [];
    const shifts = [];
    const lt = new PerformanceObserver((l) => longtasks.push(...l.getEntries()));
    lt.observe({ type: 'longtask' });
    const laf = new PerformanceObserver((l) => frames.push(...l.getEntries()));
    laf.observe({ type: 'long-animation-frame' });
    const ls = new PerformanceObserver((l) => shifts.push(...l.getEntries()));
    ls.observe({ type: 'layout-shift' });
    // The quotes in the viewport, to see how far their text moves on screen.
    const visible = [...document.querySelectorAll('blockquote')]
      .map((b) => b.querySelector('p') || b)
      .filter((e) => e.getBoundingClientRect().top < innerHeight);
    const tops = () => visible.map((e) => e.getBoundingClientRect().top);
    // Nodes under the root (element, text and the rest), counted outside the timed call.
    const count = (root) => {
      let n = 0;
      for (const w = document.createTreeWalker(root); w.nextNode(); ) n++;
      return n;
    };
    setTimeout(() => {
      const before = tops();
      const root = document.querySelector('article');
      const nodesBefore = count(root);
      let readyAt = 0;
      let settle = null;
      root.addEventListener('ibid:ready', () => {
        readyAt = performance.now();
        settle?.();
      }, { once: true });
      const t0 = performance.now();
      const handle = window.ibid.enhance(root);
      const t1 = performance.now();
      window.__handle = handle;
      const done = () => {
        const added = count(root) - nodesBefore;
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                longtasks.push(...lt.takeRecords());
                frames.push(...laf.takeRecords());
                shifts.push(...ls.takeRecords());
                lt.disconnect();
                laf.disconnect();
                ls.disconnect();
                const after = (e) => e.startTime + e.duration >= t0;
                resolve({
                  enhance: t1 - t0,
                  ready: readyAt - t0,
                  // Read once measured: read before ibid:ready, it parses the rest of a long post at once.
                  quotes: handle.quotes.length,
                  added,
                  markers: document.querySelectorAll('.ibid-marker').length,
                  moved: Math.max(0, ...tops().map((t, k) => Math.abs(t - before[k]))),
                  longest: Math.max(0, ...longtasks.filter(after).map((e) => e.duration)),
                  // Of those, the ones that started after the call's own task (the building tasks and the rendering).
                  longestLater: Math.max(0, ...longtasks.filter((e) => e.startTime > t1).map((e) => e.duration)),
                  // Long animation frames after the call: the building tasks and the rendering between them.
                  longestFrameAfter: Math.max(0, ...frames.filter((e) => e.startTime >= t1).map((e) => e.duration)),
                  cls: shifts.filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0),
                });
              }, 100),
            ),
          ),
        );
      };
      if (readyAt) done();
      else settle = done;
    }, 0);
  });
}

/** After timedEnhance: destroy(), then enhance again in a task of its own (the code now compiled and warm). */
const timedReenhance = () =>
  new Promise((resolve) => {
    window.__handle.destroy();
    setTimeout(() => {
      const t0 = performance.now();
      window.__handle = window.ibid.enhance(document.querySelector('article'));
      resolve(performance.now() - t0);
    }, 50);
  });

/** After timedReenhance: ten more destroy() + enhance() cycles, each in a task of its own; the median enhance. */
const timedSteady = () =>
  new Promise((resolve) => {
    const times = [];
    const step = () => {
      window.__handle?.destroy();
      const t0 = performance.now();
      window.__handle = window.ibid.enhance(document.querySelector('article'));
      times.push(performance.now() - t0);
      if (times.length < 10) setTimeout(step, 20);
      else resolve(times.sort((a, b) => a - b)[5]);
    };
    setTimeout(step, 50);
  });

/**
 * Installs the in-page measurement of one popup opening: the input event's timeStamp
 * (pointerover / focusin on the trigger, or click for littlefoot), a rAF loop counting
 * the frames rendered meanwhile, the open (ibid:open, or littlefoot's popover inserted),
 * then a double rAF: the frame after the one that painted the popup.
 */
function armOpen({ selector, input, lib }) {
  const trigger = document.querySelector(selector);
  const m = { frames: [], longtasks: [], done: false };
  window.__m = m;
  const lt = new PerformanceObserver((l) => m.longtasks.push(...l.getEntries().map((e) => e.duration)));
  lt.observe({ type: 'longtask' });
  // Each frame by its start time (the rAF timestamp), which is what a timer's deadline compares with.
  const loop = (t) => {
    if (t !== undefined) m.frames.push(t);
    if (!m.done) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  // Done 100 ms after the popup (and littlefoot's full-size state) painted; the script
  // is told by a console message, so that nothing polls the page meanwhile.
  const finish = () => {
    if (m.painted === undefined || (lib !== 'ibid' && m.activePainted === undefined)) return;
    setTimeout(() => {
      m.longtasks.push(...lt.takeRecords().map((e) => e.duration));
      lt.disconnect();
      m.done = true;
      console.debug('ibid-bench:opened');
    }, 100);
  };
  const opened = () => {
    m.openAt = performance.now();
    requestAnimationFrame(() => {
      m.firstFrame = performance.now();
      requestAnimationFrame(() => {
        m.painted = performance.now();
        finish();
      });
    });
  };
  document.addEventListener(
    input,
    (e) => {
      if (m.inputTs === undefined && e.target instanceof Element && e.target.closest(selector) === trigger) {
        m.inputTs = e.timeStamp;
        m.handledAt = performance.now();
      }
    },
    true,
  );
  if (lib === 'ibid') {
    // The frame that paints the popup is the one whose rendering first gives it
    // a size (ResizeObserver callbacks run in a frame's rendering steps, after
    // its animation-frame callbacks): ibid may open it from a frame's rAF.
    const popup = document.getElementById(trigger.getAttribute('aria-describedby'));
    const ro = new ResizeObserver((entries) => {
      if (m.sizedAt === undefined && entries.some((e) => e.contentRect.width > 0)) {
        m.sizedAt = performance.now();
        ro.disconnect();
      }
    });
    ro.observe(popup);
    document.addEventListener(
      'ibid:open',
      (e) => {
        if (e.detail.trigger !== trigger) return;
        m.visible = !document.getElementById(trigger.getAttribute('aria-describedby'))?.hidden;
        opened();
      },
      { once: true },
    );
  } else {
    // littlefoot inserts its popover in its click listener, which it adds with an unbound
    // document.addEventListener, so on window; this one is added on window after it.
    window.addEventListener(
      'click',
      (e) => {
        if (e.target.closest(selector) !== trigger || m.openAt !== undefined) return;
        m.visible = !!document.querySelector('.littlefoot__popover');
        opened();
        // Its full-size state (is-active, then a 0.25 s transition) comes after activateDelay.
        const pop = document.querySelector('.littlefoot__popover');
        new MutationObserver((_, o) => {
          if (pop.classList.contains('is-active')) {
            o.disconnect();
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                m.activePainted = performance.now();
                finish();
              }),
            );
          }
        }).observe(pop, { attributes: true, attributeFilter: ['class'] });
      },
    );
  }
}

/** The page's console message `text`; wait for it rather than poll the page while measuring. */
const consoleMessage = (p, text, timeout = 10_000) => p.waitForEvent('console', { predicate: (m) => m.text() === text, timeout });

/** Arms the measurement, performs `act` (the input) and waits for the popup painted. */
async function measureOpen(p, label, args, act) {
  await p.evaluate(armOpen, args);
  const opened = consoleMessage(p, 'ibid-bench:opened', 5_000);
  await act();
  await opened.catch(() => {
    throw new Error(`${label}: the popup did not open`);
  });
  const m = await p.evaluate(() => window.__m);
  if (!m.visible) throw new Error(`${label}: the popup was not visible when opened`);
  return m;
}

/**
 * Frames rendered after `threshold` but before the one that painted the popup
 * (0: painted in the first frame after it). For ibid that frame is the last one
 * begun before the popup got its size; for littlefoot, the first begun after it opened.
 */
const framesMissed = (m, threshold) => {
  const before = m.sizedAt === undefined ? [] : m.frames.filter((t) => t <= m.sizedAt);
  const painting = before.length ? Math.max(...before) : m.openAt;
  return m.frames.filter((t) => t >= threshold && t < painting).length;
};

// ---------------------------------------------------------------------------
// 1. The demo page through the loader: ibid:ready against DOMContentLoaded and ibid.js
// ---------------------------------------------------------------------------

const r1 = { afterDcl: [], afterLoader: [], wasmAfterDcl: [], dclTask: [], quotes: [] };
for (let i = 0; i < RUNS; i++) {
  const f = await fresh(() => {
    // When the main thread first gets to a task after DOMContentLoaded: before
    // that it does the page's own work (style, layout, the first paint), which
    // ibid's modules and wasm wait behind too.
    document.addEventListener('DOMContentLoaded', () => setTimeout(() => (window.__dclTask = performance.now())));
    window.addEventListener(
      'ibid:ready',
      (e) => {
        if (window.__readyAt === undefined) {
          window.__readyAt = performance.now();
          window.__readyQuotes = e.detail.quotes.length;
          console.debug('ibid-bench:ready');
        }
      },
      true,
    );
  });
  // Nothing runs in the page (no Playwright polling) until ibid:ready says so on the console.
  const ready = consoleMessage(f.page, 'ibid-bench:ready');
  await f.page.goto(origin + '/index.html', { waitUntil: 'commit' });
  await ready;
  await f.page.waitForLoadState('load');
  const t = await f.page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = (end) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(end));
    return {
      ready: window.__readyAt,
      quotes: window.__readyQuotes,
      dclEnd: nav.domContentLoadedEventEnd,
      dclTask: window.__dclTask,
      loaderEnd: res('/ibid/ibid.js').responseEnd,
      wasmEnd: res('/ibid/ibid_core_bg.wasm').responseEnd,
    };
  });
  f.check();
  await f.context.close();
  r1.afterDcl.push(t.ready - t.dclEnd);
  r1.afterLoader.push(t.ready - t.loaderEnd);
  r1.wasmAfterDcl.push(t.wasmEnd - t.dclEnd);
  r1.dclTask.push(t.dclTask - t.dclEnd);
  r1.quotes.push(t.quotes);
}
if (r1.quotes.some((q) => q !== 6)) throw new Error(`demo: expected 6 quotes, got ${r1.quotes}`);

// ---------------------------------------------------------------------------
// 2. The November cards through the API: enhance(article) after init()
// ---------------------------------------------------------------------------

const r2 = { enhance: [], warm: [], steady: [], init: [] };
for (let i = 0; i < RUNS; i++) {
  const f = await openApiPage('/bench/november-api.html');
  const t = await f.page.evaluate(timedEnhance);
  r2.warm.push(await f.page.evaluate(timedReenhance));
  r2.steady.push(await f.page.evaluate(timedSteady));
  r2.init.push(await f.page.evaluate(() => window.__initMs));
  f.check();
  await f.context.close();
  if (t.quotes !== 6) throw new Error(`November via the API: expected 6 quotes, got ${t.quotes}`);
  r2.enhance.push(t.enhance);
}

// ---------------------------------------------------------------------------
// 3. 1,000 quotes and 2,000 notes: enhance, longest task, layout shift
// ---------------------------------------------------------------------------

const r3 = { enhance: [], ready: [], warm: [], longest: [], longestLater: [], frameAfter: [], cls: [], moved: [], added: [] };
for (let i = 0; i < RUNS; i++) {
  const f = await openApiPage('/bench/quotes-1000.html');
  const t = await f.page.evaluate(timedEnhance);
  r3.warm.push(await f.page.evaluate(timedReenhance));
  f.check();
  await f.context.close();
  if (t.quotes !== 1000 || t.markers !== 2000) throw new Error(`1,000 quotes: got ${t.quotes} quotes, ${t.markers} markers`);
  r3.enhance.push(t.enhance);
  r3.ready.push(t.ready);
  r3.longest.push(t.longest);
  r3.longestLater.push(t.longestLater);
  r3.frameAfter.push(t.longestFrameAfter);
  r3.cls.push(t.cls);
  r3.moved.push(t.moved);
  r3.added.push(t.added);
}

// ---------------------------------------------------------------------------
// 4. Hover and focus to the popup painted, on the demo page through the loader
// ---------------------------------------------------------------------------

async function demoReady() {
  const f = await fresh(() => window.addEventListener('ibid:ready', () => console.debug('ibid-bench:ready'), true));
  const ready = consoleMessage(f.page, 'ibid-bench:ready');
  await f.page.goto(origin + '/index.html', { waitUntil: 'load' });
  await ready;
  // The first note marker in view, the pointer well away from it.
  await f.page.evaluate(() => document.querySelector('.ibid-marker').scrollIntoView({ block: 'center' }));
  await f.page.evaluate(twoFrames);
  // The loader's options: data-hover-delay on its script tag, else the API's default.
  const delay = await f.page.evaluate(async () => {
    const d = document.querySelector('script[src$="ibid/ibid.js"]')?.dataset.hoverDelay;
    return d !== undefined && d.trim() !== '' ? +d : (await import('/ibid/index.js')).defaults.hoverDelay;
  });
  return { ...f, delay };
}

const r4 = { detail: [], hover: [], hoverFirst: 0, focus: [], focusFirst: 0, longtasks: [], frame: [], delay: null };
for (let i = 0; i < RUNS; i++) {
  const f = await demoReady();
  r4.delay = f.delay;
  const box = await f.page.locator('.ibid-marker').first().boundingBox();
  const m = await measureOpen(f.page, 'hover', { selector: '.ibid-marker', input: 'pointerover', lib: 'ibid' }, () =>
    f.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2),
  );
  f.check();
  await f.context.close();
  r4.hover.push(m.painted - m.inputTs - f.delay);
  r4.detail.push([m.handledAt - m.inputTs, m.openAt - m.handledAt, m.firstFrame - m.openAt, m.painted - m.openAt].map((x) => +x.toFixed(1)));
  // The delay runs from the pointer's arrival (the event's timeStamp), as ibid counts it.
  if (framesMissed(m, m.inputTs + f.delay) === 0) r4.hoverFirst++;
  r4.longtasks.push(...m.longtasks);
  const gaps = m.frames.slice(1).map((t, k) => t - m.frames[k]);
  r4.frame.push(median(gaps));
}
for (let i = 0; i < RUNS; i++) {
  const f = await demoReady();
  const m = await measureOpen(f.page, 'focus', { selector: '.ibid-marker', input: 'focusin', lib: 'ibid' }, () =>
    f.page.evaluate(() => document.querySelector('.ibid-marker').focus()),
  );
  f.check();
  await f.context.close();
  r4.focus.push(m.painted - m.inputTs);
  if (framesMissed(m, m.handledAt) === 0) r4.focusFirst++;
  r4.longtasks.push(...m.longtasks);
}

// ---------------------------------------------------------------------------
// 5. littlefoot and ibid on the same post: set-up, growth, one popup
// ---------------------------------------------------------------------------

/** littlefoot's set-up, timed around littlefoot.littlefoot() (its UMD global) in a task of its own. */
const timedLittlefoot = () =>
  new Promise((resolve) =>
    setTimeout(() => {
      const t0 = performance.now();
      window.__lf = window.littlefoot.littlefoot();
      const t1 = performance.now();
      resolve({ setup: t1 - t0, buttons: document.querySelectorAll('.littlefoot__button').length });
    }, 0),
  );

async function littlefootRun(n, withPopup) {
  const f = await fresh();
  await f.page.goto(origin + `/bench/littlefoot-${n}.html`, { waitUntil: 'load' });
  await f.page.evaluate(twoFrames);
  const t = await f.page.evaluate(timedLittlefoot);
  if (t.buttons !== n) throw new Error(`littlefoot ${n}: ${t.buttons} buttons`);
  await f.page.evaluate(twoFrames);
  let open = null;
  if (withPopup) {
    const box = await f.page.locator('.littlefoot__button').first().boundingBox();
    const m = await measureOpen(f.page, 'littlefoot click', { selector: '.littlefoot__button', input: 'click', lib: 'littlefoot' }, () =>
      f.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2),
    );
    open = { painted: m.painted - m.inputTs, active: m.activePainted - m.inputTs, longtasks: m.longtasks };
  }
  f.check();
  await f.context.close();
  return { setup: t.setup, open };
}

async function ibidRun(n, withPopup) {
  const f = await openApiPage(`/bench/ibid-${n}.html`);
  const t = await f.page.evaluate(timedEnhance);
  if (t.markers !== n) throw new Error(`ibid ${n}: ${t.markers} markers`);
  let open = null;
  if (withPopup) {
    const m = await measureOpen(f.page, 'ibid focus', { selector: '.ibid-marker', input: 'focusin', lib: 'ibid' }, () =>
      f.page.evaluate(() => document.querySelector('.ibid-marker').focus()),
    );
    open = { painted: m.painted - m.inputTs, longtasks: m.longtasks };
  }
  const init = await f.page.evaluate(() => window.__initMs);
  f.check();
  await f.context.close();
  return { setup: t.enhance, ready: t.ready, open, init };
}

const r5 = { lf2000: [], ibid2000: [], ibid2000ready: [], lf200: [], ibid200: [], ibid200ready: [], lfOpen: [], lfActive: [], ibidOpen: [], init: [], longtasks: [], lfLongtasks: [] };
for (let i = 0; i < RUNS; i++) {
  // Alternated, so that any drift of the machine falls on both.
  const lf = await littlefootRun(2000, true);
  const ib = await ibidRun(2000, true);
  r5.lf2000.push(lf.setup);
  r5.lfOpen.push(lf.open.painted);
  r5.lfActive.push(lf.open.active);
  r5.ibid2000.push(ib.setup);
  r5.ibid2000ready.push(ib.ready);
  r5.ibidOpen.push(ib.open.painted);
  r5.init.push(ib.init);
  r5.longtasks.push(...ib.open.longtasks);
  r5.lfLongtasks.push(...lf.open.longtasks);
  r5.lf200.push((await littlefootRun(200, false)).setup);
  const ib200 = await ibidRun(200, false);
  r5.ibid200.push(ib200.setup);
  r5.ibid200ready.push(ib200.ready);
}

await browser.close();
await new Promise((resolve) => server.close(resolve));

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

const M = (xs) => median(xs);
const yes = (ok) => (ok ? 'yes' : '**no**');
const frameMs = M(r4.frame);
const ratio2000 = M(r5.ibid2000) / M(r5.lf2000);
const ratio200 = M(r5.ibid200) / M(r5.lf200);
const ratioOpen = M(r5.ibidOpen) / M(r5.lfOpen);
const longRuns = r3.longest.filter((x) => x > 0).length;
const laterRuns = r3.longestLater.filter((x) => x > 0).length;
const longSummary = (durations, openings) =>
  durations.length
    ? `${durations.length} in ${openings} openings (longest ${ms(Math.max(...durations))})`
    : `none in ${openings} openings`;
const rows = [
  ['**The November Revolution** (demo page, loader `ibid.js`, fresh context each run)', '', '', ''],
  ['`ibid:ready` − DOMContentLoaded end (fetching and instantiating the wasm included)', ms(M(r1.afterDcl)), 'within 20 ms', yes(M(r1.afterDcl) <= 20)],
  ['`ibid:ready` − responseEnd of `ibid.js`', ms(M(r1.afterLoader)), '—', '—'],
  ['of which: `ibid_core_bg.wasm` responseEnd − DOMContentLoaded end', ms(M(r1.wasmAfterDcl)), '—', '—'],
  ['a task queued at DOMContentLoaded (`setTimeout`) starts after (the page’s own style, layout and first paint come first)', ms(M(r1.dclTask)), '—', '—'],
  ['`enhance(article)`, main thread (page imports `/ibid/index.js`, `init()` awaited first)', ms(M(r2.enhance)), 'under 5 ms', yes(M(r2.enhance) < 5)],
  ['the same again after `destroy()` (the wasm functions compiled, the code warm)', ms(M(r2.warm)), '—', '—'],
  ['steady state: median of the 3rd to 12th call, each after `destroy()`', ms(M(r2.steady)), '—', '—'],
  ['`init()` before it (fetch, compile and instantiate the wasm)', ms(M(r2.init)), '—', '—'],
  ['**Generated post: 1,000 quotes, 2,000 notes**', '', '', ''],
  ['`enhance(article)`, main thread: the call (reading every quote, parsing down to the view, building the cards in view)', ms(M(r3.enhance)), 'under 50 ms', yes(M(r3.enhance) < 50)],
  ['`ibid:ready` after the call starts (every card built, in tasks after the call)', ms(M(r3.ready)), '—', '—'],
  ['the call again after `destroy()` (warm)', ms(M(r3.warm)), '—', '—'],
  ['DOM nodes the enhancement adds under the root (cards, markers, popups, print lists)', M(r3.added).toLocaleString('en-US'), '—', '—'],
  [
    'longest task from the call to `ibid:ready` and its frames (`longtask`)',
    longRuns ? `${ms(M(r3.longest))} (a long task in ${longRuns} of ${RUNS} runs: ${r3.longest.filter((x) => x > 0).map(ms).join(', ')})` : `none over 50 ms (${RUNS} runs)`,
    'none over 50 ms',
    yes(longRuns === 0),
  ],
  [
    'of which after the call’s own task (the tasks that parse and build the rest, and the rendering between them)',
    laterRuns ? `a long task in ${laterRuns} of ${RUNS} runs: ${r3.longestLater.filter((x) => x > 0).map(ms).join(', ')}` : `none over 50 ms (${RUNS} runs)`,
    '—',
    '—',
  ],
  [
    'longest animation frame after the call (`long-animation-frame`: a building task with the rendering after it)',
    ms(M(r3.frameAfter)),
    'none over 50 ms',
    yes(M(r3.frameAfter) <= 50),
  ],
  [
    'layout shift from enhancing, quotes in the viewport (`layout-shift`, no recent input)',
    M(r3.cls).toFixed(4),
    'CLS under 0.05',
    yes(M(r3.cls) < 0.05) + ' (as Chromium counts it: see the next row)',
  ],
  ['how far the text of the quotes in the viewport moves on screen (largest, `getBoundingClientRect`)', `${Math.round(M(r3.moved))} px`, '—', '—'],
  ['**Popups** (demo page; frame interval ' + ms(frameMs) + ')', '', '', ''],
  [
    `hover on a note marker → popup painted (double rAF), minus the ${r4.delay} ms hover delay; "first frame": the first that begins after the delay`,
    `${ms(M(r4.hover))}; first frame after the delay in ${r4.hoverFirst} of ${RUNS} runs`,
    'painted in the first frame after the hover delay',
    yes(r4.hoverFirst === RUNS),
  ],
  [
    'of which: the pointer event (its timeStamp) → `ibid:open`, minus the delay (the timer firing late, then showing and placing the popup), each run; `ibid:open` → painted (double rAF)',
    `${ms(M(r4.detail.map((d) => d[0] + d[1] - r4.delay)))} (${r4.detail.map((d) => (d[0] + d[1] - r4.delay).toFixed(1)).join(', ')}); ${ms(M(r4.detail.map((d) => d[3])))}`,
    '—',
    '—',
  ],
  [
    'focus on a note marker → popup painted (double rAF)',
    `${ms(M(r4.focus))}; next frame in ${r4.focusFirst} of ${RUNS} runs`,
    'painted in the next frame',
    yes(r4.focusFirst === RUNS),
  ],
  [
    'long tasks while opening a popup: hover and focus here; focus on the 2,000-note page below',
    `${longSummary(r4.longtasks, 2 * RUNS)}; ${longSummary(r5.longtasks, RUNS)}`,
    'none',
    yes(r4.longtasks.length + r5.longtasks.length === 0),
  ],
  [`**Side by side with littlefoot ${littlefootVersion}** (same post: 2,000 footnotes, or the same notes as \`[… – ed.]\` in 1,000 quotes)`, '', '', ''],
  ['littlefoot: `littlefoot.littlefoot()`, 2,000 footnotes', ms(M(r5.lf2000)), '—', '—'],
  ['ibid: `enhance(article)`, 2,000 notes in 1,000 cards: the call (the cards in view built)', ms(M(r5.ibid2000)), '—', '—'],
  ['ibid: … to `ibid:ready` (every card built, in tasks after the call)', ms(M(r5.ibid2000ready)), '—', '—'],
  ['set-up, 2,000 notes: ibid / littlefoot (the calls)', ratio2000.toFixed(3), 'at most 0.1', yes(ratio2000 <= 0.1)],
  ['the same, ibid to `ibid:ready` / littlefoot', (M(r5.ibid2000ready) / M(r5.lf2000)).toFixed(3), 'at most 0.1', yes(M(r5.ibid2000ready) / M(r5.lf2000) <= 0.1)],
  ['littlefoot: `littlefoot.littlefoot()`, 200 footnotes', ms(M(r5.lf200)), '—', '—'],
  ['ibid: `enhance(article)`, 200 notes in 100 cards: the call; to `ibid:ready`', `${ms(M(r5.ibid200))}; ${ms(M(r5.ibid200ready))}`, '—', '—'],
  ['set-up, 200 notes: ibid / littlefoot', ratio200.toFixed(3), 'at most 0.1', yes(ratio200 <= 0.1)],
  ['growth 200 → 2,000 notes (×10): littlefoot / ibid', `×${(M(r5.lf2000) / M(r5.lf200)).toFixed(1)} / ×${(M(r5.ibid2000) / M(r5.ibid200)).toFixed(1)}`, '—', '—'],
  ['ibid: `init()` on that page, not in the set-up above (littlefoot needs none)', ms(M(r5.init)), '—', '—'],
  ['littlefoot: click the first button → popover painted (double rAF)', ms(M(r5.lfOpen)), '—', '—'],
  ['littlefoot: … → full-size state (`is-active`, after its 100 ms activateDelay) painted', ms(M(r5.lfActive)), '—', '—'],
  ['ibid: focus the first marker → popup painted (double rAF)', ms(M(r5.ibidOpen)), '—', '—'],
  ['one popup, to painted: ibid / littlefoot', ratioOpen.toFixed(2), '—', '—'],
];

const md = [
  '## In the browser',
  '',
  `Written by \`tests/bench/browser.mjs\` in headless Chromium ${chromiumVersion} (Debian's /usr/bin/chromium through playwright-core), viewport ${VIEWPORT.width}×${VIEWPORT.height}, pages served from 127.0.0.1 without caching.`,
  `Command: \`make build && node tests/bench/browser.mjs\` (run by \`make bench\`). ${RUNS} runs per figure, each in a fresh context and page; the whole run took ${Math.round((Date.now() - started) / 1000)} s.`,
  'Main-thread times are `performance.now()` around the synchronous call, in a task of its own (0.1 ms resolution); unless marked warm, it is the page\'s first call, as a reader gets it.',
  '"Painted" is the second `requestAnimationFrame` after the popup lost `hidden` (ibid) or was inserted (littlefoot), from the input event\'s `timeStamp`; "first frame" means no frame was rendered between the delay running out and the popup opening.',
  'Nothing polls the page while it is measured (the page reports on the console). Ratios are of the medians.',
  '',
  `| what | median of ${RUNS} runs | target | met? |`,
  '|---|---:|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');

await mkdir(path.dirname(OUT), { recursive: true });
await writeFile(OUT, md);
console.log(md);
if (process.env.IBID_BENCH_RAW) console.log(JSON.stringify({ r1, r2, r3, r4, r5 }, null, 1));
