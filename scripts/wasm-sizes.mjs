#!/usr/bin/env node
// Where the bytes of the embed's .wasm go, per function and per module, as
// markdown tables (for BENCHMARKS.md):
//   node scripts/wasm-sizes.mjs FILE.wasm [TOP]
// FILE.wasm must keep its name section (scripts/bench.sh builds one: wasm-bindgen
// --keep-debug, then wasm-opt -Oz -g, the same passes as the shipped file). Reads
// the binary itself: no other tool needed.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/wasm-sizes.mjs FILE.wasm [TOP]');
  process.exit(2);
}
const top = Number(topArg || 25);
const b = readFileSync(file);
let at = 8;
const leb = () => {
  let n = 0;
  let shift = 0;
  for (;;) {
    const byte = b[at++];
    n += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return n;
  }
};
const str = () => {
  const len = leb();
  const s = b.toString('utf8', at, at + len);
  at += len;
  return s;
};
let imports = 0;
const sizes = []; // body bytes of each defined function, in order
const names = new Map();
const sections = [];
while (at < b.length) {
  const id = b[at++];
  const size = leb();
  const end = at + size;
  if (id === 0) {
    const name = str();
    sections.push([`custom "${name}"`, size]);
    if (name === 'name') {
      while (at < end) {
        const sub = b[at++];
        const len = leb();
        const subEnd = at + len;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            names.set(index, str());
          }
        }
        at = subEnd;
      }
    }
  } else {
    sections.push([['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count'][id] || `section ${id}`, size]);
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        str();
        str();
        const kind = b[at++];
        if (kind === 0) {
          imports++;
          leb();
        } else if (kind === 1) {
          at++;
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 2) {
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 3) at += 2;
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        sizes.push(len);
        at += len;
      }
    }
  }
  at = end;
}
const clean = (n) => n.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
const fns = sizes.map((size, i) => ({ name: clean(names.get(imports + i) || `function ${imports + i}`), size }));
const code = sizes.reduce((a, s) => a + s, 0);
const pct = (n) => ((100 * n) / b.length).toFixed(1) + ' %';
const ofCode = (n) => ((100 * n) / code).toFixed(1) + ' %';
/** The crate and module a function belongs to: `ibid::quotes`, `core::str`, `dlmalloc`, or a glue shim. */
function moduleOf(name) {
  const m = /^<?&?(?:mut )?(?:<)?([a-z_][a-z0-9_]*)::([a-z_][a-z0-9_]*)/.exec(name);
  if (!m) return /shim|externref|__wbindgen|__wbg/.test(name) ? '(wasm-bindgen glue)' : '(other)';
  return ['ibid', 'core', 'alloc', 'std'].includes(m[1]) ? `${m[1]}::${m[2]}` : m[1];
}
const byModule = new Map();
for (const f of fns) byModule.set(moduleOf(f.name), (byModule.get(moduleOf(f.name)) || 0) + f.size);

const out = [];
out.push(`\`${file}\`: ${b.length.toLocaleString('en')} bytes, of which code ${code.toLocaleString('en')} bytes in ${fns.length} functions.`, '');
out.push('| section | bytes | share |', '|---|---:|---:|');
for (const [name, size] of sections) out.push(`| ${name} | ${size.toLocaleString('en')} | ${pct(size)} |`);
out.push('', '| module (crate::module) | code bytes | share of the code |', '|---|---:|---:|');
for (const [m, size] of [...byModule].sort((x, y) => y[1] - x[1]).slice(0, top)) out.push(`| \`${m}\` | ${size.toLocaleString('en')} | ${ofCode(size)} |`);
out.push('', `| the ${top} largest functions | bytes | share of the code |`, '|---|---:|---:|');
for (const f of [...fns].sort((x, y) => y.size - x.size).slice(0, top)) out.push(`| \`${f.name.replace(/\|/g, '\\|')}\` | ${f.size.toLocaleString('en')} | ${ofCode(f.size)} |`);
console.log(out.join('\n'));
