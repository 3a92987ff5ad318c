// The in-page half of tests/e2e/hostile.test.mjs: loads ibid's API, then
// `run(root)` enhances a root, checks that the post stays readable while
// enhanced and that destroy() puts it back exactly, and reports what it saw
// (counts, timings, the WebAssembly memory's size).
import { init, enhance, parse } from '/ibid/index.js';

const out = await init('/ibid/ibid_core_bg.wasm');
const MB = 1024 * 1024;

/** The WebAssembly memory's size in bytes (it only grows: the high-water mark). */
export const memory = () => out.memory.buffer.byteLength;
export const memoryMB = () => +(memory() / MB).toFixed(2);
export const memoryAtInit = memory();

/** How many elements lie between `node` and `root` (0: a child of root). */
export function depthOf(node, root = document.getElementById('root')) {
  let d = 0;
  for (let at = node?.parentElement; at && at !== root; at = at.parentElement) d++;
  return d;
}

/** Text of every text node under `root` that ibid did not create, in document order. */
function authorText(root, own) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!own.has(n)) parts.push(n.data);
  return parts.join('');
}

/**
 * Without white space: a card moves the blockquote and the attribution
 * into a <figure>, and the white space between them (not part of either)
 * stays where it was, after the card.
 */
const withoutSpace = (text) => text.replace(/\s+/g, '');

/** A short, printable excerpt (lone surrogates shown as \\udXXX by JSON.stringify). */
const clip = (s, n = 80) => (typeof s === 'string' && s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);

/** Where two strings first differ, with context. */
function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return {
    at: i,
    lengths: [a.length, b.length],
    before: JSON.stringify(a.slice(Math.max(0, i - 40), i + 40)),
    after: JSON.stringify(b.slice(Math.max(0, i - 40), i + 40)),
  };
}

const OPEN = '[［〔【﹝';
const CLOSE = ']］〕】﹞';

/** A JSON-safe summary of a parsed quote (long values clipped). */
function summarise(q) {
  return {
    kind: clip(q.kind),
    from: clip(q.from),
    to: clip(q.to),
    date: q.date,
    sent: q.sent,
    source: q.source && { title: clip(q.source.title), volume: clip(q.source.volume), pages: clip(q.source.pages), ibid: q.source.ibid },
    notes: q.notes.slice(0, 6).map((n) => ({ kind: n.kind, text: JSON.stringify(clip(n.text, 40)) })),
    noteCount: q.notes.length,
    text: JSON.stringify(clip(q.text, 120)),
  };
}

/**
 * Enhances `root` `repeat` times (destroying after each) and reports.
 * `compare`: also check that the handle's quotes equal parse(root)'s.
 */
