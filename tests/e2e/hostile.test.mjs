// End-to-end: hostile markup in the browser, the counterpart of tests/hostile.rs.
// Deep nesting, huge posts (with a linear-time check), brackets gone wrong,
// invisible and right-to-left characters, lone surrogates from the DOM, and
// megabyte attributes. For every case: no exception, page error or console
// error; while enhanced the author's text is all still there, in order, and
// every quote's text is still in its blockquote; destroy() restores the
// markup exactly; and the WebAssembly memory's high-water mark is recorded
// (printed as a table at the end).
//
// Test pages: www/test/hostile/*.html (small, hand-written; the big content is
// built by their scripts) and www/test/hostile/hostile.js (the in-page runner).
// The big pages (5 MB and 10 MB posts, 10,000-deep markup) are generated here
// and served through the browser context (page.route), never written to disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './helpers.mjs';

let server, browser;
const table = []; // { case, quotes, notes, enhanceMs, destroyMs, memoryMB }
const MEMORY_LIMIT_MB = 256;
const show = (v) => JSON.stringify(v, null, 1);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  const rows = table.map((r) => [
    r.case,
    String(r.quotes ?? '–'),
    String(r.notes ?? '–'),
    r.enhanceMs.join(' / '),
    r.readyMs.join(' / '),
    r.destroyMs.join(' / '),
    r.memoryAtInitMB.toFixed(2),
    r.memoryAfterMB.toFixed(2),
  ]);
  const head = ['case', 'quotes', 'notes', 'enhance() ms', 'ibid:ready ms', 'destroy ms', 'wasm MB at init', 'wasm MB after'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(['', 'hostile markup: enhance/destroy times and WebAssembly memory (high-water mark)', line(head), ...rows.map(line)].join('\n'));
});

// ------------------------------------------------------------------ pages

const SCRIPT = `<link rel="stylesheet" href="/ibid/ibid.css">
<script type="module">import * as hostile from '/test/hostile/hostile.js'; window.hostile = hostile;</script>`;

