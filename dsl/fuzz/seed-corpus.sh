#!/usr/bin/env bash
# Seeds the fuzz corpus with every ```wrangle block of the docs and every recipe under
# examples/ and tests/diagnostics/, one file each.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse
n=0
for md in ../../docs/*.md; do
  awk -v dir=corpus/parse -v base="$(basename "$md" .md)" '
    /^```wrangle$/ { inside = 1; k++; file = sprintf("%s/%s-%03d.wrangle", dir, base, k); next }
    /^```$/ && inside { inside = 0; close(file); next }
    inside { print > file }' "$md"
done
for f in ../../examples/*/*.wrangle ../../tests/diagnostics/*.wrangle regressions/*.wrangle; do
  [ -f "$f" ] && cp "$f" "corpus/parse/$(basename "$(dirname "$f")")-$(basename "$f")" && n=$((n+1))
done
echo "corpus: $(ls corpus/parse | wc -l) files"