export async function run(root, { repeat = 1, options = {}, compare = true } = {}) {
  const report = { memoryAtInitMB: +(memoryAtInit / MB).toFixed(2), memoryBeforeMB: memoryMB(), enhanceMs: [], readyMs: [], destroyMs: [], errors: [] };
  const htmlBefore = root.outerHTML;
  const textBefore = root.textContent;
  const quotesBefore = [...root.querySelectorAll('blockquote')].map((bq) => ({ bq, text: bq.textContent }));
  const textNodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) textNodes.push([n, n.data]);
  report.input = { htmlChars: htmlBefore.length, textChars: textBefore.length, blockquotes: quotesBefore.length, textNodes: textNodes.length };

  let quotesJson = null;
  for (let round = 0; round < repeat; round++) {
    // ibid's own words are made with createTextNode: record those nodes, so
    // that everything else is the author's text (moved or split, never re-made).
    const own = new Set();
    const createTextNode = Document.prototype.createTextNode;
    Document.prototype.createTextNode = function (data) {
      const node = createTextNode.call(this, data);
      own.add(node);
      return node;
    };
    let handle = null;
    // A long post's cards out of view are built in the tasks after enhance()
    // returns; ibid:ready comes after the last.
    let readyAt = 0;
    const ready = new Promise((resolve) =>
      root.addEventListener('ibid:ready', () => resolve((readyAt = performance.now())), { once: true }),
    );
    const t0 = performance.now();
    try {
      handle = enhance(root, options);
      report.enhanceMs.push(+(performance.now() - t0).toFixed(1));
      // A guard against a hang, not a budget: a 10,000-quote post (9.5 MB) takes
      // about 37 s on a quiet 2-core machine, as the browser lays out the whole
      // page between the building tasks, and failed at 60 s beside two builds.
      if (handle) await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 120_000))]);
    } catch (e) {
      report.errors.push(`enhance threw: ${e && e.stack ? e.stack : e}`);
    } finally {
      Document.prototype.createTextNode = createTextNode;
    }
    if (!handle) break;
    if (!readyAt) report.errors.push('no ibid:ready within 120 s');
    report.readyMs.push(+(readyAt - t0).toFixed(1));

    if (round === 0) {
      const quotes = handle.quotes || [];
      const kinds = {};
      for (const q of quotes) for (const n of q.notes) kinds[n.kind] = (kinds[n.kind] || 0) + 1;
      report.quotes = quotes.length;
      report.notes = quotes.reduce((s, q) => s + q.notes.length, 0);
      report.noteKinds = kinds;
      report.sample = quotes.slice(0, 2).map(summarise);
      if (compare) quotesJson = JSON.stringify(quotes);
      report.dom = {
        enhancedMark: root.hasAttribute('data-ibid-enhanced'),
        cards: root.querySelectorAll('figure.ibid-card').length,
        markers: root.querySelectorAll('.ibid-marker').length,
        insertions: root.querySelectorAll('.ibid-insertion').length,
        afterLink: root.querySelectorAll('.ibid-note--after-link').length,
        cites: root.querySelectorAll('.ibid-cite').length,
        popups: root.querySelectorAll('.ibid-popup').length,
      };
      // Every note's author text is exactly its bracketed span (UTF-16 offsets right).
      const bad = [];
      let checked = 0;
      for (const el of root.querySelectorAll('.ibid-note__text, .ibid-note__kept, .ibid-insertion')) {
        checked++;
        const t = el.textContent.trim();
        if (!(OPEN.includes(t[0]) && CLOSE.includes(t[t.length - 1]))) bad.push(JSON.stringify(clip(el.textContent, 60)));
      }
      report.noteSpans = { checked, bad: bad.length, examples: bad.slice(0, 3) };
      // The page stays readable: the author's text, in order, is all still there...
      const textWhile = withoutSpace(authorText(root, own));
      report.textKept = textWhile === withoutSpace(textBefore);
      if (!report.textKept) report.textDiff = firstDiff(withoutSpace(textBefore), textWhile);
      // ...and every quote's text is still in its (connected) blockquote.
      const lost = [];
      for (const [i, { bq, text }] of quotesBefore.entries()) {
        if (!bq.isConnected || !root.contains(bq)) lost.push({ quote: i, connected: bq.isConnected });
        else if (authorText(bq, own) !== text) lost.push({ quote: i, diff: firstDiff(text, authorText(bq, own)) });
      }
      report.quotesLost = { count: lost.length, examples: lost.slice(0, 3) };
      const firstQuote = quotesBefore[0]?.bq;
      report.firstQuoteVisible = firstQuote ? firstQuote.checkVisibility() && firstQuote.getClientRects().length > 0 : null;
      report.memoryEnhancedMB = memoryMB();
    }

    const t1 = performance.now();
    try {
      handle.destroy();
    } catch (e) {
      report.errors.push(`destroy threw: ${e && e.stack ? e.stack : e}`);
    }
    report.destroyMs.push(+(performance.now() - t1).toFixed(1));
    const htmlAfter = root.outerHTML;
    if (htmlAfter !== htmlBefore) {
      report.errors.push(`round ${round}: destroy() did not restore the markup: ${JSON.stringify(firstDiff(htmlBefore, htmlAfter))}`);
    }
    const changed = textNodes.filter(([n, data]) => n.data !== data || !root.contains(n));
    if (changed.length) {
      report.errors.push(
        `round ${round}: ${changed.length} author text nodes not restored, e.g. ${changed
          .slice(0, 3)
          .map(([n, data]) => `${JSON.stringify(clip(data, 40))} → ${JSON.stringify(clip(n.data, 40))}${root.contains(n) ? '' : ' (detached)'}`)
          .join('; ')}`,
      );
    }
    report.restored = htmlAfter === htmlBefore && changed.length === 0;
  }
  if (compare && !report.errors.length) {
    const parsed = parse(root);
    report.diagnostics = parsed.diagnostics.length;
    report.diagnosticsSample = parsed.diagnostics.slice(0, 2).map((d) => clip(d.message, 60));
    report.parseAgrees = JSON.stringify(parsed.quotes) === quotesJson;
  }
  report.memoryAfterMB = memoryMB();
  report.jsHeapMB = performance.memory ? +(performance.memory.usedJSHeapSize / MB).toFixed(1) : null;
  return report;
}
