#!/usr/bin/env bash
# Poll-round benchmark: geowatch (and newsboat, when installed) against a loopback server.
#
# usage: bash benches/poll.sh [N_FEEDS] [ITEMS]        (defaults 500 and 50)
#
# 1. generates N synthetic RSS 2.0 feeds x ITEMS news-like items (benches/poll/gen.py);
# 2. serves them on 127.0.0.1 with ETag/If-None-Match and Last-Modified/If-Modified-Since
#    (examples/bench_server.rs, std-only Rust; GW_BENCH_SERVER=python uses the slower
#    benches/poll/serve.py), and measures the server alone with curl first;
# 3. builds geowatch in release and times `poll --once` on an empty database (cold) and
#    again (warm, all 304) with /usr/bin/time -v: wall time and peak RSS;
# 4. does the same with `newsboat -x reload` when newsboat is installed (cold, a 2nd reload,
#    and warm = the 3rd: newsboat only sends validators from its third fetch on);
# 5. prints a table with the targets (for 500x50) and PASS/FAIL.
# Each timed run first waits up to GW_BENCH_QUIET_WAIT seconds (default 30) for other
# processes to leave the CPU idle; the table shows how busy it still was ("busy%").
# A benchmark, not a test: always exits 0. The temp dir and the server are removed on exit.
set -u

N=${1:-500}
M=${2:-50}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/benches/poll
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gw-poll-bench.XXXXXX")
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap 'cleanup; exit 0' EXIT
trap 'exit 0' INT TERM

say() { printf '%s\n' "$*" >&2; }
die() { say "poll.sh: $*"; exit 0; }

case "$N$M" in *[!0-9]*) die "usage: bash benches/poll.sh [N_FEEDS] [ITEMS]" ;; esac

# --- tools -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for wall time and peak RSS)..."
    { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } >/dev/null 2>&1
fi
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: apt-get install -y time"
command -v python3 >/dev/null || die "python3 is needed to generate the feeds"

# --- build ---------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
say "building geowatch (release; the first build takes a few minutes)..."
if ! (cd "$ROOT" && cargo build --release --quiet) >"$TMP/build.log" 2>&1; then
    tail -30 "$TMP/build.log" >&2
    die "cargo build --release failed"
fi
GW=$ROOT/target/release/geowatch
if [ "${GW_BENCH_SERVER:-rust}" = python ]; then
    SERVER_KIND="python (benches/poll/serve.py, ThreadingHTTPServer)"
    SERVER=(python3 "$HERE/serve.py")
else
    if ! (cd "$ROOT" && cargo build --release --quiet --example bench_server) >"$TMP/build.log" 2>&1; then
        tail -30 "$TMP/build.log" >&2
        die "cargo build --release --example bench_server failed (GW_BENCH_SERVER=python to use serve.py)"
    fi
    SERVER_KIND="rust (examples/bench_server.rs, std threads)"
    SERVER=("$ROOT/target/release/examples/bench_server")
fi

# --- feeds and server ----------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "generating $N feeds x $M items..."
python3 "$HERE/gen.py" "$TMP" "$N" "$M" "$PORT" "$ROOT/feeds.toml" >"$TMP/gen.log" || die "feed generation failed"
GEN_INFO=$(cat "$TMP/gen.log")

"${SERVER[@]}" "$TMP/feeds" "$PORT" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    grep -q '^ready' "$TMP/server.log" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
grep -q '^ready' "$TMP/server.log" || { cat "$TMP/server.log" >&2; die "the feed server did not start"; }
BASE="http://127.0.0.1:$PORT"

stats() { curl -s "$BASE/__stats" 2>/dev/null || python3 -c "import urllib.request; print(urllib.request.urlopen('$BASE/__stats').read().decode())"; }
# Server requests between two /__stats snapshots: "200=a 304=b conns=c".
stat_delta() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
d = {k: b[k] - a[k] for k in b}
print(f"200={d['200']} 304={d['304']} 404={d['404']} conns={d['connections']}")
PY
}

# The server alone: all N documents with 64 parallel keep-alive clients (curl), then all N
# answered 304 (If-Modified-Since). Geowatch's round cannot be faster than this floor.
FLOOR_COLD="n/a"
FLOOR_WARM="n/a"
if command -v curl >/dev/null && curl --help all 2>/dev/null | grep -q -- '--parallel-max'; then
    awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' "$TMP/urls" >"$TMP/curl.cfg"
    LM=$(curl -sI "$BASE/feed-0000.xml" | tr -d '\r' | awk -F': ' 'tolower($1) == "last-modified" {print $2}')
    best() { sort -n | head -1; }
    FLOOR_COLD=$(for _ in 1 2 3; do
        /usr/bin/time -f '%e' -o "$TMP/t" curl -s --parallel --parallel-max 64 -K "$TMP/curl.cfg" >/dev/null 2>&1; cat "$TMP/t"
    done | best)
    FLOOR_WARM=$(for _ in 1 2 3; do
        /usr/bin/time -f '%e' -o "$TMP/t" curl -s --parallel --parallel-max 64 -H "If-Modified-Since: $LM" -K "$TMP/curl.cfg" >/dev/null 2>&1; cat "$TMP/t"
    done | best)
