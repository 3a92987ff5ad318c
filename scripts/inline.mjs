#!/usr/bin/env node
// Writes ibid.inline.js: the embed as one file, for hosts that cannot serve
// .wasm files or their MIME type (media uploads on hosted WordPress) and for
// pages opened from file://.
//
//   node scripts/inline.mjs [--out pkg/ibid.inline.js]     (run by `make build`)
//
// It is a classic script, not an ES module: Chromium refuses module scripts
// from file:// (CORS), while `<script src="ibid.inline.js" defer>` runs from
// file:// and from any path. It holds no import, export or import.meta, so
// `<script type="module" src=…>` runs it too.
//
// Inside, in one function scope: the wasm-bindgen glue (pkg/ibid_core.js) and
// the API module (pkg-config/index.js), each turned into a function returning
// its exports; the wasm as base64; the stylesheet as a string; and the loader
// (pkg-config/ibid.js) itself, transformed in three places only (its own URL,
// how the core is loaded, how the stylesheet is added). Every transformation
// must match exactly once, so a change to ibid.js that this script does not
// understand stops the build instead of drifting.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let out = path.join(root, 'pkg/ibid.inline.js');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out' && args[i + 1]) out = path.resolve(args[++i]);
  else fail(`unknown argument ${args[i]} (usage: node scripts/inline.mjs [--out FILE])`);
}

function fail(message) {
  console.error('inline.mjs: ' + message);
  process.exit(1);
}

const read = (f, enc = 'utf8') => {
  try {
    return readFileSync(path.join(root, f), enc);
  } catch (e) {
    return fail(`cannot read ${f} (${e.code || e.message}); run make build first`);
  }
};

const cargo = read('Cargo.toml');
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1] || fail('no version in Cargo.toml');
const glue = read('pkg/ibid_core.js');
const wasm = read('pkg/ibid_core_bg.wasm', null);
const api = read('pkg-config/index.js');
const loader = read('pkg-config/ibid.js');
const css = read('pkg-config/ibid.css');

/** Replaces `re` (which must match exactly `count` times, or at least once with count 0) in `src`. */
function replace(src, re, by, what, file, count = 1) {
  const n = [...src.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))].length;
  if (count ? n !== count : n === 0) {
    fail(`${file}: expected ${count || 'at least one'} match for ${what}, found ${n}; update scripts/inline.mjs`);
  }
  return src.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'), by);
}

/**
 * An ES module's source as an expression: a function scope that returns its
 * exports. `deps` maps each import specifier to the variable holding that
 * module's exports. Understands the forms wasm-bindgen and index.js use.
 */
function scope(src, file, deps) {
  const names = [];
  src = src.replace(/^\/\* @ts-self-types=.*\*\/\n/m, '');
  src = src.replace(/^import\s+([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s*(['"])([^'"]+)\3;?[ \t]*$/gm, (_, def, named, _q, spec) => {
    const dep = deps[spec] || fail(`${file}: import from '${spec}' is not inlined`);
    const parts = [];
    if (def) parts.push(`default: ${def}`);
    for (const item of (named || '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, alias] = item.split(/\s+as\s+/);
      parts.push(alias ? `${name}: ${alias}` : name);
    }
    return `const { ${parts.join(', ')} } = ${dep};`;
  });
  src = src.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_, kw, name) => {
    names.push(`${name}: ${name}`);
    return `${kw} ${name}`;
  });
  src = src.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, alias] = item.split(/\s+as\s+/);
      names.push(`${alias || name}: ${name}`);
    }
    return '';
  });
  if (/^\s*(import|export)\b/m.test(src) || /\bimport\s*\(/.test(src) || /import\.meta/.test(src)) {
    fail(`${file}: an import or export this script does not understand; update scripts/inline.mjs`);
  }
  // `get` for each export keeps `let` bindings live, as a module's would be.
  const getters = names.map((n) => {
    const [key, local] = n.split(': ');
    return `get ${key}() { return ${local}; }`;
  });
  return `(() => {\n${src.trim()}\nreturn { ${getters.join(', ')} };\n})()`;
}

// 1. The glue: its default wasm URL (import.meta.url) is never used here, as
//    the loader passes the bytes; it points at this script to stay valid.
const glueScope = scope(replace(glue, /import\.meta\.url/, '__ibid_self', 'import.meta.url', 'pkg/ibid_core.js', 0), 'pkg/ibid_core.js', {});

// 2. The API module, with its version written in as `make build` does.
const apiScope = scope(replace(api, /__IBID_VERSION__/, version, '__IBID_VERSION__', 'pkg-config/index.js'), 'pkg-config/index.js', {
  './ibid_core.js': '__ibid_core',
});

