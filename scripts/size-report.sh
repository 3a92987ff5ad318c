#!/usr/bin/env bash
# Size report and budgets: raw / gzip -9 / brotli -q 11 bytes of what a page with
# quotes downloads. Reads www/ibid/ (make build); prints a table, writes
# tests/output/sizes.txt, and fails (exit 1) when a hard limit is exceeded:
#   - a page without quotes downloads only the loader: at most 2,000 bytes brotli
#     (issue 6's budget, met);
#   - the page with quotes: at most CEIL_BROTLI / CEIL_GZIP bytes. These are
#     ceilings on the way down, not issue 6's budget (30,000 brotli, 36,000 gzip),
#     which is printed with how far off it is; lower them as the embed shrinks.
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
  echo "$tg $tb" >tests/output/.size-totals
  if [ -f www/ibid/ibid.inline.js ]; then
    f=www/ibid/ibid.inline.js
    printf '%-28s %10d %10d %10d\n' "$f (alone)" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
  fi
} | tee "$out"

# Budgets and ceilings.
LOADER_BROTLI=2000
BUDGET_BROTLI=30000 BUDGET_GZIP=36000
CEIL_BROTLI=${IBID_CEIL_BROTLI:-60000} CEIL_GZIP=${IBID_CEIL_GZIP:-69000}
read -r tg tb <tests/output/.size-totals
rm -f tests/output/.size-totals
lb=$(brotli -q 11 -c www/ibid/ibid.js | wc -c)
fail=0
check() { # what have limit kind
  if [ "$2" -le "$3" ]; then
    printf 'size: %-52s %7d <= %7d  ok\n' "$1" "$2" "$3"
  elif [ "$4" = hard ]; then
    printf 'size: %-52s %7d >  %7d  EXCEEDED\n' "$1" "$2" "$3"; fail=1
  else
    printf 'size: %-52s %7d >  %7d  not met yet (%d over)\n' "$1" "$2" "$3" $(($2 - $3))
  fi
}
{
  check "loader alone, page without quotes (brotli)" "$lb" $LOADER_BROTLI hard
  check "page with quotes, ceiling (brotli)" "$tb" $CEIL_BROTLI hard
  check "page with quotes, ceiling (gzip)" "$tg" $CEIL_GZIP hard
  check "page with quotes, issue 6 budget (brotli)" "$tb" $BUDGET_BROTLI budget
  check "page with quotes, issue 6 budget (gzip)" "$tg" $BUDGET_GZIP budget
} | tee -a "$out"
grep -q EXCEEDED "$out" && fail=1
exit $fail