const shell = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>${SCRIPT}</head><body>${body}</body></html>`;

const QUOTE =
  '<blockquote><p>The bolsheviks’ [lit. maximalists’ – ed.] strength.</p></blockquote>' +
  '<p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, p. 180.</p>';

/** tests/common/mod.rs's generated_post(n), byte for byte, with the runner in <head>. */
function generatedPost(n) {
  let html =
    '<!doctype html><html lang=en><head><meta charset=utf-8><title>Generated</title></head><body>' +
    '<article class="post"><div class="entry-content">';
  for (let i = 0; i < n; i++) {
    const day = (i % 28) + 1;
    html +=
      `<p>The author introduces document ${i}, which arrived late, as so often with the telegrams of that ` +
      'winter: the lines through Siberia were cut, and the embassy’s messages waited weeks in Harbin.</p>\n' +
      '<blockquote><p>Recently the bolsheviks’ [lit. maximalists’ – ed.] strength has grown further; ' +
      'Commander-in-Chief Dukhonin [N.N. Dukhonin – ed.] refused the order of the government. ' +
      'I fear an uprising is imminent. The ministers have left the capital and the treasury is closed. ' +
      `Please await further news, number ${i}.</p></blockquote>\n`;
    html +=
      i % 10 === 0
        ? `<p>Telegram from Liu Jingren to the Foreign Ministry, ${day} December 1917 (sent ${day} November). ` +
          `Zhong-e guanxi shiliao, E zhengbian yu yiban jiaoshe (1), pp. ${100 + i}-${101 + i}.</p>\n`
        : `<p>Telegram from Liu Jingren, ${day} December 1917 (sent ${day} November). Ibid., p. ${100 + i}.</p>\n`;
    html +=
      '<p>The author comments on it: the news was already three weeks old when it reached Beijing, and the ' +
      'ministry could do little but wait for the next telegram, as the Allies in Petrograd did too.</p>\n' +
      '<div class="wp-caption"><img src="data:," alt=""><p class="wp-caption-text">The Winter Palace. Source.</p></div>\n';
  }
  html += '</div></article></body></html>';
  return html.replace('</head>', SCRIPT + '</head>');
}

/**
 * Opens `path` (a file under www/, or a generated page when `html` is given,
 * served at that path through the context), waits for the runner, runs
 * `fn(page)`, and returns its result with the page's log. The context is closed after.
 */
async function onPage(path, fn, html) {
  const { context, page, log } = await openPage(browser, server.origin);
  try {
    if (html !== undefined) {
      await page.route(server.origin + path, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
    }
    await page.goto(server.origin + path, { timeout: 60_000 });
    await page.waitForFunction(() => window.hostile, null, { timeout: 60_000 });
    const result = await fn(page);
    return { result, log };
  } finally {
    await context.close();
  }
}

/** Runs the in-page runner on the element `selector` (or the first <article>). */
const runOn = (page, selector, opts = {}) =>
  page.evaluate(
    ({ selector, opts }) => window.hostile.run(selector ? document.querySelector(selector) : document.querySelector('article'), opts),
    { selector, opts },
  );

/** The checks every case shares; `name` goes into messages and the table. */
function common(name, report, log) {
  assert.deepEqual(report.errors, [], `${name}: errors: ${show(report.errors)}`);
  assert.deepEqual(log.pageErrors, [], `${name}: page errors: ${show(log.pageErrors)}`);
  assert.deepEqual(log.consoleErrors, [], `${name}: console errors: ${show(log.consoleErrors)}`);
  assert.equal(report.restored, true, `${name}: destroy() restored the markup: ${report.restored}`);
  assert.equal(report.textKept, true, `${name}: the author's text while enhanced equals the text before: ${show(report.textDiff)}`);
  assert.equal(report.quotesLost.count, 0, `${name}: quotes whose text left their blockquote: ${show(report.quotesLost)}`);
  assert.equal(report.noteSpans.bad, 0, `${name}: note spans that are not exactly [bracketed]: ${show(report.noteSpans)}`);
  assert.equal(report.dom.enhancedMark, true, `${name}: the root is marked enhanced: ${show(report.dom)}`);
  if (report.parseAgrees !== undefined) {
    assert.equal(report.parseAgrees, true, `${name}: parse(root) after destroy() gives the handle's ${report.quotes} quotes: ${report.parseAgrees}`);
  }
}

function record(name, report, t) {
  table.push({ case: name, ...report });
  t.diagnostic(
    `${name}: quotes ${report.quotes}, notes ${report.notes} ${JSON.stringify(report.noteKinds)}, dom ${JSON.stringify(report.dom)}, ` +
      `enhance ${report.enhanceMs.join('/')} ms, ibid:ready after ${report.readyMs.join('/')} ms, destroy ${report.destroyMs.join('/')} ms, wasm ${report.memoryAtInitMB} → ${report.memoryAfterMB} MB, ` +
      `JS heap ${report.jsHeapMB} MB, diagnostics ${report.diagnostics} ${JSON.stringify(report.diagnosticsSample ?? [])}`,
  );
}

// ------------------------------------------------------------------ 1. deep nesting

