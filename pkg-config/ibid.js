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
  try {
    const core = await import(here('./ibid_core.js'));
    await core.default({ module_or_path: here('./ibid_core_bg.wasm') });
    core.enhance(root);
  } catch (e) {
    css?.remove();
    console.warn('ibid: not enhancing this page: ' + ((e && e.message) || e));
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', run, { once: true });
} else {
  run();
}
