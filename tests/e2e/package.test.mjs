// End-to-end: the npm package (scripts/package.sh) and the single-file build
// (ibid.inline.js, scripts/inline.mjs). Needs `make build` first (make test and
// make e2e run it); runs `scripts/package.sh --no-build` itself, then installs
// the tarball offline into a scratch project in a temp dir and uses it from
// Node and from Chromium. The inline build is tried from file://, from a nested
// path over http, as a module, under a strict CSP, and failing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile, readFile, mkdir, copyFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, startServer, launchBrowser, openPage, waitForReady } from './helpers.mjs';

const run = promisify(execFile);
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

// The fixture of the issue and what `ibid parse` prints for it.
const POST =
  '<article><blockquote><p>x [sic]</p></blockquote><p>Telegram from A, 2 May 1919. Some Book, p. 3.</p></article>';
const EXPECTED = {
  quotes: [
    {
      kind: 'telegram',
      from: 'A',
      to: null,
      date: '1919-05-02',
      sent: null,
      source: { title: 'Some Book', volume: null, pages: '3', ibid: false },
      attribution: 'Telegram from A, 2 May 1919. Some Book, p. 3.',
      notes: [{ text: 'sic', kind: 'sic' }],
      original: null,
      text: 'x [sic]',
    },
  ],
  diagnostics: [],
};