fi

# --- measurement helpers ---------------------------------------------------------------------
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }
cpu() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$1"; }

declare -A W R C INFO Q
# run LABEL CMD...: times CMD with /usr/bin/time -v; stdout/stderr kept in $TMP/LABEL.{out,err}.
run() {
    local label=$1
    shift
    local before after
    Q[$label]=$(wait_quiet)
    before=$(stats)
    /usr/bin/time -v -o "$TMP/$label.time" "$@" >"$TMP/$label.out" 2>"$TMP/$label.err"
    local rc=$?
    after=$(stats)
    W[$label]=$(wall "$TMP/$label.time")
    R[$label]=$(rss "$TMP/$label.time")
    C[$label]=$(cpu "$TMP/$label.time")
    INFO[$label]="exit $rc; server: $(stat_delta "$before" "$after")"
}

# CPU used by other processes during one idle second just before the timed runs.
busy_pct() {
    local a b
    a=($(head -1 /proc/stat))
    sleep 1
    b=($(head -1 /proc/stat))
    awk -v u="$((b[1] + b[2] + b[3] + b[6] + b[7] - a[1] - a[2] - a[3] - a[6] - a[7]))" \
        -v i="$((b[4] + b[5] - a[4] - a[5]))" 'BEGIN {printf "%.0f", (u + i > 0) ? 100 * u / (u + i) : 0}'
}
# Waits (up to GW_BENCH_QUIET_WAIT seconds, default 30) for the other processes to leave the CPU
# idle (< 10% busy over a second); prints the last busy percentage seen.
wait_quiet() {
    local deadline=$((SECONDS + ${GW_BENCH_QUIET_WAIT:-30})) b
    while :; do
        b=$(busy_pct 2>/dev/null || echo 0)
        if [ "$b" -lt 10 ] || [ $SECONDS -ge $deadline ]; then
            echo "$b"
            return
        fi
    done
}

# --- geowatch ----------------------------------------------------------------------------------
say "geowatch cold..."
run gw_cold "$GW" --config "$TMP/gen.toml" --db "$TMP/fresh.db" poll --once
say "geowatch warm..."
run gw_warm "$GW" --config "$TMP/gen.toml" --db "$TMP/fresh.db" poll --once
GW_DB_MB=$(du -m "$TMP/fresh.db" 2>/dev/null | cut -f1)
GW_DB_ARTICLES=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$TMP/fresh.db" 2>/dev/null || echo "?")

# --- newsboat ----------------------------------------------------------------------------------
HAVE_NB=0
if command -v newsboat >/dev/null; then
    HAVE_NB=1
    mkdir -p "$TMP/home"
    say "newsboat cold..."
    HOME="$TMP/home" run nb_cold newsboat -x reload -u "$TMP/urls" -c "$TMP/cache.db" -C "$TMP/newsboat.conf"
    # newsboat 2.21 records a feed's ETag/Last-Modified only when the feed already has a
    # cache row, i.e. from its second fetch on: the 2nd reload downloads everything again,
    # and only the 3rd is all 304. That 3rd one is "warm".
    say "newsboat 2nd reload..."
    HOME="$TMP/home" run nb_second newsboat -x reload -u "$TMP/urls" -c "$TMP/cache.db" -C "$TMP/newsboat.conf"
    say "newsboat warm (3rd reload)..."
    HOME="$TMP/home" run nb_warm newsboat -x reload -u "$TMP/urls" -c "$TMP/cache.db" -C "$TMP/newsboat.conf"
    NB_ITEMS=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from rss_item').fetchone()[0])" "$TMP/cache.db" 2>/dev/null || echo "?")
fi

# --- report ------------------------------------------------------------------------------------
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 >= b + 0)}'; }
verdict() { # verdict VALUE OP LIMIT
    [ -z "$1" ] || [ "$1" = "n/a" ] && { echo "n/a"; return; }
    case $2 in
        le) awk -v a="$1" -v b="$3" 'BEGIN {print (a + 0 <= b + 0) ? "PASS" : "FAIL"}' ;;
        ge) awk -v a="$1" -v b="$3" 'BEGIN {print (a + 0 >= b + 0) ? "PASS" : "FAIL"}' ;;
    esac
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 > 0) printf "%.1f", a / b; else if (a + 0 > 0) print "inf"; else print "n/a"}'; }

summary() { grep -E '^[0-9]+ feeds: ' "$TMP/$1.err" | tail -1; }
others() { grep -vcE '^[0-9]+ feeds: ' "$TMP/$1.err"; }

