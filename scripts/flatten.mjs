#!/usr/bin/env node
// Folds the wasm-bindgen snippets (src/web/dom.js) into pkg/ibid_core.js, so
// that the embed stays a flat folder of five files and a page makes no extra
// request for them. Run by `make build` after wasm-pack.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scope, imports } from './esm-scope.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../pkg');
const fail = (m) => {
  console.error('flatten.mjs: ' + m);
  process.exit(1);
};
let glue = readFileSync(path.join(pkg, 'ibid_core.js'), 'utf8');
const specs = [...new Set([...glue.matchAll(/from\s*['"](\.\/snippets\/[^'"]+)['"]/g)].map((m) => m[1]))];
if (specs.length === 0) fail('pkg/ibid_core.js imports no snippet: nothing to fold (was it folded already?)');
const deps = {};
let prelude = '';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
specs.forEach((spec, k) => {
  const name = `__ibid_snippet${k}`;
  deps[spec] = name;
  const src = readFileSync(path.join(pkg, spec), 'utf8');
  // Every name the glue imports must be one the snippet exports in a form scope() understands.
  const exported = new Set([...src.matchAll(/^export\s+(?:async\s+)?(?:function\*?|class|const|let|var)\s+([\w$]+)/gm)].map((m) => m[1]));
  for (const m of glue.matchAll(new RegExp(`^import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${esc(spec)}['"]`, 'gm'))) {
    for (const item of m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      if (!exported.has(item)) fail(`pkg/ibid_core.js imports ${item} from ${spec}, which does not export it as scope() reads exports`);
    }
  }
  prelude += `// ---- ${spec.replace(/^\.\/snippets\/[^/]+\//, '')}\nconst ${name} = ${scope(src, spec, {}, fail)};\n`;
});
glue = imports(glue, 'pkg/ibid_core.js', deps, fail);
// The snippet's path stays as the name of the wasm's import module (the key in the imports object).
if (/^\s*import\b.*snippets\//m.test(glue)) fail('pkg/ibid_core.js still imports a snippet after folding');
// wasm-bindgen's warnings for calls index.js never makes (it passes one
// object, and checks the .wasm's type before streaming it) weigh 150 bytes
// of the download: they become ibid's, short. Each must be found once.
for (const [warning, short] of [
  ["'using deprecated parameters for `initSync()`; pass a single object instead'", "'ibid: initSync({module})'"],
  ["'using deprecated parameters for the initialization function; pass a single object instead'", "'ibid: init({module_or_path})'"],
  [
    '"`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\\n"',
    "'ibid: not application/wasm:'",
  ],
]) {
  if (glue.split(warning).length !== 2) fail(`pkg/ibid_core.js: wasm-bindgen's warning ${warning} not found once`);
  glue = glue.replace(warning, () => short);
}
// The imports object names the snippet's module once per `import * as` of it
// (four times): in an object literal the last of a repeated key wins, so the
// others, and the constants only they used, go.
const keyLine = /^[ \t]*("\.\/snippets\/[^"]+"): (import\d+),\n/gm;
const lastOf = new Map([...glue.matchAll(keyLine)].map((m) => [m[1], m[2]]));
glue = glue.replace(keyLine, (line, key, local) => (lastOf.get(key) === local ? line : ''));
for (const m of glue.matchAll(/^const (import\d+) = __ibid_snippet\d+;\n/gm)) {
  if (glue.split(new RegExp(`\\b${m[1]}\\b`)).length === 2) glue = glue.replace(m[0], '');
}
// passStringToWasm0's branch for a missing `realloc` is never taken: every
// call passes the wasm's __wbindgen_realloc (checked here).
const calls = [...glue.matchAll(/\bpassStringToWasm0\(([^)]*)\)/g)].map((m) => m[1]).filter((a) => !/^arg, malloc, realloc$/.test(a));
if (calls.length === 0 || calls.some((a) => !/, wasm\.__wbindgen_malloc, wasm\.__wbindgen_realloc$/.test(a))) {
  fail('pkg/ibid_core.js: a passStringToWasm0 call without wasm.__wbindgen_realloc');
}
const noRealloc = /\n    if \(realloc === undefined\) \{\n[^}]*\n    \}\n/;
if (glue.split(noRealloc).length !== 2) fail("pkg/ibid_core.js: passStringToWasm0's `realloc === undefined` branch not found once");
glue = glue.replace(noRealloc, '\n');
const head = /^\/\* @ts-self-types=.*\*\/\n/.exec(glue)?.[0] || '';
glue = head + prelude + glue.slice(head.length);
writeFileSync(path.join(pkg, 'ibid_core.js'), glue);
rmSync(path.join(pkg, 'snippets'), { recursive: true, force: true });