// A post with two documents: a telegram with a literal-translation note, a letter citing Ibid.
const ARTICLE = `<article class="post">
  <h1>The November Revolution</h1>
  <p>As the consul reported:</p>
  <blockquote><p>Recently, Russia’s internal conflict [lit. maximalists’ – ed.] has grown worse.</p></blockquote>
  <p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, vol. 1, pp. 180-181.</p>
  <blockquote><p>The ministry has received your report.</p></blockquote>
  <p>Letter from the Foreign Ministry to Liu Jingren, 2 December 1917. Ibid., p. 190.</p>
</article>`;
const page = (head, body = ARTICLE) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>post</title>\n${head}\n</head><body>\n${body}\n</body></html>\n`;

const cargoVersion = async () => /^version = "([^"]+)"/m.exec(await readFile(path.join(repoRoot, 'Cargo.toml'), 'utf8'))[1];
const exists = (f) => access(f).then(() => true, () => false);

let tmp, browser, tarball, scratch;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ibid-package-'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Cards and markers on the page, and whether ibid's stylesheet applies. */
const summary = (p) =>
  p.evaluate(() => ({
    cards: [...document.querySelectorAll('figure.ibid-card')].map((c) => c.querySelector('.ibid-card__kind')?.textContent),
    markers: document.querySelectorAll('.ibid-marker').length,
    cites: document.querySelectorAll('.ibid-cite').length,
    styled: (() => {
      const card = document.querySelector('.ibid-card');
      return !!card && getComputedStyle(card).borderInlineStartWidth === '3px';
    })(),
    adopted: document.adoptedStyleSheets.length,
    header: document.querySelector('.ibid-card__header')?.textContent ?? null,
  }));

/** Focus the first marker: its popup opens (events wired, the stylesheet shows it). */
async function openMarker(p) {
  await p.focus('.ibid-marker');
  await p.waitForFunction(() => {
    const tip = document.getElementById(document.querySelector('.ibid-marker').getAttribute('aria-describedby'));
    return tip && !tip.hidden && getComputedStyle(tip).display !== 'none';
  }, null, { timeout: 5_000 });
}

function clean(log) {
  assert.deepEqual(log.consoleErrors, [], 'console errors');
  assert.deepEqual(log.pageErrors, [], 'page errors');
  assert.deepEqual(log.ibidWarnings(), [], 'ibid warnings');
  assert.deepEqual(log.external(), [], 'requests to anywhere but the page’s origin');
}

// ---- the npm package

test('make package: the tarball holds exactly `files`, with the version filled in', async () => {
  for (const f of ['pkg/ibid_core.js', 'pkg/ibid_core_bg.wasm', 'pkg/ibid_core.d.ts']) {
    assert.ok(await exists(path.join(repoRoot, f)), `${f} is missing: run make build first`);
  }
  const { stdout } = await run('bash', [path.join(repoRoot, 'scripts/package.sh'), '--no-build'], {
    cwd: repoRoot,
    env: NPM_ENV,
    timeout: 60_000,
  });
  tarball = path.join(repoRoot, stdout.trim().split('\n').pop());
  assert.match(tarball, /target\/npm-pack\/ibid-[^/]+\.tgz$/);

  const version = await cargoVersion();
  const template = JSON.parse(await readFile(path.join(repoRoot, 'pkg-config/package.json'), 'utf8'));
  const { stdout: list } = await run('tar', ['-tzf', tarball]);
  const entries = list.trim().split('\n').map((e) => e.replace(/^package\//, '')).sort();
  assert.deepEqual(entries, [...template.files, 'package.json'].sort(), 'tarball = files + package.json');

  const { stdout: pj } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  const pkg = JSON.parse(pj);
  assert.equal(pkg.name, 'ibid');
  assert.equal(pkg.version, version, 'package.json version from Cargo.toml');
  assert.equal(path.basename(tarball), `ibid-${version}.tgz`);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.deepEqual(pkg.sideEffects, ['./ibid.js', './ibid.inline.js', '*.css']);
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const t of [...targets, pkg.types, pkg.main, pkg.style]) {
    assert.ok(entries.includes(t.replace(/^\.\//, '')), `${t} is in the package`);
  }
  const { stdout: index } = await run('tar', ['-xzOf', tarball, 'package/index.js']);
  assert.ok(!index.includes('__IBID_VERSION__') && (index.includes(`'${version}'`) || index.includes(`"${version}"`)), 'index.js version filled in');

  // The package's ibid.inline.js is the one make build put in www/ibid/.
  const { stdout: inline } = await run('tar', ['-xzOf', tarball, 'package/ibid.inline.js'], { maxBuffer: 1 << 24 });
  assert.equal(inline, await readFile(path.join(repoRoot, 'www/ibid/ibid.inline.js'), 'utf8'));
});

test('the tarball installs offline into a scratch project; Node imports it', async () => {
  assert.ok(tarball, 'the package test ran first');
  scratch = path.join(tmp, 'scratch');
  await mkdir(scratch);
  await writeFile(path.join(scratch, 'package.json'), '{}\n');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: scratch,
    env: NPM_ENV,
    timeout: 60_000,
  });
  await writeFile(
    path.join(scratch, 'check.mjs'),
    `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ibid from 'ibid';