echo
echo "geowatch poll benchmark: $GEN_INFO, served on 127.0.0.1:$PORT (one host, per_host = 64, concurrency = 64)"
echo "source: $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo unknown); $(nproc) cores; load average before the build: $LOAD_BEFORE"
echo "busy% = CPU used by other processes in the second before each timed run (waited up to ${GW_BENCH_QUIET_WAIT:-30} s for < 10%)"
if [ "$(printf '%s\n' "${Q[@]}" | sort -n | tail -1)" -ge 10 ] 2>/dev/null; then
    echo "  WARNING: other processes were using the CPU (a build or benchmark?): timings are pessimistic and noisy"
fi
echo "server: $SERVER_KIND"
echo "server alone (curl, 64 parallel keep-alive, best of 3): $N x 200 in ${FLOOR_COLD}s, $N x 304 in ${FLOOR_WARM}s"
if [ "$FLOOR_WARM" != "n/a" ] && ge "$FLOOR_WARM" "$(awk -v w="${W[gw_warm]}" 'BEGIN {print w / 3}')"; then
    echo "  WARNING: the server floor is over a third of geowatch's warm time; the server may be the bottleneck"
else
    echo "  (well under geowatch's times: the server is not the bottleneck)"
fi
echo
for l in gw_cold gw_warm; do
    printf '%-16s %s\n' "${l/gw_/geowatch }:" "$(summary $l)"
    printf '%-16s %s; %s other stderr lines; %s stdout lines\n' "" "${INFO[$l]}" "$(others $l)" "$(wc -l <"$TMP/$l.out")"
done
echo "                 database: ${GW_DB_MB} MB, $GW_DB_ARTICLES articles"
if [ $HAVE_NB = 1 ]; then
    for l in nb_cold nb_second nb_warm; do
        printf '%-16s %s; %s stderr lines\n' "${l/nb_/newsboat }:" "${INFO[$l]}" "$(wc -l <"$TMP/$l.err")"
    done
    echo "                 cache: $NB_ITEMS items"
fi
echo

if [ "$N" = 500 ] && [ "$M" = 50 ]; then tnote=""; else tnote=" (targets are for 500x50: indicative only)"; fi
printf '%-18s %9s %9s %9s %7s   %s\n' "run" "wall s" "cpu s" "peak MB" "busy%" "target$tnote"
printf '%-18s %9s %9s %9s %7s   %s\n' "geowatch cold" "${W[gw_cold]}" "${C[gw_cold]}" "${R[gw_cold]}" "${Q[gw_cold]}" \
    "wall <= 1.5 s: $(verdict "${W[gw_cold]}" le 1.5); RSS <= 150 MB: $(verdict "${R[gw_cold]}" le 150)"
printf '%-18s %9s %9s %9s %7s   %s\n' "geowatch warm" "${W[gw_warm]}" "${C[gw_warm]}" "${R[gw_warm]}" "${Q[gw_warm]}" \
    "wall <= 0.3 s: $(verdict "${W[gw_warm]}" le 0.3); RSS <= 150 MB: $(verdict "${R[gw_warm]}" le 150)"
if [ $HAVE_NB = 1 ]; then
    printf '%-18s %9s %9s %9s %7s\n' "newsboat cold" "${W[nb_cold]}" "${C[nb_cold]}" "${R[nb_cold]}" "${Q[nb_cold]}"
    printf '%-18s %9s %9s %9s %7s   %s\n' "newsboat 2nd" "${W[nb_second]}" "${C[nb_second]}" "${R[nb_second]}" "${Q[nb_second]}" "(re-downloads all: no validators stored yet)"
    printf '%-18s %9s %9s %9s %7s   %s\n' "newsboat warm" "${W[nb_warm]}" "${C[nb_warm]}" "${R[nb_warm]}" "${Q[nb_warm]}" "(3rd reload, all 304)"
    RC=$(ratio "${W[nb_cold]}" "${W[gw_cold]}")
    RW=$(ratio "${W[nb_warm]}" "${W[gw_warm]}")
    echo
    printf '%-34s %6sx   %s\n' "newsboat cold / geowatch cold:" "$RC" "target >= 8x: $(verdict "$RC" ge 8)"
    printf '%-34s %6sx\n' "newsboat warm / geowatch warm:" "$RW"
else
    echo
    echo "newsboat not installed (apt-get install -y newsboat): no comparison"
fi
if [ "$(others gw_cold)" -gt 0 ] || [ "$(others gw_warm)" -gt 0 ]; then
    echo
    echo "geowatch stderr (first lines besides the summary):"
    grep -hvE '^[0-9]+ feeds: ' "$TMP/gw_cold.err" "$TMP/gw_warm.err" | head -5 | sed 's/^/  /'
fi
