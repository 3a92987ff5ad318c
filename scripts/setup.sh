#!/usr/bin/env bash
# Idempotent tool set-up for ibid on Debian 12 (root) with rustup, node and npm.
# Installs only what is missing; pinned versions (see ../shared/toolchain.md).
# A second run with everything present installs nothing and prints one line
# (SETUP_VERBOSE=1: one line per tool).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
# Must equal the exact `wasm-bindgen` pin in Cargo.toml (checked below).
WASM_BINDGEN_VERSION=0.2.130

have() { command -v "$1" >/dev/null 2>&1; }
say() { printf 'setup: %s\n' "$*"; }
# ok: something already present; quiet unless SETUP_VERBOSE=1, counted for the final line.
present=()
installed=0
inst() { installed=$((installed + 1)); say "$@"; }
ok() { present+=("$*"); [ "${SETUP_VERBOSE:-0}" = 1 ] && say "$*"; return 0; }

export PATH="$HOME/.cargo/bin:$PATH"

pin=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -1)
if [ "$pin" != "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: Cargo.toml pins wasm-bindgen '$pin' but setup installs $WASM_BINDGEN_VERSION; make them equal" >&2
  exit 1
fi

# 1. Rust target and components.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  ok "wasm32-unknown-unknown target present"
else
  inst "adding wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi
# rust-src: the embed's build rebuilds the standard library for size (Makefile).
for c in rustfmt clippy rust-src; do
  if rustup component list --installed | grep -q "^$c"; then ok "$c present"; else inst "adding $c"; rustup component add "$c"; fi
done

# 2. wasm-pack and wasm-bindgen-cli, pinned (cargo install from crates.io).
if have wasm-pack && [ "$(wasm-pack --version)" = "wasm-pack $WASM_PACK_VERSION" ]; then
  ok "wasm-pack $WASM_PACK_VERSION present"
else
  inst "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if have wasm-bindgen && [ "$(wasm-bindgen --version)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  ok "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  inst "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its own lock file pins crates that no longer build together.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. Debian packages: chromium + chromedriver (same build), brotli for size reports.
missing=()
have chromium || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
have brotli || missing+=(brotli)
have pdftoppm || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  inst "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  ok "chromium, chromedriver, brotli present"
fi

# 4. npm packages for the tests and wasm-opt (binaryen 132; Debian's 108 cannot read current wasm).
# tests/node_modules is installed from tests/package-lock.json; a stamp records which lock file it matches.
stamp=tests/node_modules/.ibid-lock-stamp
if [ -f "$stamp" ] && cmp -s "$stamp" tests/package-lock.json; then
  ok "tests/node_modules up to date"
else
  inst "installing npm packages into tests/node_modules"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  cp tests/package-lock.json "$stamp"
fi
# wasm-pack takes the first wasm-opt on PATH: link binaryen's into ~/.cargo/bin.
wasm_opt="$PWD/tests/node_modules/.bin/wasm-opt"
if [ "$(readlink "$HOME/.cargo/bin/wasm-opt" 2>/dev/null)" != "$wasm_opt" ]; then
  ln -sf "$wasm_opt" "$HOME/.cargo/bin/wasm-opt"
  inst "linked wasm-opt into ~/.cargo/bin"
else
  ok "wasm-opt linked ($("$wasm_opt" --version))"
fi

# Node runs the end-to-end tests (node --test, built-in since 18; 20 checked).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 18 ]; then
  echo "setup: node >= 18 is needed for the end-to-end tests (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if [ "$installed" = 0 ]; then say "ok (all ${#present[@]} tools present)"; else say "done ($installed installed, ${#present[@]} already present)"; fi
