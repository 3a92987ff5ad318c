#!/usr/bin/env node
// Minifies the embed's JavaScript (terser, from tests/node_modules) and its
// stylesheet in place:
//   node scripts/minify.mjs FILE...
// ES modules (every .js but ibid.inline*.js) keep their imports and exports;
// a leading /*! … */ licence comment is kept. Run by `make build` on www/ibid/
// and by scripts/package.sh on the npm package, so both ship the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tests/package.json'));

/** Minified source of `code`; `module`: an ES module rather than a classic script. */
export async function minify(code, module) {
  const { minify: terser } = require('terser');
  const out = await terser(lets(code, module), {
    module,
    ecma: 2020,
    // unsafe_methods: `{ f: function () {} }` as `{ f() {} }`, which is not
    // a constructor; nothing here news such a function (the glue's imports
    // object is wasm's, which only calls them).
    compress: { passes: 2, unsafe_methods: true },
    // Property names used only inside ibid_core.js, which no other file (nor
    // the page, nor the wasm) sees: fields of src/web/dom.js's context
    // (read()) and wasm-bindgen's class internals. Only in a file holding the
    // folded snippet (ibid_core.js, ibid.inline.js), so that separately
    // minified files never disagree; terser also leaves out any name it knows
    // of the DOM's or the language's own (its `builtins: false` default).
    mangle: /\b__ibid_snippet\d/.test(code) ? { properties: { regex: INTERNAL_PROPS } } : true,
    // ASCII only: a classic script served without a charset is read in the page's encoding.
    format: { comments: /^!/, ascii_only: true },
  });
  // Chromium's explicit compile hint (V8, Chrome 136+): compile every function
  // of the file eagerly, off the main thread while the file streams in, instead
  // of on each function's first call. Every function here runs on a page with
  // quotes (the bench's first-enhance() row of The November Revolution shows
  // the effect). Other engines read a comment.
  return COMPILE_HINT + out.code + '\n';
}

/**
 * `code` with each `const` declaration a `let`, before terser (which then
 * joins a `let` with the declarations next to it): two bytes fewer each
 * (about 180 in ibid_core.js), the same bindings (scope, hoisting, temporal dead
 * zone) for code that never assigns to a const, as ours does not (it would
 * throw). Tokens, not text: a string, regular expression or template saying
 * "const" is left alone. (acorn comes with terser.)
 */
function lets(code, module) {
  const { tokenizer, tokTypes } = require('acorn');
  let out = '';
  let from = 0;
  for (const t of tokenizer(code, { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script' })) {
    if (t.type !== tokTypes._const) continue;
    out += code.slice(from, t.start) + 'let';
    from = t.end;
  }
  return out + code.slice(from);
}

const INTERNAL_PROPS = /^(?:lengths|popups|toggles|feed|announce|__wbg_ptr|__wrap|__destroy_into_raw)$/;

const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/**
 * `css` with its comments (but a leading /*! … *\/ one) and the whitespace
 * nothing needs taken out. Safe for ibid.css, which has no strings, escapes
 * or url() (it throws otherwise): spaces before a colon (a descendant `:hover`) and around + and -
 * (inside calc()) are kept.
 */
export function minifyCss(css) {
  const bare = css.replace(/\/\*(?!!)[\s\S]*?\*\//g, '');
  if (/["'\\]|url\(/.test(bare)) throw new Error('minifyCss: strings, escapes and url() are not handled');
  return (
    bare
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,>]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/@media \(/g, '@media(')
      .trim() + '\n'
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) {
    if (file.endsWith('.css')) {
      writeFileSync(file, minifyCss(readFileSync(file, 'utf8')));
      continue;
    }
    const module = !/ibid\.inline[^/]*\.js$/.test(file);
    writeFileSync(file, await minify(readFileSync(file, 'utf8'), module));
  }
}