const require = createRequire(import.meta.url);
const out = { exports: Object.keys(ibid).sort(), version: ibid.version, defaults: ibid.defaults };
out.frozen = Object.isFrozen(ibid.defaults);
ibid.initSync(readFileSync(require.resolve('ibid/ibid_core_bg.wasm')));
await ibid.init(); // already loaded: resolves without fetching
try { ibid.parse(42); } catch (e) { out.parseNumber = String(e); }
try { out.parsed = ibid.parse(${JSON.stringify(POST)}); } catch (e) { out.parseString = e.name; }
out.resolved = ['ibid/embed', 'ibid/inline', 'ibid/ibid.css', 'ibid/package.json', 'ibid'].map((s) => import.meta.resolve(s).split('/node_modules/ibid/')[1]);
console.log(JSON.stringify(out));
`,
  );
  const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: scratch, timeout: 30_000 });
  const out = JSON.parse(stdout);
  assert.deepEqual(out.exports, ['defaults', 'enhance', 'init', 'initSync', 'parse', 'version']);
  assert.equal(out.version, await cargoVersion());
  assert.deepEqual(out.defaults, {
    hoverDelay: 100,
    closeDelay: 250,
    sheetBreakpoint: 480,
    markers: ['note', 'literal', 'explanation', 'sic', 'uncertain', 'omission'],
    labels: {},
    observe: true,
  });
  assert.ok(out.frozen);
  assert.equal(out.parseNumber, 'TypeError: ibid: parse() takes an element or an HTML string, not a number', 'parse(42) is refused by the API');
  // Node has no DOMParser: parse(html) is checked in Chromium below. The core
  // runs in Node all the same: it is the one that asks dom.js for DOMParser.
  if (out.parsed) assert.deepEqual(out.parsed, EXPECTED);
  else assert.equal(out.parseString, 'ReferenceError', 'the core runs in Node, and parse(html) needs a DOMParser');
  assert.deepEqual(out.resolved, ['ibid.js', 'ibid.inline.js', 'ibid.css', 'package.json', 'index.js']);

  // index.d.ts declares exactly what index.js exports.
  const dts = await readFile(path.join(scratch, 'node_modules/ibid/index.d.ts'), 'utf8');
  const declared = [...dts.matchAll(/^export (?:declare )?(?:function|const) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual([...new Set(declared)].sort(), out.exports);
  for (const t of ['Options', 'Labels', 'Handle', 'Quote', 'Source', 'Note', 'NoteKind', 'Original', 'Diagnostic', 'ParseResult']) {
    assert.match(dts, new RegExp(`^export (interface|type) ${t}\\b`, 'm'), `index.d.ts declares ${t}`);
  }
  for (const e of ['ibid:ready', 'ibid:open', 'ibid:close']) assert.ok(dts.includes(`'${e}': CustomEvent<`), e);
  assert.match(dts, /declare global \{[\s\S]*interface HTMLElementEventMap/);
});

test('in Chromium, the installed package parses, enhances and loads by script tag', async () => {
  assert.ok(scratch, 'the install test ran first');
  await writeFile(
    path.join(scratch, 'api.html'),
    page(
      `<script type="importmap">{"imports":{"ibid":"./node_modules/ibid/index.js"}}</script>
