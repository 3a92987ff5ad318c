#!/usr/bin/env bash
# Size report and budgets: raw / gzip -9 / brotli -q 11 bytes of what a page with
# quotes downloads. Reads www/ibid/ (make build); prints a table, writes
# tests/output/sizes.txt, and fails (exit 1) when a hard limit is exceeded:
#   - a page without quotes downloads only the loader: at most 2,000 bytes brotli
#     (issue 6's budget, met);
#   - the page with quotes: at most CEIL_BROTLI / CEIL_GZIP bytes. These are
#     ceilings on the way down, not issue 6's budget (30,000 brotli, 36,000 gzip),
#     which is printed with how far off it is; lower them as the embed shrinks.
#     (Raised from 46,000 to 46,300 brotli for the fixes a review of the
#     product found in session 6, which cost about 630 bytes, 285 of them won
#     back by wasm-opt passes; and to 47,100 brotli / 53,400 gzip in session 7
#     for parsing a long post in the tasks that build it, which cost 772 bytes
#     brotli with the review's fixes: the exported `Feed` (src/web/render.rs)
#     and its glue class, freeing it however a build ends, a trap in a later
#     task turning ibid off; and 8 bytes for the loader's one warning when a
#     page's markup shadows a document method it calls; lowered to 46,820
#     brotli / 53,050 gzip, 46,713 / 52,943 measured plus about 100 bytes,
#     when the JavaScript and CSS shrank by 377 bytes brotli: the folded
#     snippet's exports as plain properties, dead glue dropped, dom.js's
#     repeated popup and event code shared, internal property names mangled,
#     const as let, terser's unsafe_methods; lowered in session 8 as the
#     embed shrank, to its measured size plus about 100 bytes; and in
#     session 9, with the MIR inliner, to 42,420 / 47,940 (42,311 / 47,833
#     measured), after 307 bytes of review fixes: the API's argument checks,
#     the loader's watch for posts added later, options of the wrong type.)
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
: >"$out"
row() { printf '%-28s %10s %10s %10s\n' "$@" | tee -a "$out"; }
sizes() { echo "$(wc -c <"$1") $(gzip -9 -c "$1" | wc -c) $(brotli -q 11 -c "$1" | wc -c)"; }

row file raw gzip brotli
tr=0 tg=0 tb=0
for f in "${files[@]}"; do
  read -r r g b < <(sizes "$f")
  tr=$((tr + r)) tg=$((tg + g)) tb=$((tb + b))
  row "$f" "$r" "$g" "$b"
done
row "total (page w/ quotes)" "$tr" "$tg" "$tb"
if [ -f www/ibid/ibid.inline.js ]; then
  row "www/ibid/ibid.inline.js (alone)" $(sizes www/ibid/ibid.inline.js)
fi

# Budgets and ceilings.
LOADER_BROTLI=2000
BUDGET_BROTLI=30000 BUDGET_GZIP=36000
CEIL_BROTLI=${IBID_CEIL_BROTLI:-42420} CEIL_GZIP=${IBID_CEIL_GZIP:-47940}
lb=$(brotli -q 11 -c www/ibid/ibid.js | wc -c)
fail=0
check() { # what have limit kind
  if [ "$2" -le "$3" ]; then
    printf 'size: %-52s %7d <= %7d  ok\n' "$1" "$2" "$3"
  elif [ "$4" = hard ]; then
    printf 'size: %-52s %7d >  %7d  EXCEEDED\n' "$1" "$2" "$3"
    fail=1
  else
    printf 'size: %-52s %7d >  %7d  not met yet (%d over)\n' "$1" "$2" "$3" $(($2 - $3))
  fi
}
check "loader alone, page without quotes (brotli)" "$lb" $LOADER_BROTLI hard >>"$out"
check "page with quotes, ceiling (brotli)" "$tb" "$CEIL_BROTLI" hard >>"$out"
check "page with quotes, ceiling (gzip)" "$tg" "$CEIL_GZIP" hard >>"$out"
check "page with quotes, issue 6 budget (brotli)" "$tb" $BUDGET_BROTLI budget >>"$out"
check "page with quotes, issue 6 budget (gzip)" "$tg" $BUDGET_GZIP budget >>"$out"
grep '^size: ' "$out"
exit $fail