// 3. The loader, changed in three places.
let embed = loader;
// Its own URL (finding its script tag's data attributes) is this script's.
embed = replace(embed, /import\.meta\.url/, '__ibid_self', 'import.meta.url', 'pkg-config/ibid.js', 0);
// The core is in this file: instantiate the inlined bytes instead of importing
// index.js and fetching the wasm.
embed = replace(
  embed,
  /^async function load\([^)]*\) \{\n[\s\S]*?\n\}\n/m,
  'async function load() {\n  await __ibid_api.init(__ibid_wasm());\n  return __ibid_api;\n}\n',
  'the load() function',
  'pkg-config/ibid.js',
);
// The stylesheet is in this file: adopted as a constructed stylesheet (allowed
// by a CSP without 'unsafe-inline'), unless the page links an ibid.css.
embed = replace(
  embed,
  /^([ \t]*)const href = '' \+ here\('\.\/ibid\.css'\);\n[ \t]*let css = null;\n[ \t]*if \([^\n]*\) \{\n[\s\S]*?\n\1\}\n/m,
  '$1let css = __ibid_style();\n',
  "the stylesheet <link> block",
  'pkg-config/ibid.js',
);
if (/\bimport\s*\(|import\.meta|^\s*(import|export)\b|here\(/m.test(embed.replace(/^const here = .*$/m, ''))) {
  fail('pkg-config/ibid.js: still imports or uses here() after the transformation; update scripts/inline.mjs');
}

const base64 = Buffer.from(wasm).toString('base64');
const code = `/*! ibid ${version}: the embed as one file (loader, API, wasm-bindgen glue, WebAssembly core, stylesheet).
 * MIT OR Apache-2.0. Generated by scripts/inline.mjs from pkg-config/ibid.js, pkg-config/index.js,
 * pkg/ibid_core.js, pkg/ibid_core_bg.wasm and pkg-config/ibid.css: edit those, not this file.
 *
 *   <script src="/path/to/ibid.inline.js" defer></script>
 *
 * A classic script, so it also runs from file://; the same data attributes as ibid.js.
 */
(function () {
'use strict';
if (typeof document === 'undefined') return;

/** This script's URL: its tag finds its data attributes (loaded as a module: the tag named ibid.inline*.js). */
const __ibid_self = (() => {
  const me = document.currentScript;
  if (me && me.src) return me.src;
  const tag = [...document.querySelectorAll('script[src]')].find((s) => /\\/ibid\\.inline[^/]*\\.js(?:[?#]|$)/.test(s.src));
  return tag ? tag.src : undefined;
})();

// ---- pkg/ibid_core.js (wasm-bindgen glue)
const __ibid_core = ${glueScope};

// ---- pkg-config/index.js (the API)
const __ibid_api = ${apiScope};

// ---- pkg/ibid_core_bg.wasm (${wasm.length} bytes)
const __ibid_wasm = () => {
  const b64 = ${JSON.stringify(base64)};
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  const s = atob(b64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
};

// ---- pkg-config/ibid.css
const __ibid_css = ${JSON.stringify(css)};
let __ibid_sheet = null;
/** Adds the stylesheet unless the page links an ibid.css; returns something with remove(), or null. */
function __ibid_style() {
  const d = document;
  const linked = [...d.querySelectorAll('link[rel~=stylesheet][href]')].some((l) => {
    try {
      return /(?:^|\\/)ibid\\.css$/.test(new URL(l.href, d.baseURI).pathname);
    } catch {
      return false;
    }
  });
  if (linked) return null;
  try {
    if (__ibid_sheet && d.adoptedStyleSheets.includes(__ibid_sheet)) return null;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(__ibid_css);
    d.adoptedStyleSheets = [...d.adoptedStyleSheets, sheet];
    __ibid_sheet = sheet;
    return { remove: () => (d.adoptedStyleSheets = d.adoptedStyleSheets.filter((s) => s !== sheet)) };
  } catch {
    // No constructable stylesheets (Safari before 16.4): a <style> element.
    if (d.querySelector('style[data-ibid]')) return null;
    const style = d.createElement('style');
    style.dataset.ibid = '';
    style.textContent = __ibid_css;
    d.head.append(style);
    return style;
  }
}

// ---- pkg-config/ibid.js (the loader), transformed by scripts/inline.mjs
${embed.trim()}
})();
`;

try {
  new vm.Script(code, { filename: 'ibid.inline.js' });
} catch (e) {
  fail(`the generated file does not parse as a classic script: ${e.message}`);
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, code);
console.log(`inline.mjs: wrote ${path.relative(process.cwd(), out) || out} (${code.length} bytes)`);
