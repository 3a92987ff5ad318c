// ibid's embed loader: <script type="module" src=".../ibid/ibid.js"></script>,
// or a classic <script src=".../ibid/ibid.js" defer></script> as embed snippets
// are usually pasted: it runs either way (it holds no module syntax, which a
// classic script cannot parse; all in one function, so it adds no globals).
// Finds the post; only if it quotes something does it load the WebAssembly core
// and the stylesheet from beside this file. Options come from the script tag's
// data attributes (data-root, data-hover-delay, data-close-delay,
// data-sheet-breakpoint, data-markers, data-labels, data-observe).
// On any failure the page is left as it was and one console message says why.
(() => {
// This file's URL: a classic script's own tag (read through Document's own
// getter: an <img name="currentScript"> in a comment would stand in for
// document.currentScript and point the loader at another folder's code), else,
// as a module (which has no currentScript), the URL of the first frame in the
// stack of an error made here. Without either (a page that sets
// Error.stackTraceLimit = 0) nothing is loaded.
const me = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript').get.call(document);
const ownUrl = me ? me.src : /(?:https?|file):\/\/\S+?(?=:\d+:\d+\)?$)/m.exec(new Error().stack)?.[0];
const here = (f) => new URL(f, ownUrl);
const DEFAULT_ROOTS = ['article', '.entry-content', '.post-content', 'main'];
// Document's own querySelectorAll: markup such as <img name="querySelectorAll">
// in a comment that arrives later cannot stand in for it.
const all = (s) => [...Document.prototype.querySelectorAll.call(document, s)];

function settings() {
  const script = all('script[src]').find((s) => s.src === ownUrl);
  const d = (script && script.dataset) || {};
  const o = {};
  // data-hover-delay, data-close-delay, data-sheet-breakpoint: numbers.
  for (const k of ['hoverDelay', 'closeDelay', 'sheetBreakpoint']) {
    if (d[k] !== undefined && d[k].trim() !== '' && Number.isFinite(+d[k])) o[k] = +d[k];
  }
  if (d.markers !== undefined) o.markers = d.markers.split(/[\s,]+/).filter(Boolean);
  if (d.observe !== undefined) o.observe = !/^(false|off|no|0)$/i.test(d.observe.trim());
  if (d.labels) {
    try {
      const labels = JSON.parse(d.labels);
      if (labels && typeof labels === 'object') o.labels = labels;
    } catch {
      console.warn('ibid: data-labels is not JSON');
    }
  }
  return { selectors: d.root ? [d.root] : DEFAULT_ROOTS, options: o };
}

/**
 * Every element of the first selector that matches, leaving out ones inside
 * another (in linear time: a theme may make every comment an <article>); with
 * none, the body, but not for a data-root of the blog's own (a theme's archive
 * pages may have no such element: nothing to enhance).
 */
function roots(selectors) {
  for (const s of selectors) {
    let found;
    try {
      found = all(s);
    } catch {
      console.warn('ibid: data-root is not a valid selector: ' + s);
      watcher?.disconnect();
      return [];
    }
    if (found.length) return found.filter((el) => !el.parentElement?.closest(s));
  }
  return selectors !== DEFAULT_ROOTS || !document.body ? [] : [document.body];
}

const quotes = (el) => !!el.querySelector('blockquote');
let loading = null;
let settled = null;
// The page-wide MutationObserver (watch()), disconnected when nothing more can be enhanced.
let watcher = null;
// The roots enhanced so far (each enhance() watches its own root for quotes
// added later); a root inside or around one of them is left to that one.
let done = [];
const why = (e) => (e && e.message) || e;
// Whatever goes wrong (markup in a comment such as <img name="querySelectorAll">
// shadows the document's own methods), one ibid: message, nothing uncaught.
const start = () => run().catch((e) => console.warn('ibid: not enhancing this page: ' + why(e)));

// The three files the core needs are requested at once, not one after another:
// the .wasm's download (and streaming compilation) overlaps the modules' loading.
async function load() {
  const wasm = fetch(here('./ibid_core_bg.wasm'));
  wasm.catch(() => {}); // Reported by init() below.
  const [api] = await Promise.all([import(here('./index.js')), import(here('./ibid_core.js'))]);
  await api.init(wasm);
  return api;
}

async function run() {
  const { selectors, options } = settled;
  done = done.filter((r) => r.isConnected);
  const todo = roots(selectors).filter((r) => quotes(r) && !done.some((d) => d.contains(r) || r.contains(d)));
  if (!todo.length) return;
  done.push(...todo);
  // The stylesheet, unless the page links it already (WordPress adds ?ver=…).
  const href = '' + here('./ibid.css');
  let css = null;
  if (!all('link[rel~=stylesheet]').some((l) => l.href.split(/[?#]/)[0] === href)) {
    css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = href;
    css.dataset.ibid = '';
    document.head.append(css);
  }
  let api;
  try {
    api = await (loading ??= load());
  } catch (e) {
    css?.remove();
    // Once: nothing on this page can be enhanced now.
    watcher?.disconnect();
    console.warn('ibid: not enhancing this page: ' + why(e));
    return;
  }
  let failed = false;
  for (const root of todo) {
    try {
      api.enhance(root, options);
    } catch {
      // The core has undone its changes (or the API module put the post back
      // after an internal error) and logged one ibid: error; the other roots
      // are enhanced all the same.
      failed = true;
    }
  }
  if (failed && !all('[data-ibid-enhanced]').length) css?.remove();
}

/**
 * Unless data-observe is off: quotes that come later (a post loaded late, an
 * infinite scroll that appends the next post beside the first) are enhanced
 * then. Within an enhanced root its own observer does that; this one looks
 * for roots not enhanced yet, once the additions pause.
 */
function watch() {
  if (settled.options.observe === false || typeof MutationObserver !== 'function' || !document.body) return;
  let timer = 0;
  // Not for what is added inside an enhanced root (ibid's own cards, too).
  const news = (n) => n.nodeType === 1 && !done.some((d) => d.contains(n)) && (n.localName === 'blockquote' || quotes(n));
  watcher = new MutationObserver((records) => {
    try {
      if (!records.some((r) => [...r.addedNodes].some(news))) return;
    } catch {
      // A node whose methods the markup shadows (<input name="querySelector"> in a form): look anyway.
    }
    clearTimeout(timer);
    timer = setTimeout(start, 50);
  });
  watcher.observe(document.body, { childList: true, subtree: true });
}

const begin = () => {
  try {
    settled = settings();
    watch();
  } catch (e) {
    console.warn('ibid: not enhancing this page: ' + why(e));
    return;
  }
  start();
};

if (!ownUrl) {
  console.warn('ibid: not enhancing this page: no URL for ibid.js');
} else if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', begin, { once: true });
} else {
  begin();
}
})();