<link rel="stylesheet" href="./node_modules/ibid/ibid.css">
<script type="module">
import { init, enhance, parse, version, defaults } from 'ibid';
await init();
const root = document.querySelector('article');
const fromString = parse(${JSON.stringify(POST)});
const fromElement = parse(root);
const handle = enhance(root, { labels: { sent: 'abgesandt' } });
window.__api = { fromString, fromElement, version, defaults, quotes: handle.quotes.length };
</script>`,
    ),
  );
  await writeFile(
    path.join(scratch, 'embed.html'),
    page('<script type="module" src="./node_modules/ibid/ibid.js" data-hover-delay="0"></script>'),
  );
  const server = await startServer(scratch);
  try {
    const { context, page: p, log } = await openPage(browser, server.origin);
    try {
      await p.goto(server.origin + '/api.html');
      await p.waitForFunction(() => window.__api, null, { timeout: 10_000 });
      const api = await p.evaluate(() => window.__api);
      assert.deepEqual(api.fromString, EXPECTED, 'parse(html) gives the JSON of ibid parse');
      assert.equal(api.fromElement.quotes.length, 2);
      assert.equal(api.version, await cargoVersion());
      assert.equal(api.quotes, 2);
      const s = await summary(p);
      assert.deepEqual(s.cards, ['Telegram', 'Letter']);
      assert.equal(s.markers, 1);
      assert.ok(s.styled, 'ibid.css from the package applies');
      assert.match(s.header, /abgesandt/, 'options reach the core');
      await openMarker(p);
      clean(log);
    } finally {
      await context.close();
    }
    const { context: c2, page: p2, log: log2 } = await openPage(browser, server.origin);
    try {
      await p2.goto(server.origin + '/embed.html');
      assert.equal((await waitForReady(p2, log2)).quoteCount, 2);
      const s = await summary(p2);
      assert.deepEqual(s.cards, ['Telegram', 'Letter']);
      assert.ok(s.styled, 'the loader added the package’s ibid.css');
      clean(log2);
      const got = (f) => log2.requests.filter((u) => u.endsWith('/node_modules/ibid/' + f)).length;
      for (const f of ['ibid.js', 'index.js', 'ibid_core.js', 'ibid_core_bg.wasm', 'ibid.css']) assert.equal(got(f), 1, f);
    } finally {
      await c2.close();
    }
  } finally {
    await server.close();
  }
});

// ---- the single-file build

const inlinePath = path.join(repoRoot, 'www/ibid/ibid.inline.js');

test('the embed\'s JavaScript is ASCII: a classic script served without a charset reads the same in any page encoding', async () => {
  for (const f of ['ibid.js', 'index.js', 'ibid_core.js', 'ibid.inline.js']) {
    const text = await readFile(path.join(repoRoot, 'www/ibid', f), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `www/ibid/${f}: a non-ASCII character at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`);
  }
});

test('ibid.inline.js is current: generated by scripts/inline.mjs from today’s sources', async () => {
  assert.ok(await exists(inlinePath), 'www/ibid/ibid.inline.js is missing: run make build');
  const fresh = path.join(tmp, 'fresh.inline.js');
  await run(process.execPath, [path.join(repoRoot, 'scripts/inline.mjs'), '--out', fresh], { cwd: repoRoot });
  const built = await readFile(inlinePath, 'utf8');
  assert.equal(built, await readFile(fresh, 'utf8'), 'www/ibid/ibid.inline.js is stale: run make build');
  assert.doesNotMatch(built, /import\.meta|\bimport\s*\(|^\s*(import|export)\b/m, 'a classic script');
  // Minified: names are mangled, but the inlined wasm's decoder keeps its property names.
  assert.match(built, /Uint8Array\.fromBase64/, 'the wasm is inlined as base64');
});

test('ibid.inline.js from file://: enhances, reads its data attributes, requests nothing', async () => {
  const dir = path.join(tmp, 'file', 'my posts');
  await mkdir(dir, { recursive: true });
  await copyFile(inlinePath, path.join(dir, 'ibid.inline.js'));
  const html = path.join(dir, 'post.html');
  await writeFile(
    html,
    page(
      `<script src="./ibid.inline.js" defer data-root=".entry" data-labels='{"sent":"abgesandt"}' data-markers="literal sic"></script>`,
      `<main><div class="entry">${ARTICLE}</div></main>`,
    ),
  );
  const url = pathToFileURL(html).href;
  const { context, page: p, log } = await openPage(browser, 'file://');
  try {
    await p.goto(url);
    const ready = await waitForReady(p, log);
    assert.equal(ready.quoteCount, 2);
    assert.equal(ready.target, 'DIV', 'data-root chose the root');
    const s = await summary(p);
    assert.deepEqual(s.cards, ['Telegram', 'Letter']);
    assert.equal(s.markers, 1);
    assert.equal(s.cites, 2);
    assert.ok(s.styled, 'the inlined stylesheet applies');
    assert.equal(s.adopted, 1, 'as one constructed stylesheet');
    assert.match(s.header, /abgesandt 7 Nov 1917/, 'data-labels read from its own script tag');
    await openMarker(p);
    clean(log);
    assert.deepEqual(log.requests, [url, pathToFileURL(path.join(dir, 'ibid.inline.js')).href], 'the page and the script only');
    assert.deepEqual(log.failedRequests, []);
  } finally {
    await context.close();
  }
});

test('ibid.inline.js over http from a nested path, as a classic script and as a module', async () => {
  const site = path.join(tmp, 'site');
  const uploads = path.join(site, 'wp-content/uploads/2026/11');
  const post = path.join(site, '2026/11/27/the-november-revolution');
  await mkdir(uploads, { recursive: true });
  await mkdir(post, { recursive: true });
  await copyFile(inlinePath, path.join(uploads, 'ibid.inline.js'));
  await copyFile(path.join(repoRoot, 'pkg-config/ibid.css'), path.join(uploads, 'ibid.css'));
  await writeFile(path.join(post, 'index.html'), page('<script src="../../../../wp-content/uploads/2026/11/ibid.inline.js" defer></script>'));
  // As a module, with the page linking its own ibid.css (WordPress adds ?ver=): no second copy of the styles.
  await writeFile(
    path.join(post, 'module.html'),
    page(
      `<link rel="stylesheet" href="/wp-content/uploads/2026/11/ibid.css?ver=6.7">
