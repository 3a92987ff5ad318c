#!/usr/bin/env bash
# `make package`: the npm package. Builds (make build: wasm-pack into pkg/ and
# ibid.inline.js), assembles the publishable package in target/npm/ from pkg/
# and pkg-config/ (the version written in from Cargo.toml), then `npm pack`s it
# into target/npm-pack/. Prints the tarball's path last.
#   scripts/package.sh [--no-build]   --no-build: use pkg/ as it is (after make build)
# Nothing here touches the network.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

build=1
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    *) echo "package: unknown argument $arg (usage: scripts/package.sh [--no-build])" >&2; exit 2 ;;
  esac
done
[ $build = 1 ] && make --no-print-directory build

for f in pkg/ibid_core.js pkg/ibid_core_bg.wasm pkg/ibid_core.d.ts; do
  [ -f "$f" ] || { echo "package: $f is missing (run make build)" >&2; exit 1; }
done
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "package: no version in Cargo.toml" >&2; exit 1; }

out=target/npm
rm -rf "$out"
mkdir -p "$out" target/npm-pack
cp pkg/ibid_core.js pkg/ibid_core_bg.wasm pkg/ibid_core.d.ts "$out/"
cp pkg-config/package.json pkg-config/index.js pkg-config/index.d.ts pkg-config/ibid.js pkg-config/ibid.css \
  pkg-config/README.md "$out/"
cp LICENSE-MIT LICENSE-APACHE "$out/"
# The single-file build, from the same pkg/ and pkg-config/ (as make build writes pkg/ibid.inline.js).
node scripts/inline.mjs --out "$out/ibid.inline.js" >/dev/null

# The version, in package.json and index.js; then every file in `files` present and nothing else.
VERSION=$version OUT=$out node --input-type=module -e '
  import { readFileSync, writeFileSync, readdirSync } from "node:fs";
  const { VERSION: version, OUT: out } = process.env;
  const fill = (f) => {
    const text = readFileSync(`${out}/${f}`, "utf8");
    if (!text.includes("__IBID_VERSION__")) throw new Error(`package: no __IBID_VERSION__ in ${f}`);
    writeFileSync(`${out}/${f}`, text.replaceAll("__IBID_VERSION__", version));
  };
  fill("package.json");
  fill("index.js");

  const pkg = JSON.parse(readFileSync(`${out}/package.json`, "utf8"));
  const want = [...pkg.files, "package.json"].sort();
  const have = readdirSync(out).sort();
  if (JSON.stringify(want) !== JSON.stringify(have)) {
    throw new Error(`package: target/npm holds [${have}] but files + package.json is [${want}]`);
  }
'

# The same minified JavaScript and CSS as the embed in www/ibid/ (make build).
node scripts/minify.mjs "$out/ibid_core.js" "$out/index.js" "$out/ibid.js" "$out/ibid.css"

tarball=$(cd "$out" && npm pack --offline --no-audit --no-fund --no-update-notifier --loglevel=error \
  --pack-destination ../npm-pack | tail -1)
echo "package: $out/ assembled; tarball target/npm-pack/$tarball"
echo "target/npm-pack/$tarball"
