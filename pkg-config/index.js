// ibid's JavaScript API (the npm package's entry point).
//
//   import { init, enhance, parse, version } from 'ibid';
//   await init();                         // fetches ibid_core_bg.wasm from beside this file
//   const handle = enhance(article, { hoverDelay: 150 });
//   handle.refresh(); handle.destroy();
//
// `enhance` wraps the WebAssembly core's and adds `observe`: a MutationObserver
// that enhances quotes added to the root later (infinite scroll, late content).
import initCore, { initSync as initCoreSync, enhance as enhanceCore, parse as parseCore, version as coreVersion } from './ibid_core.js';

let ready = null;

/**
 * Fetches a URL of the core and checks it: a failed fetch, or a .wasm served
 * with another MIME type than application/wasm (hosted WordPress media, say),
 * throws with a message that says why and what to do, and nothing is changed.
 */
async function fetched(url, response) {
  const res = await (response || fetch(url));
  const where = res.url || String(url);
  const type = res.headers.get('content-type') || 'no type';
  const wasm = type.split(';')[0].trim() === 'application/wasm';
  if (!res.ok || !wasm) await res.body?.cancel();
  if (!res.ok) throw new Error(`could not fetch ${where}: HTTP ${res.status}`);
  if (!wasm) {
    throw new Error(`${where} is served as "${type}", not application/wasm: serve it so, or use ibid.inline.js`);
  }
  return initCore({ module_or_path: res });
}

/**
 * Loads the WebAssembly core (once). `input`: a URL (string or URL), a Response,
 * bytes or a Module, or a promise of one of these; none loads it from beside
 * ibid_core.js. A promised Response is checked as a URL's is (the loader passes
 * the .wasm's fetch, started before the modules load).
 */
export function init(input) {
  const load = async (input) => {
    if (typeof input?.then === 'function') {
      const value = await input;
      return typeof Response === 'function' && value instanceof Response
        ? fetched(value.url || 'ibid_core_bg.wasm', value)
        : initCore({ module_or_path: value });
    }
    const url = typeof input === 'string' || input instanceof URL;
    return url ? fetched(input) : initCore(input === undefined ? undefined : { module_or_path: input });
  };
  ready ??= load(input).catch((e) => {
    ready = null;
    throw e;
  });
  return ready;
}

/** Loads the core synchronously from bytes or a compiled WebAssembly.Module. */
export function initSync(module) {
  initCoreSync({ module });
  ready = Promise.resolve();
}

/** The package's version (the build writes it in from Cargo.toml; `coreVersion()` agrees after init). */
export const version = '__IBID_VERSION__';

/** Defaults of every option; `enhance(root, options)` merges `options` over these. */
export const defaults = Object.freeze({
  hoverDelay: 100,
  closeDelay: 250,
  sheetBreakpoint: 480,
  markers: Object.freeze(['note', 'literal', 'explanation', 'sic', 'uncertain', 'omission']),
  labels: Object.freeze({}),
  observe: true,
});

const observers = new WeakMap();

/**
 * Whether a mutation added or removed something ibid should look at: not
 * ibid's own elements, nor the author's that ibid moved into them (a long
 * post's cards are built after enhance() returns, with the observer on).
 */
const relevant = (records) =>
  records.some((r) =>
    [...r.addedNodes, ...r.removedNodes].some(
      (n) =>
        n.nodeType === 1 &&
        !n.hasAttribute('data-ibid-generated') &&
        !(n.isConnected && n.parentElement?.closest('[data-ibid-generated]')) &&
        (n.matches('blockquote, [data-ibid-quote]') || n.querySelector('blockquote, [data-ibid-quote]')),
    ),
  );

let broken = null;
const disable = (trap) => (broken ??= new Error('ibid: disabled after an internal error: ' + trap.message));
// A trap in a long post's later task (told by the core, dispatched on the root) turns ibid off too.
globalThis.document?.addEventListener(
  'ibid:error',
  (e) => {
    const error = e.detail?.error;
    if (error instanceof WebAssembly.RuntimeError) disable(error);
  },
  true,
);

