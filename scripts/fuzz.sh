#!/usr/bin/env bash
# `make fuzz`: both cargo-fuzz targets for a bounded time each, seeded from the
# test fixtures. cargo-fuzz needs nightly flags: RUSTC_BOOTSTRAP=1 lets the
# pinned stable toolchain accept them (the sanitizer runtimes ship with it).
# A crash leaves its input in fuzz/artifacts/<target>/: turn it into a named
# regression test in tests/fuzz_regressions.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-300}
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
mkdir -p fuzz/corpus/parse fuzz/corpus/attribution
cp tests/fixtures/*.html tests/fixtures/unseen/*.html fuzz/corpus/parse/
python3 - <<'PY'
import glob, html, re
i = 0
for f in glob.glob('tests/fixtures/**/*.html', recursive=True):
    for m in re.findall(r'<p[^>]*>(.*?)</p>', open(f, encoding='utf-8').read(), re.S):
        t = html.unescape(re.sub('<[^>]+>', '', m))
        if len(t) < 400:
            open(f'fuzz/corpus/attribution/seed{i}', 'w', encoding='utf-8').write(t)
            i += 1
PY
for target in parse attribution; do
  echo "== fuzz $target for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::|==[0-9]+==|Done|SUMMARY|artifact_prefix|Test unit written)' || true
  if ls fuzz/artifacts/"$target"/crash-* >/dev/null 2>&1; then
    echo "fuzz $target: crash inputs in fuzz/artifacts/$target/"; exit 1
  fi
done
