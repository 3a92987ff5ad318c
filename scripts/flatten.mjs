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
specs.forEach((spec, k) => {
  const name = `__ibid_snippet${k}`;
  deps[spec] = name;
  prelude += `// ---- ${spec.replace(/^\.\/snippets\/[^/]+\//, '')}\nconst ${name} = ${scope(readFileSync(path.join(pkg, spec), 'utf8'), spec, {}, fail)};\n`;
});
glue = imports(glue, 'pkg/ibid_core.js', deps, fail);
// The snippet's path stays as the name of the wasm's import module (the key in the imports object).
if (/^\s*import\b.*snippets\//m.test(glue)) fail('pkg/ibid_core.js still imports a snippet after folding');
const head = /^\/\* @ts-self-types=.*\*\/\n/.exec(glue)?.[0] || '';
glue = head + prelude + glue.slice(head.length);
writeFileSync(path.join(pkg, 'ibid_core.js'), glue);
rmSync(path.join(pkg, 'snippets'), { recursive: true, force: true });