for (const tag of ['div', 'span', 'em', 'blockquote']) {
  test(`1. 10,000 nested <${tag}> in the markup (the parser may flatten) around a quote`, { timeout: 120_000 }, async (t) => {
    const html = shell(`ibid test: 10,000 nested ${tag}`, `<article id="root">${`<${tag}>`.repeat(10_000)}${QUOTE}${`</${tag}>`.repeat(10_000)}</article>`);
    const { result, log } = await onPage(`/test/hostile/generated-nested-${tag}.html`, async (page) => {
      const parsed = await page.evaluate(() => {
        const bq = document.querySelector('#root blockquote:not(:has(blockquote))');
        return { depth: window.hostile.depthOf(bq), quoteText: bq.textContent, elements: document.querySelectorAll('#root *').length };
      });
      return { parsed, report: await runOn(page, '#root') };
    }, html);
    const { parsed, report } = result;
    // Chromium's parser stops nesting at 512 levels: deeper elements become
    // siblings, so the blockquote may end up empty, its paragraph beside it.
    t.diagnostic(`<${tag}>: the parser put the innermost blockquote ${parsed.depth} elements deep, its text ${JSON.stringify(parsed.quoteText)}`);
    record(`1 parsed <${tag}>×10k (depth ${parsed.depth})`, report, t);
    common(`parsed <${tag}>`, report, log);
    if (tag !== 'blockquote') {
      const expected = parsed.quoteText.trim() ? 1 : 0;
      assert.equal(report.quotes, expected, `<${tag}>: quotes (blockquote text ${JSON.stringify(parsed.quoteText)}): ${show(report.sample)}`);
      assert.equal(report.dom.cards, expected, `<${tag}>: cards: ${show(report.dom)}`);
    }
  });
}

for (const [tag, depth, hidden] of [
  ['div', 2_000, false],
  ['div', 10_000, true],
  ['span', 10_000, true],
  ['em', 10_000, true],
]) {
  const where = hidden ? 'in a hidden root' : 'visible';
  test(`1. ${depth} nested <${tag}> built by script (real depth, ${where}) around a quote`, { timeout: 120_000 }, async (t) => {
    const { result, log } = await onPage(`/test/hostile/nested.html?tag=${tag}&depth=${depth}${hidden ? '&hidden' : ''}`, async (page) => ({
      built: await page.evaluate(() => window.built),
      report: await runOn(page, '#root'),
    }));
    const { built, report } = result;
    record(`1 scripted <${tag}> depth ${built.depth}${hidden ? ' hidden' : ''}`, report, t);
    assert.deepEqual(built, { tag, hidden, depth }, `the blockquote is ${depth} elements deep: ${show(built)}`);
    common(`scripted <${tag}>`, report, log);
    assert.equal(report.quotes, 1, `scripted <${tag}>: one quote: ${show(report.sample)}`);
    assert.deepEqual(report.noteKinds, { literal: 1 }, `scripted <${tag}>: the note: ${show(report.sample)}`);
    assert.equal(report.dom.cards, 1, `scripted <${tag}>: one card: ${show(report.dom)}`);
    if (!hidden) assert.equal(report.firstQuoteVisible, true, 'the quote is visible while enhanced');
  });
}

// ------------------------------------------------------------------ 2. big posts

const timings = {};
for (const [n, repeat] of [
  [250, 3],
  [2000, 3],
  [5000, 1],
  [10000, 1],
]) {
  test(`2. a generated post with ${n} quotes and ${2 * n} notes`, { timeout: 180_000 }, async (t) => {
    const html = generatedPost(n);
    t.diagnostic(`${n} quotes: ${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB of HTML`);
    if (n === 5000) assert.ok(Buffer.byteLength(html) > 4_500_000, `a ~5 MB post: ${Buffer.byteLength(html)} bytes`);
    const { result: report, log } = await onPage(`/test/hostile/generated-post-${n}.html`, (page) =>
      runOn(page, 'article', { repeat, compare: n <= 2000 }),
    html);
    // Until ibid:ready: a long post's last cards are built after enhance() returns.
    timings[n] = Math.min(...report.readyMs);
    record(`2 post ${n} quotes`, report, t);
    common(`${n} quotes`, report, log);
    assert.equal(report.quotes, n, `every quote found: ${report.quotes}`);
    assert.deepEqual(report.noteKinds, { literal: n, note: n }, `every note found: ${show(report.noteKinds)}`);
    assert.deepEqual(
      { cards: report.dom.cards, markers: report.dom.markers, cites: report.dom.cites },
      { cards: n, markers: 2 * n, cites: n },
      `cards, markers, citation buttons: ${show(report.dom)}`,
    );
    assert.equal(report.sample[1]?.source?.ibid, true, `the second quote's Ibid.: ${show(report.sample[1])}`);
    assert.equal(report.sample[1]?.source?.title, 'Zhong-e guanxi shiliao, E zhengbian yu yiban jiaoshe', `Ibid. resolved: ${show(report.sample[1])}`);
    assert.equal(report.firstQuoteVisible, true, 'the first quote is visible while enhanced');
    if (n === 10000) {
      assert.ok(report.memoryAfterMB < MEMORY_LIMIT_MB, `wasm memory after 10,000 quotes: ${report.memoryAfterMB} MB (limit ${MEMORY_LIMIT_MB})`);
    }
  });
}