/**
 * Runs a core call that changes `root`. Should the core stop dead (a trap:
 * a bug in ibid), it leaves no undo behind, so `root` is put back from a copy
 * made first in an inert document (where the author's images and handlers do
 * not run), one console error names ibid, `ibid:error` goes to the root,
 * and ibid stays off from then on. `call` gets the copying function: the core's
 * refresh calls it again once it has undone the cards, so that a trap while
 * rendering anew puts back the author's markup, not the cards of before.
 */
function guarded(root, call) {
  if (broken) throw broken;
  let copy;
  const take = () => (copy = document.implementation.createHTMLDocument('').importNode(root, true));
  take();
  try {
    return call(take);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      root.replaceChildren(...[...copy.childNodes].map((n) => document.adoptNode(n)));
      root.removeAttribute('data-ibid-enhanced');
      disable(e);
      // A trap inside a plan the core's own call asked for is told already (dom.js `failed`).
      if (!e.ibidTold) {
        console.error('ibid: internal error, the page is left as it was: ' + e.message);
        root.dispatchEvent(new CustomEvent('ibid:error', { bubbles: true, detail: { error: e } }));
      }
    }
    throw e;
  }
}

/**
 * Enhances the quoted documents under `root`. Returns `{ destroy(), refresh(), quotes }`.
 * Enhancing the same root again returns a handle to the same enhancement.
 */
export function enhance(root, options) {
  // An element of any window (an iframe's too), so not `instanceof Element`.
  if (root?.nodeType !== 1) throw new TypeError('ibid: enhance() takes an element (the post, or document.body), not ' + what(root));
  options ??= {};
  const o = { ...defaults, ...options, labels: { ...defaults.labels, ...(options.labels || {}) } };
  // Of another type than boolean (0, 'false'), observe keeps its default, as every option does.
  if (typeof o.observe !== 'boolean') o.observe = defaults.observe;
  const core = guarded(root, () => enhanceCore(root, o));
  let observer = observers.get(root);
  const handle = {
    get quotes() {
      return core.quotes;
    },
    refresh() {
      const o = observer;
      o?.disconnect();
      // Out of the registry while the core works: should it fail, the root is
      // as the author wrote it, and a new enhance() observes afresh, one from
      // an ibid:error handler (dispatched inside the call) too.
      if (o && observers.get(root) === o) observers.delete(root);
      observer = null;
      guarded(root, (take) => core.refresh(take));
      // Unless a page handler destroyed it, or enhanced it anew, meanwhile.
      if (o && root.hasAttribute('data-ibid-enhanced') && !observers.has(root)) {
        observer = o;
        o.takeRecords();
        o.observe(root, { childList: true, subtree: true });
        observers.set(root, o);
      }
    },
    destroy() {
      observer?.disconnect();
      observers.delete(root);
      observer = null;
      core.destroy();
    },
  };
  if (o.observe && !observer && typeof MutationObserver === 'function') {
    let timer = 0;
    observer = new MutationObserver((records) => {
      // Not after a long post's later task failed: what it took back is no
      // change of the page's (refreshing would fail again, and again).
      if (!root.hasAttribute('data-ibid-enhanced') || !relevant(records)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          handle.refresh();
        } catch {
          // The core has undone it and logged one ibid: error.
        }
      }, 50);
    });
    observer.observe(root, { childList: true, subtree: true });
    observers.set(root, observer);
  }
  return handle;
}

/** Parses an element or an HTML string into `{quotes, diagnostics}` (the same JSON as `ibid parse`). */
export function parse(rootOrHtml) {
  if (typeof rootOrHtml !== 'string' && rootOrHtml?.nodeType !== 1) {
    throw new TypeError('ibid: parse() takes an element or an HTML string, not ' + what(rootOrHtml));
  }
  // It reads the author's markup, and ibid's cards are none of it: an enhanced post would give no quotes.
  if (rootOrHtml.closest?.('[data-ibid-enhanced]')) {
    throw new Error('ibid: parse() of an enhanced post finds nothing: use the handle\'s quotes, or parse before enhance() or after destroy()');
  }
  return JSON.parse(parseCore(rootOrHtml));
}

/** What a wrong argument is, for the messages above: "null", "a number", "a Text node", "a document". */
const what = (v) =>
  v == null ? String(v) : v.nodeType === 9 ? 'a document' : v.nodeType ? `a ${v.constructor?.name || 'DOM'} node` : `a ${typeof v}`;