<script type="module" src="/wp-content/uploads/2026/11/ibid.inline.js?ver=6.7" data-labels='{"received":"empfangen"}'></script>`,
    ),
  );
  const server = await startServer(site);
  try {
    for (const [file, adopted, label] of [
      ['index.html', 1, /received 27 Nov/],
      ['module.html', 0, /empfangen 27 Nov/],
    ]) {
      server.served.length = 0;
      const { context, page: p, log } = await openPage(browser, server.origin);
      try {
        await p.goto(`${server.origin}/2026/11/27/the-november-revolution/${file}`);
        assert.equal((await waitForReady(p, log)).quoteCount, 2, file);
        await p.waitForLoadState('networkidle');
        const s = await summary(p);
        assert.deepEqual(s.cards, ['Telegram', 'Letter'], file);
        assert.ok(s.styled, `${file}: styled`);
        assert.equal(s.adopted, adopted, `${file}: constructed stylesheets`);
        assert.match(s.header, label, `${file}: data attributes of its own tag`);
        await openMarker(p);
        clean(log);
        const paths = server.served.map((r) => r.path.replace(/\?.*/, ''));
        assert.ok(!paths.some((u) => /\.wasm$|ibid_core|index\.js$/.test(u)), `${file}: nothing fetched but the script: ${paths}`);
        assert.equal(paths.filter((u) => u.endsWith('/ibid.inline.js')).length, 1, file);
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
});

test('ibid.js pasted as a classic script or as a module, from a nested path with ?ver=: same result, no globals, one stylesheet', async () => {
  const site = path.join(tmp, 'loader-site');
  const dir = path.join(site, 'wp-content/plugins/ibid');
  const post = path.join(site, '2026/11/27/post');
  await mkdir(dir, { recursive: true });
  await mkdir(post, { recursive: true });
  for (const f of ['ibid.js', 'index.js', 'ibid_core.js', 'ibid_core_bg.wasm', 'ibid.css']) {
    await copyFile(path.join(repoRoot, 'www/ibid', f), path.join(dir, f));
  }
  const src = '/wp-content/plugins/ibid/ibid.js?ver=6.7';
  const labels = `data-labels='{"received":"empfangen"}'`;
  const pages = {
    // As embed snippets are usually pasted: a classic script, deferred.
    'classic-defer.html': page(`<script src="${src}" defer ${labels}></script>`),
    // A classic script in the head, neither deferred nor async: it waits for the post.
    'classic-head.html': page(`<script src="${src}" ${labels}></script>`),
    // A module, the page linking ibid.css itself as WordPress does (with ?ver=): no second copy.
    'module.html': page(`<link rel="stylesheet" href="/wp-content/plugins/ibid/ibid.css?ver=6.7">\n<script type="module" src="${src}" ${labels}></script>`),
  };
  for (const [name, html] of Object.entries(pages)) await writeFile(path.join(post, name), html);
  const server = await startServer(site);
  try {
    for (const name of Object.keys(pages)) {
      const { context, page: p, log } = await openPage(browser, server.origin);
      try {
        await p.goto(`${server.origin}/2026/11/27/post/${name}`);
        assert.equal((await waitForReady(p, log)).quoteCount, 2, name);
        const s = await summary(p);
        assert.deepEqual(s.cards, ['Telegram', 'Letter'], name);
        assert.ok(s.styled, `${name}: styled`);
        assert.match(s.header, /empfangen 27 Nov/, `${name}: the data attributes of its own tag`);
        const facts = await p.evaluate(() => ({
          links: [...document.querySelectorAll('link[rel=stylesheet]')].filter((l) => l.href.includes('ibid.css')).length,
          globals: ['here', 'settings', 'roots', 'quotes', 'load', 'run', 'loading', 'ownUrl', 'DEFAULT_ROOTS'].filter((g) => g in window),
        }));
        assert.equal(facts.links, 1, `${name}: one ibid.css`);
        assert.deepEqual(facts.globals, [], `${name}: the loader adds no globals`);
        await openMarker(p);
        clean(log);
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
});

test('ibid.js finds its own URL safely: an <img name="currentScript"> in a comment does not point it at other code; a folder with brackets works; no stack, no load', async () => {
  const site = path.join(tmp, 'loader-url');
  await mkdir(path.join(site, 'evil'), { recursive: true });
  for (const dir of ['ibid', 'ibid(1)', 'v:1:2']) {
    await mkdir(path.join(site, dir), { recursive: true });
    for (const f of ['ibid.js', 'index.js', 'ibid_core.js', 'ibid_core_bg.wasm', 'ibid.css']) {
      await copyFile(path.join(repoRoot, 'www/ibid', f), path.join(site, dir, f));
    }
  }
  await writeFile(path.join(site, 'evil/index.js'), 'window.__pwned = 1; export async function init() {} export function enhance() {}');
  await writeFile(path.join(site, 'evil/ibid_core.js'), 'window.__pwned = 1;');
  await writeFile(path.join(site, 'evil/pixel.gif'), Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAA=', 'base64'));
  const clobbered = ARTICLE.replace('</article>', '<p class="comment">Nice post! <img name="currentScript" src="/evil/pixel.gif" alt=""></p>\n</article>');
  const pages = {
    'clobber-module.html': page('<script type="module" src="/ibid/ibid.js"></script>', clobbered),
    'clobber-classic.html': page('<script src="/ibid/ibid.js" defer></script>', clobbered),
    'brackets.html': page('<script type="module" src="/ibid(1)/ibid.js?ver=6.7"></script>'),
    // A path that looks like a stack frame's line and column.
    'colons.html': page('<script type="module" src="/v:1:2/ibid.js"></script>'),
    // The tag's own data attributes still apply with the <img> there (a fragment in its URL too).
    'clobber-options.html': page(`<script src="/ibid/ibid.js#v1" defer data-labels='{"received":"empfangen"}'></script>`, clobbered),
  };
  for (const [name, html] of Object.entries(pages)) await writeFile(path.join(site, name), html);
  await writeFile(path.join(site, 'nostack.html'), page('<script>Error.stackTraceLimit = 0;</script>\n<script type="module" src="/ibid/ibid.js"></script>'));
  // An <img name> that shadows document.querySelectorAll: the loader calls Document's own, and the post is enhanced.
  const shadowed = ARTICLE.replace('</article>', '<p class="comment">Nice post! <img name="querySelectorAll" src="/evil/pixel.gif" alt=""></p>\n</article>');
  await writeFile(path.join(site, 'shadowed.html'), page('<script src="/ibid/ibid.js" defer></script>', shadowed));
  // One that shadows a method the loader calls as the page has it: no card, one ibid: message, nothing uncaught.
  const shadowedCreate = ARTICLE.replace('</article>', '<p class="comment">Nice post! <img name="createElement" src="/evil/pixel.gif" alt=""></p>\n</article>');
  await writeFile(path.join(site, 'shadowed-create.html'), page('<script src="/ibid/ibid.js" defer></script>', shadowedCreate));
  const server = await startServer(site);
  try {
    for (const name of Object.keys(pages)) {
      const { context, page: p, log } = await openPage(browser, server.origin);
      try {
        await p.goto(`${server.origin}/${name}`);
        assert.equal((await waitForReady(p, log)).quoteCount, 2, name);
        await p.waitForLoadState('networkidle');
        assert.deepEqual((await summary(p)).cards, ['Telegram', 'Letter'], name);
        assert.equal(await p.evaluate(() => window.__pwned), undefined, `${name}: no other code ran`);
        const code = log.requests.filter((u) => /\.js|\.wasm/.test(u)).map((u) => new URL(u).pathname);
        const dir = { 'brackets.html': '/ibid(1)/', 'colons.html': '/v:1:2/' }[name] || '/ibid/';
        assert.ok(code.every((u) => u.startsWith(dir)), `${name}: code only from beside ibid.js: ${code}`);
        if (name === 'clobber-options.html') assert.match((await summary(p)).header, /empfangen 27 Nov/, 'its data attributes');
        clean(log);
      } finally {
        await context.close();
      }
    }
    const { context, page: p, log } = await openPage(browser, server.origin);
    try {
      await p.goto(`${server.origin}/nostack.html`);
      await p.waitForLoadState('networkidle');
      assert.deepEqual(log.ibidWarnings(), ['ibid: not enhancing this page: no URL for ibid.js']);
      assert.deepEqual(log.requests.filter((u) => /index\.js|ibid_core|\.wasm/.test(u)), [], 'nothing loaded from anywhere');
      assert.equal(await p.evaluate(() => document.querySelectorAll('.ibid-card').length), 0);
    } finally {
      await context.close();
    }
    const shadow = await openPage(browser, server.origin);
    try {
      await shadow.page.goto(`${server.origin}/shadowed.html`);
      await shadow.page.waitForLoadState('networkidle');
      // The page's own document.querySelectorAll is the <img>: the checks call Document's.
      await shadow.page.waitForFunction(() => Document.prototype.querySelectorAll.call(document, '.ibid-card').length === 2, null, { timeout: 10_000 });
      const kinds = await shadow.page.evaluate(() => [...Document.prototype.querySelectorAll.call(document, '.ibid-card__kind')].map((k) => k.textContent));
      assert.deepEqual(kinds, ['Telegram', 'Letter'], 'shadowed.html: the cards');
      clean(shadow.log);
    } finally {
      await shadow.context.close();
    }
    const create = await openPage(browser, server.origin);
    try {
      await create.page.goto(`${server.origin}/shadowed-create.html`);
      await create.page.waitForLoadState('networkidle');
      assert.deepEqual(create.log.pageErrors, [], 'nothing uncaught');
      const told = create.log.ibidWarnings();
      assert.equal(told.length, 1, `one ibid: message: ${told}`);
      assert.match(told[0], /^ibid: not enhancing this page: document\.createElement is not a function/);
      assert.equal(await create.page.evaluate(() => document.querySelectorAll('.ibid-card').length), 0, 'no card');
    } finally {
      await create.context.close();
    }
  } finally {
    await server.close();
  }
});

test('ibid.inline.js under a strict CSP (no inline styles, Trusted Types): styles adopted, popups placed, no violations', async () => {
  const site = path.join(tmp, 'csp');
  await mkdir(site, { recursive: true });
  await copyFile(inlinePath, path.join(site, 'ibid.inline.js'));
  const csp = (script) =>
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${script}; style-src 'self'; img-src data:; require-trusted-types-for 'script'">`;
  await writeFile(path.join(site, 'strict.html'), page(`${csp("'self' 'wasm-unsafe-eval'")}\n<script src="ibid.inline.js"></script>`));
  await writeFile(path.join(site, 'nowasm.html'), page(`${csp("'self'")}\n<script src="ibid.inline.js"></script>`));
  const server = await startServer(site);
  try {
    const { context, page: p, log } = await openPage(browser, server.origin);
    try {
      await p.goto(server.origin + '/strict.html');
      assert.equal((await waitForReady(p, log)).quoteCount, 2);
      const s = await summary(p);
      assert.ok(s.styled && s.adopted === 1, 'styles from a constructed stylesheet');
      await p.hover('.ibid-cite');
      await p.waitForSelector('.ibid-popup--citation.ibid-popup--float:not([hidden])', { timeout: 5_000 });
      clean(log);
    } finally {
      await context.close();
    }
    // WebAssembly refused by the CSP: the same failure handling as ibid.js.
    const { context: c2, page: p2, log: log2 } = await openPage(browser, server.origin);
    try {
      const warned = p2.waitForEvent('console', {
        predicate: (m) => m.type() === 'warning' && m.text().startsWith('ibid:'),
        timeout: 10_000,
      });
      await p2.goto(server.origin + '/nowasm.html');
      await warned;
      assert.equal(log2.ibidWarnings().length, 1, JSON.stringify(log2.warnings));
      assert.match(log2.ibidWarnings()[0], /^ibid: not enhancing this page: /);
      const s = await summary(p2);
      assert.deepEqual(s.cards, []);
      assert.equal(s.adopted, 0, 'the stylesheet removed again');
      assert.equal(await p2.evaluate(() => document.querySelector('article').outerHTML), ARTICLE, 'the post as it was');
      assert.deepEqual(log2.pageErrors, []);
    } finally {
      await c2.close();
    }
  } finally {
    await server.close();
  }
});