test('2. enhancing time grows roughly linearly (8× the quotes, under 32× the time)', () => {
  assert.ok(timings[250] && timings[2000], `both timings measured: ${show(timings)}`);
  const ratio = timings[2000] / timings[250];
  const line = `enhance() to ibid:ready (best of 3): 250 quotes ${timings[250]} ms, 2,000 quotes ${timings[2000]} ms, ratio ${ratio.toFixed(1)}; ` +
    `5,000 quotes ${timings[5000]} ms, 10,000 quotes ${timings[10000]} ms`;
  console.log(line);
  assert.ok(ratio < 32, `time ratio for 8× the quotes: ${ratio.toFixed(1)} (${line})`);
});

// ------------------------------------------------------------------ 3. brackets

test('3. brackets gone wrong, notes in links and across <em>', { timeout: 120_000 }, async (t) => {
  const ids = ['deep', 'stray', 'unclosed', 'mixed', 'open-100k', 'x-5000', 'x-20k', 'links'];
  const { result, log } = await onPage('/test/hostile/brackets.html', async (page) => {
    const reports = {};
    for (const id of ids) reports[id] = await runOn(page, `#${id}`);
    return reports;
  });
  for (const id of ids) {
    const report = result[id];
    record(`3 brackets #${id}`, report, t);
  }
  for (const id of ids) {
    common(`brackets #${id}`, result[id], log);
    assert.ok(result[id].quotes <= 1, `#${id}: one quote at most: ${result[id].quotes}`);
  }
  assert.equal(result['x-20k'].notes, 20_000, `[x]×20,000: every note: ${show(result['x-20k'].noteKinds)}`);
  assert.equal(result['x-20k'].dom.insertions, 20_000, `[x]×20,000: every insertion inline: ${show(result['x-20k'].dom)}`);
  // Many notes in one text node: 4× the notes should take under 8× the time (quadratic would be 16×).
  const [small, big] = [result['x-5000'], result['x-20k']];
  const ratio = (big.enhanceMs[0] / small.enhanceMs[0]).toFixed(1);
  const destroyRatio = (big.destroyMs[0] / Math.max(small.destroyMs[0], 0.1)).toFixed(1);
  const line = `[x]×5,000 in one text node: enhance ${small.enhanceMs[0]} ms, destroy ${small.destroyMs[0]} ms; ` +
    `[x]×20,000: enhance ${big.enhanceMs[0]} ms, destroy ${big.destroyMs[0]} ms; ratios for 4× the notes: ${ratio} and ${destroyRatio}`;
  console.log(line);
  assert.ok(ratio < 8, `enhance time for 4× the notes in one text node: ${line}`);
  assert.ok(destroyRatio < 8, `destroy time for 4× the notes in one text node: ${line}`);
  const links = result.links;
  assert.deepEqual(links.sample[0]?.notes.map((n) => n.kind), ['note', 'literal', 'explanation'], `notes through links and emphasis: ${show(links.sample)}`);
  assert.deepEqual(
    { markers: links.dom.markers, afterLink: links.dom.afterLink, cards: links.dom.cards },
    { markers: 3, afterLink: 1, cards: 1 },
    `three markers, the link's after it, one card: ${show(links.dom)}`,
  );
});

// ------------------------------------------------------------------ 4. invisible, bidi, RTL, emoji

