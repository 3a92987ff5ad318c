#!/usr/bin/env bash
# Size report: raw / gzip -9 / brotli -q 11 bytes of what a page with quotes downloads.
# Reads www/ibid/ (make build); prints a table and writes tests/output/sizes.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

# What a page with quotes downloads, from the built www/ibid/ (index.js with its version filled in).
files=(www/ibid/ibid_core_bg.wasm www/ibid/ibid_core.js www/ibid/ibid.js www/ibid/index.js www/ibid/ibid.css)
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "size: $f is missing (run make build)" >&2; exit 1; }
done
command -v brotli >/dev/null || { echo "size: brotli not found (run make setup)" >&2; exit 1; }

mkdir -p tests/output
out=tests/output/sizes.txt
{
  printf '%-28s %10s %10s %10s\n' file raw gzip brotli
  tr=0 tg=0 tb=0
  for f in "${files[@]}"; do
    r=$(wc -c <"$f")
    g=$(gzip -9 -c "$f" | wc -c)
    b=$(brotli -q 11 -c "$f" | wc -c)
    tr=$((tr + r)) tg=$((tg + g)) tb=$((tb + b))
    printf '%-28s %10d %10d %10d\n' "$f" "$r" "$g" "$b"
  done
  printf '%-28s %10d %10d %10d\n' "total (page w/ quotes)" "$tr" "$tg" "$tb"
  if [ -f www/ibid/ibid.inline.js ]; then
    f=www/ibid/ibid.inline.js
    printf '%-28s %10d %10d %10d\n' "$f (alone)" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
  fi
} | tee "$out"
