#!/usr/bin/env bash
# The search at scale: builds the synthetic corpus of ../shared/bench/ (N
# entries, 10,000 by default) with this repository's layouts and static
# files, serves it with python3 -m http.server (no compression: the bytes
# counted are the files' own), and loads /recherche/?q=QUERY in headless
# Chromium for each query (quality/search-bench.mjs): time to first results
# and bytes transferred. It prints the build's time and the index's share
# of it too (BenchmarkSearchIndex against BenchmarkBuild, on the same
# corpus).
#
#   scripts/search-bench.sh [N=10000] [PORT=a free one] [QUERY…]
#
# Needs python3, node, chromium and the npm packages of quality/ (cd quality
# && npm ci). Works in /dev/shm, removed at the end.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
port=${2:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
shift $(( $# < 2 ? $# : 2 ))
if [ $# -eq 0 ]; then
	set -- "modération" "transparence publicitaire" "article 40" "acteur 042" "coch" "grok"
fi
work=$(mktemp -d /dev/shm/chrono-search-bench.XXXXXX)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 "$repo/../shared/bench/corpus.py" "$n" "$work/corpus" >/dev/null
cp -r "$repo/layouts" "$repo/static" "$work/corpus/site/"
(cd "$repo" && go build -o "$work/chrono" ./cmd/chrono)
/usr/bin/time -f "build: %e s wall, %M KB peak" "$work/chrono" build -site "$work/corpus/site" -out "$work/public" \
	-base-url "http://127.0.0.1:$port/" 2>&1 | grep -v warnings
echo "index: $(ls "$work/public/recherche/t" | wc -l) shards ($(du -sb "$work/public/recherche/t" | cut -f1) bytes)," \
	"$(ls "$work/public/recherche/d" | wc -l) files of documents, index.json $(stat -c %s "$work/public/recherche/index.json") bytes"

(cd "$work/public" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
for _ in $(seq 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$port/recherche/" && break
	sleep 0.1
done
(cd "$repo/quality" && node search-bench.mjs "http://127.0.0.1:$port/" "$@") | grep -v '^{'

echo "index share of a build (go test -bench, same corpus):"
(cd "$repo" && env "CHRONO_CORPUS_$n=$work/corpus/site" go test ./internal/build -run XXX \
	-bench "(Build|SearchIndex)/$n\$" -benchtime 3x 2>&1 | grep -E '^Benchmark')
