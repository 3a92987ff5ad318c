# ibid: build, demo and test. See scripts/ for the pieces.
export PATH := $(HOME)/.cargo/bin:$(PATH)
SHELL := /bin/bash

# The embed's wasm: the size profile, and the standard library rebuilt for size
# with panics that abort at once (no panic messages or formatting machinery in
# the .wasm: 189 KB -> 136 KB raw). -Zbuild-std needs the rust-src component
# (make setup adds it) and RUSTC_BOOTSTRAP=1 on a stable toolchain; its own
# target directory keeps these flags from invalidating the other builds.
# LLVM's inliner at a threshold of 15 (measured at 0, 10, 15, 20, 25, 30, 35,
# 50, 100, 200 and opt-level "s"): 266 bytes brotli fewer than opt-level z's own.
# rustc's MIR inliner, off at opt-level z, on at a threshold of 100 (measured
# at 5 to 1000; with it, LLVM's threshold again at 5 to 40, 15 still the
# best): 706 bytes brotli fewer, measured (on at its default threshold, 50:
# 466 fewer; the sizes do not fall steadily with the threshold); and for
# #[inline] functions at 125 instead of 100: 220 fewer again (measured at 50
# to 200: 120 to 130 all gain, 140 and over lose).
WASM_PACK_BUILD := env RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/embed \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Cllvm-args=-inline-threshold=15 -Zinline-mir=yes -Zinline-mir-threshold=100 -Zinline-mir-hint-threshold=125" \
	wasm-pack build --profile wasm --target web --out-dir pkg --out-name ibid_core --mode no-install . \
	-- -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
EMBED := pkg/ibid_core.js pkg/ibid_core_bg.wasm pkg-config/ibid.js pkg-config/index.js pkg-config/ibid.css

.PHONY: help setup build package demo test size e2e bench fuzz clean

help:
	@echo "make setup  install the toolchain (idempotent)"
	@echo "make build  release wasm build into pkg/, embed assembled in www/ibid/"
	@echo "make package  build, then the npm package in target/npm/ and its tarball in target/npm-pack/"
	@echo "make demo   setup + build, then serve www/ on http://127.0.0.1:8000/"
	@echo "make test   every test tier (fmt, clippy, native, scaling, browser, build, e2e, size)"
	@echo "make e2e    build, then the end-to-end tests in tests/e2e/"
	@echo "make size   size report of the built embed (tests/output/sizes.txt)"
	@echo "make bench  benchmarks, written to BENCHMARKS.md"
	@echo "make fuzz   fuzz the parser and the line grammars (FUZZ_SECONDS each, default 300)"
	@echo "make clean  remove build and test output"

setup:
	@scripts/setup.sh

# flock: two builds at once (make test while make demo rebuilds) would share pkg/ and target/.
build:
	@mkdir -p target
	@wasm-opt --version >/dev/null 2>&1 || { echo "make build: no working wasm-opt on PATH (wasm-pack would skip it and ship an unoptimized .wasm); run make setup" >&2; exit 1; }
	flock target/.ibid-build.lock $(WASM_PACK_BUILD)
	flock target/.ibid-build.lock node scripts/flatten.mjs
	flock target/.ibid-build.lock node scripts/shorten.mjs
	flock target/.ibid-build.lock node scripts/inline.mjs
	rm -rf www/ibid
	mkdir -p www/ibid
	cp $(EMBED) www/ibid/
	sed -i "s/__IBID_VERSION__/$(VERSION)/" www/ibid/index.js
	node scripts/minify.mjs www/ibid/ibid_core.js www/ibid/ibid.js www/ibid/index.js www/ibid/ibid.css
	cp pkg/ibid.inline.js www/ibid/ibid.inline.js

# The npm package (scripts/package.sh): make build, then target/npm/ and `npm pack` into target/npm-pack/.
package:
	@scripts/package.sh

demo: setup build
	@echo "ibid demo: http://127.0.0.1:8000/  (Ctrl-C to stop)"
	python3 -m http.server 8000 --bind 127.0.0.1 --directory www

test:
	@scripts/test.sh

e2e: build
	node --test tests/e2e/

bench: setup
	@scripts/bench.sh

# Fuzzing (cargo-fuzz with libFuzzer, on stable through RUSTC_BOOTSTRAP): FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 300
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

size:
	@scripts/size-report.sh

clean:
	cargo clean
	rm -rf pkg www/ibid tests/output
