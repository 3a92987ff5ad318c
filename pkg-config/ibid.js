// ibid embed loader: <script type="module" src=".../ibid/ibid.js"></script>
// Finds the post, and only if it quotes something loads the wasm core and the
// stylesheet from beside this file. On any failure the page is left as it was
// and one console.warn says why.
const here = (f) => new URL(f, import.meta.url);

async function run() {
  const root =
    ['article', '.entry-content', '.post-content', 'main']
      .map((s) => document.querySelector(s))
      .find(Boolean) || document.body;
  if (!root || !root.querySelector('blockquote')) return;
  // The stylesheet, unless the page already links it.
  const href = '' + here('./ibid.css');
  let css = null;
  if (![...document.querySelectorAll('link[rel~=stylesheet]')].some((l) => l.href === href)) {
    css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = href;
    css.dataset.ibid = '';
    document.head.append(css);
  }
  const why = (e) => (e && e.message) || e;
  let core;
  try {
    core = await import(here('./ibid_core.js'));
    await core.default({ module_or_path: here('./ibid_core_bg.wasm') });
  } catch (e) {
    css?.remove();
    console.warn('ibid: not enhancing this page: ' + why(e));
    return;
  }
  // A copy to put back should the core stop dead (a trap leaves no undo).
  const copy = root.cloneNode(true);
  try {
    core.enhance(root);
  } catch (e) {
    css?.remove();
    if (e instanceof WebAssembly.RuntimeError) {
      root.replaceChildren(...copy.childNodes);
      root.removeAttribute('data-ibid-enhanced');
      console.error('ibid: internal error, the page is left as it was: ' + why(e));
    }
    // Any other error: the core has undone its changes and logged one ibid: error.
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run, { once: true });
} else {
  run();
}