test('4. zero-width and bidi controls, Hebrew and Arabic, emoji ZWJ sequences', { timeout: 60_000 }, async (t) => {
  const { result: report, log } = await onPage('/test/hostile/bidi.html', (page) => runOn(page, '#root'));
  record('4 bidi/RTL/emoji', report, t);
  common('bidi', report, log);
  assert.equal(report.quotes, 2, `two quotes: ${show(report.sample)}`);
  const [first, second] = report.sample;
  assert.deepEqual(first.notes.map((n) => n.kind), ['literal', 'uncertain', 'note'], `notes among invisible characters: ${show(first.notes)}`);
  assert.equal(first.notes[2].text, JSON.stringify('🙂'), `the emoji note's text: ${first.notes[2].text}`);
  assert.equal(first.date, '1917-11-27', `no-break spaces are spaces: ${show(first)}`);
  assert.deepEqual(second.notes.map((n) => n.kind), ['literal', 'sic'], `notes in right-to-left text: ${show(second.notes)}`);
  assert.deepEqual([second.kind, second.from, second.to], ['letter', 'Ahmad', 'Moshe'], `the RTL quote's attribution: ${show(second)}`);
});

// ------------------------------------------------------------------ 5. lone surrogates

let surrogates = null;
test('5. lone surrogates in DOM text nodes: no error, the notes are found, the text stays', { timeout: 60_000 }, async (t) => {
  surrogates = await onPage('/test/hostile/surrogates.html', (page) => runOn(page, '#root'));
  const { result: report, log } = surrogates;
  record('5 lone surrogates', report, t);
  t.diagnostic(`lone surrogates: ${show({ errors: report.errors, sample: report.sample, noteSpans: report.noteSpans, restored: report.restored })}`);
  assert.deepEqual(report.errors.filter((e) => !e.includes('not restore') && !e.includes('not restored')), [], `errors: ${show(report.errors)}`);
  assert.deepEqual(log.pageErrors, [], `page errors: ${show(log.pageErrors)}`);
  assert.deepEqual(log.consoleErrors, [], `console errors: ${show(log.consoleErrors)}`);
  assert.equal(report.quotes, 1, `one quote: ${show(report.sample)}`);
  assert.deepEqual(report.sample[0].notes.map((n) => n.kind), ['sic', 'literal'], `the notes beside lone surrogates: ${show(report.sample[0].notes)}`);
  assert.equal(report.textKept, true, `the author's text while enhanced equals the text before: ${show(report.textDiff)}`);
  assert.equal(report.quotesLost.count, 0, `quotes whose text left their blockquote: ${show(report.quotesLost)}`);
  assert.equal(report.noteSpans.bad, 0, `note spans: ${show(report.noteSpans)}`);
});

test('5. lone surrogates in DOM text nodes: destroy() restores them exactly', () => {
  assert.ok(surrogates, 'the page ran');
  const { result: report } = surrogates;
  assert.deepEqual(report.errors, [], `restoring lone surrogates: ${show(report.errors)}`);
  assert.equal(report.restored, true, `restored: ${report.restored}`);
});

// ------------------------------------------------------------------ 6. megabyte attributes

test('6. 1 MB class, data-ibid-kind, data-ibid-source, title and style on root, blockquote and attribution', { timeout: 60_000 }, async (t) => {
  const { result: report, log } = await onPage('/test/hostile/attributes.html', (page) => runOn(page, '#root'));
  record('6 1 MB attributes', report, t);
  t.diagnostic(`1 MB attributes: ${show(report.sample)}`);
  common('1 MB attributes', report, log);
  assert.equal(report.quotes, 1, `the quote is found: ${show(report.sample)}`);
  assert.deepEqual(report.noteKinds, { sic: 1 }, `its note: ${show(report.noteKinds)}`);
  assert.ok(report.memoryAfterMB < MEMORY_LIMIT_MB, `wasm memory: ${report.memoryAfterMB} MB`);
});
