#!/usr/bin/env node
// Gives the wasm's imports and exports short names, in pkg/ibid_core_bg.wasm
// and in the glue pkg/ibid_core.js alike. wasm-bindgen names each import
// `__wbg_<function>_<16 hex digits>` and each export after its Rust path
// (`engine_place`, `__wbindgen_malloc`): as text in both files,
// the hashes above all, which no compressor can shrink. Run by `make build`
// after scripts/flatten.mjs. A name is renamed only where the glue uses it
// in the one form this script rewrites (an import as the key of the imports
// object, an export as `wasm.<name>`), and is found there: anything else
// fails the build rather than ship a glue that no longer matches its wasm.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../pkg');
const fail = (m) => {
  console.error('shorten.mjs: ' + m);
  process.exit(1);
};
const wasmFile = path.join(pkg, 'ibid_core_bg.wasm');
const glueFile = path.join(pkg, 'ibid_core.js');
const bytes = readFileSync(wasmFile);
let glue = readFileSync(glueFile, 'utf8');

// --- The binary: sections, and the import and export sections' names.
const leb = (buf, at) => {
  let n = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [n, at];
  }
};
const uleb = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
};
const name = (buf, at) => {
  const [len, from] = leb(buf, at);
  return [buf.toString('utf8', from, from + len), from + len];
};
const encName = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([uleb(b.length), b]);
};
if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) fail('pkg/ibid_core_bg.wasm is not a wasm module');
const sections = [];
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, from] = leb(bytes, at + 1);
  sections.push({ id, body: bytes.subarray(from, from + size) });
  at = from + size;
}
const importSection = sections.find((s) => s.id === 2);
const exportSection = sections.find((s) => s.id === 7);
if (!importSection || !exportSection) fail('pkg/ibid_core_bg.wasm has no import or no export section');

// Import entries: module, field, then a descriptor kept as bytes.
const imports = [];
{
  const b = importSection.body;
  let [count, at] = leb(b, 0);
  for (let i = 0; i < count; i++) {
    let module, field;
    [module, at] = name(b, at);
    [field, at] = name(b, at);
    const start = at;
    const kind = b[at++];
    if (kind === 0) [, at] = leb(b, at); // function: type index
    else if (kind === 1) {
      at++; // table: reference type, then limits
      const flags = b[at++];
      [, at] = leb(b, at);
      if (flags & 1) [, at] = leb(b, at);
    } else if (kind === 2) {
      const flags = b[at++]; // memory: limits
      [, at] = leb(b, at);
      if (flags & 1) [, at] = leb(b, at);
    } else if (kind === 3) at += 2; // global: value type, mutability
    else fail(`import ${module}.${field} of unknown kind ${kind}`);
    imports.push({ module, field, desc: b.subarray(start, at) });
  }
  if (at !== b.length) fail('the import section has bytes after its entries');
}
const exports = [];
{
  const b = exportSection.body;
  let [count, at] = leb(b, 0);
  for (let i = 0; i < count; i++) {
    let field;
    [field, at] = name(b, at);
    const start = at;
    at++;
    [, at] = leb(b, at);
    exports.push({ field, desc: b.subarray(start, at) });
  }
  if (at !== b.length) fail('the export section has bytes after its entries');
}
if (imports.some((i) => /^[a-zA-Z]{1,2}$/.test(i.module)) || exports.some((e) => /^[a-zA-Z]{1,2}$/.test(e.field))) {
  fail('names are short already (was it run twice?)');
}

// --- Short names, and the glue rewritten to them.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const shortName = (k) => (k < 52 ? ALPHABET[k] : ALPHABET[Math.floor(k / 52) - 1] + ALPHABET[k % 52]);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (re) => glue.match(re)?.length ?? 0;

// Modules: each the quoted key of the imports object, once.
const modules = [...new Set(imports.map((i) => i.module))];
const moduleNames = new Map(modules.map((m, k) => [m, shortName(k)]));
for (const [m, short] of moduleNames) {
  const key = new RegExp(`"${esc(m)}":`, 'g');
  if (count(key) !== 1) fail(`the import module "${m}" is not a key of the imports object once`);
  glue = glue.replace(key, `"${short}":`);
}
// Fields of wasm-bindgen's own module: each a key (`name: function`) of its
// object in the glue, and nowhere else. A snippet's (dom.js, folded in by
// flatten.mjs) are its export names, short already: they stay.
const fieldNames = new Map();
let fields = 0;
for (const imp of imports) {
  const id = imp.module + '\0' + imp.field;
  if (fieldNames.has(id)) fail(`the import ${imp.field} comes twice`);
  if (imp.module.startsWith('./snippets/')) {
    fieldNames.set(id, imp.field);
    continue;
  }
  const short = shortName(fields++);
  fieldNames.set(id, short);
  const word = new RegExp(`(?<![\\w$])${esc(imp.field)}(?![\\w$])`, 'g');
  const key = new RegExp(`(?<![\\w$.])${esc(imp.field)}:`, 'g');
  if (count(word) !== 1 || count(key) !== 1) fail(`the import ${imp.field} is not once in pkg/ibid_core.js, as a key`);
  glue = glue.replace(key, `${short}:`);
}
// Exports: only ones the glue uses as `wasm.<name>` every time (others keep theirs).
let renamed = 0;
const exportNames = new Map();
for (const exp of exports) {
  const word = new RegExp(`(?<![\\w$])${esc(exp.field)}(?![\\w$])`, 'g');
  const member = new RegExp(`\\bwasm\\.${esc(exp.field)}(?![\\w$])`, 'g');
  const uses = count(member);
  if (uses === 0 || uses !== count(word)) {
    exportNames.set(exp.field, exp.field);
    continue;
  }
  const short = shortName(renamed++);
  exportNames.set(exp.field, short);
  glue = glue.replace(member, `wasm.${short}`);
}
if (new Set(exportNames.values()).size !== exportNames.size) fail('two exports would share a name');

// --- The binary written back with the new names.
const importBody = Buffer.concat([
  uleb(imports.length),
  ...imports.flatMap((i) => [encName(moduleNames.get(i.module)), encName(fieldNames.get(i.module + '\0' + i.field)), i.desc]),
]);
const exportBody = Buffer.concat([uleb(exports.length), ...exports.flatMap((e) => [encName(exportNames.get(e.field)), e.desc])]);
importSection.body = importBody;
exportSection.body = exportBody;
const out = Buffer.concat([bytes.subarray(0, 8), ...sections.flatMap((s) => [Buffer.from([s.id]), uleb(s.body.length), s.body])]);
if (!WebAssembly.validate(out)) fail('the rewritten pkg/ibid_core_bg.wasm does not validate');
writeFileSync(wasmFile, out);
writeFileSync(glueFile, glue);
console.log(
  `shorten.mjs: ${modules.length} import modules, ${fields} of ${imports.length} imports and ${renamed} of ${exports.length} exports renamed; ` +
    `wasm ${bytes.length} -> ${out.length} bytes`,
);