test('ibid.inline.js leaves the wasm alone until quotes arrive, then enhances them (observe)', async () => {
  const site = path.join(tmp, 'late');
  await mkdir(site, { recursive: true });
  await copyFile(inlinePath, path.join(site, 'ibid.inline.js'));
  await writeFile(path.join(site, 'late.html'), page('<script src="ibid.inline.js" defer></script>', '<article><p>No quotes yet.</p></article>'));
  const server = await startServer(site);
  try {
    const { context, page: p, log } = await openPage(browser, server.origin);
    try {
      await p.addInitScript(() => {
        window.__wasmCompiles = 0;
        for (const k of ['instantiate', 'compile', 'instantiateStreaming', 'compileStreaming']) {
          const f = WebAssembly[k];
          WebAssembly[k] = function (...a) {
            window.__wasmCompiles++;
            return f.apply(this, a);
          };
        }
      });
      await p.goto(server.origin + '/late.html', { waitUntil: 'networkidle' });
      await p.waitForTimeout(200);
      assert.deepEqual(await p.evaluate(() => [window.__wasmCompiles, document.adoptedStyleSheets.length]), [0, 0], 'no quotes: no wasm, no styles');
      await p.evaluate((html) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        document.querySelector('article').append(...t.content.querySelector('article').childNodes);
      }, ARTICLE);
      assert.equal((await waitForReady(p, log)).quoteCount, 2);
      assert.deepEqual((await summary(p)).cards, ['Telegram', 'Letter']);
      assert.equal(await p.evaluate(() => window.__wasmCompiles), 1);
      clean(log);
    } finally {
      await context.close();
    }
  } finally {
    await server.close();
  }
});

// ---- the npm README keeps the project README's tables

test('pkg-config/README.md has every row of README’s options, events, author and theming tables', async () => {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const npm = (await readFile(path.join(repoRoot, 'pkg-config/README.md'), 'utf8')).split('\n');
  for (const heading of ['### Options', '### Events', '## Author control without code', '## Theming']) {
    const start = readme.indexOf(heading + '\n');
    assert.ok(start >= 0, `README has ${heading}`);
    const section = readme.slice(start).split('\n').slice(1);
    const rows = section.slice(section.findIndex((l) => l.startsWith('|'))).filter((l, i, a) => a.slice(0, i + 1).every((x) => x.startsWith('|')));
    assert.ok(rows.length > 2, `${heading} has a table`);
    for (const row of rows) assert.ok(npm.includes(row), `pkg-config/README.md lacks this row of README's ${heading}:\n${row}`);
  }
});
