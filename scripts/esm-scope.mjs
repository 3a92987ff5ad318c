// An ES module's source as a plain expression (a function scope returning its
// exports), for scripts/inline.mjs (the one-file build) and scripts/flatten.mjs
// (the wasm-bindgen snippet folded into the glue).
/**
 * An ES module's source as an expression: a function scope that returns its
 * exports. `deps` maps each import specifier to the variable holding that
 * module's exports. Understands the forms wasm-bindgen and index.js use.
 */
export function scope(src, file, deps, fail = (m) => { throw new Error(m); }) {
  const names = [];
  src = src.replace(/^\/\* @ts-self-types=.*\*\/\n/m, '');
  src = imports(src, file, deps, fail);
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
  // A function, class or const declared at the top (column 0) is exported as
  // a plain property (its value is final when the scope returns; a getter
  // weighs more in the download and keeps terser from seeing through it);
  // anything else gets a `get`, which keeps `let` bindings live, as a
  // module's would be.
  const fixed = (local) =>
    new RegExp(`^(?:(?:async\\s+)?function\\*?|class|const)\\s+${local.replace(/\$/g, '\\$')}\\b`, 'm').test(src);
  const props = names.map((n) => {
    const [key, local] = n.split(': ');
    return fixed(local) ? `${key}: ${local}` : `get ${key}() { return ${local}; }`;
  });
  return `(() => {\n${src.trim()}\nreturn { ${props.join(', ')} };\n})()`;
}


/** Replaces the module's imports (`import * as x`, `import d, { a, b as c }`) by constants taken from `deps`. */
export function imports(src, file, deps, fail = (m) => { throw new Error(m); }) {
  src = src.replace(/^import\s*\*\s*as\s+([\w$]+)\s+from\s*(['"])([^'"]+)\2;?[ \t]*$/gm, (_, name, _q, spec) => {
    const dep = deps[spec] || fail(`${file}: import from '${spec}' is not inlined`);
    return `const ${name} = ${dep};`;
  });
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
  return src;
}
