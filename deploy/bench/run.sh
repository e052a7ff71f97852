#!/usr/bin/env bash
# Load tests for the Hoclieu foundation (see deploy/bench/README.md):
#   1. warm start of `hoclieu dev` to the first 200 from /healthz
#   2. GET /login and the authenticated GET / under 200 concurrent clients (vegeta)
#   3. idle resident memory of `hoclieu serve`
# Everything runs on 127.0.0.1 in a temporary data directory, with bounded durations.
# Prints a results table and writes it to deploy/bench/results-<date>.md.
set -euo pipefail

cd "$(dirname "$0")/../.."

HOCLIEU=${HOCLIEU:-./bin/hoclieu}
VEGETA=${VEGETA:-./bin/vegeta}
CLIENTS=${BENCH_CLIENTS:-200}          # concurrent vegeta workers
DURATION=${BENCH_DURATION:-20s}        # length of each load run
WARM_RUNS=${BENCH_WARM_RUNS:-3}        # warm starts measured after the cold one
IDLE=${BENCH_IDLE_SECONDS:-10}         # idle time before reading the RSS of serve
OUT=${BENCH_OUT:-deploy/bench/results-$(date +%Y-%m-%d-%H%M).md}
# The demo accounts get this password when the fresh data directory is seeded.
export HOCLIEU_DEMO_PASSWORD=${HOCLIEU_DEMO_PASSWORD:-bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')}

# Targets, shown next to the measurements.
TARGET_WARM_MS=5000
TARGET_P95_MS=20
TARGET_RSS_MIB=100

for exe in "$HOCLIEU" "$VEGETA"; do
	[[ -x $exe ]] || { echo "run.sh: $exe not found; run \`make build bin/vegeta\` (or \`make bench\`)" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "run.sh: curl is required" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hoclieu-bench.XXXXXX")
DATA=$WORK/data
chmod 755 "$WORK" # the unprivileged PostgreSQL user must traverse it when we are root
DEV_PID= SERVE_PID=

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# free_port prints a loopback TCP port nobody listens on.
free_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "run.sh: no free port found" >&2
	return 1
}

status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" || true; }

# wait_healthy URL PID TIMEOUT_S: polls /healthz every 20 ms until it answers 200;
# fails if the process exits or the timeout passes.
wait_healthy() {
	local url=$1 pid=$2 deadline=$(($(now_ms) + $3 * 1000))
	while (($(now_ms) < deadline)); do
		[[ $(status_of "$url/healthz") == 200 ]] && return 0
		kill -0 "$pid" 2>/dev/null || { echo "run.sh: process $pid exited before it was healthy" >&2; return 1; }
		sleep 0.02
	done
	echo "run.sh: $url not healthy after $3 s" >&2
	return 1
}

# stop PID: SIGINT (what Ctrl-C sends), then SIGTERM and SIGKILL if it hangs.
stop() {
	local pid=$1 sig
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	for sig in INT TERM KILL; do
		kill -"$sig" "$pid" 2>/dev/null || true
		for _ in $(seq 1 300); do
			kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
			sleep 0.1
		done
		echo "run.sh: process $pid ignored SIG$sig" >&2
	done
}

cleanup() {
	stop "$SERVE_PID"
	stop "$DEV_PID"
	if [[ ${BENCH_KEEP:-} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DEV_PORT=$(free_port)
DEV_URL=http://127.0.0.1:$DEV_PORT

# start_dev N: starts `hoclieu dev` and sets DEV_PID and START_MS (exec to healthy).
start_dev() {
	local t0
	t0=$(now_ms)
	"$HOCLIEU" dev --data-dir "$DATA" --addr "127.0.0.1:$DEV_PORT" >"$WORK/dev-$1.out" 2>&1 &
	DEV_PID=$!
	wait_healthy "$DEV_URL" "$DEV_PID" 180 || { tail -20 "$WORK/dev-$1.out" >&2; return 1; }
	START_MS=$(($(now_ms) - t0))
	# What the process itself reports (from main to listening), for comparison.
	READY_MS[$1]=$(sed -n 's/.*(ready in \([0-9.]*\)s.*/\1/p' "$WORK/dev-$1.out" | awk '{printf "%d", $1 * 1000}')
}

# busy_ticks: clock ticks the whole machine spent busy (all CPUs, from /proc/stat).
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

# wait_quiet: other work on the machine skews every figure, so wait (at most
# BENCH_QUIET_WAIT seconds) until it uses at most BENCH_MAX_BUSY cores over 2 s.
# Sets BUSY_BEFORE. Our own idle dev stack counts too, but it stays well under that.
QUIET_WAIT=${BENCH_QUIET_WAIT:-300} MAX_BUSY=${BENCH_MAX_BUSY:-0.5}
wait_quiet() {
	local deadline=$(($(date +%s) + QUIET_WAIT)) b0
	while :; do
		b0=$(busy_ticks)
		sleep 2
		BUSY_BEFORE=$(awk -v d="$(($(busy_ticks) - b0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", d / hz / 2}')
		awk -v b="$BUSY_BEFORE" -v m="$MAX_BUSY" 'BEGIN {exit !(b <= m)}' && return 0
		if (($(date +%s) >= deadline)); then
			log "warning: the machine is still busy ($BUSY_BEFORE cores used by other work); measuring anyway"
			return 0
		fi
		log "waiting for other work to finish: $BUSY_BEFORE cores busy (BENCH_MAX_BUSY=$MAX_BUSY)"
		sleep 3
	done
}
wait_quiet
WARM_MS=() READY_MS=()
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Start-up ---------------------------------------------------------------------
log "cold start (initdb, migrations, seeding) in $DATA"
start_dev 0
COLD_MS=$START_MS
log "cold start: $COLD_MS ms to healthy"
for i in $(seq 1 "$WARM_RUNS"); do
	stop "$DEV_PID"
	start_dev "$i"
	WARM_MS[i]=$START_MS
	log "warm start $i: ${WARM_MS[i]} ms to healthy (process reports ${READY_MS[i]} ms)"
done
# The last warm start stays up for the load tests and as the services for serve.

# 2. Load ---------------------------------------------------------------------------
COOKIE=$(curl -s -o /dev/null -D - --max-time 10 -H 'Content-Type: application/json' \
	-d "{\"username\":\"teacher1\",\"password\":\"$HOCLIEU_DEMO_PASSWORD\"}" "$DEV_URL/api/v1/session" |
	sed -n 's/^[Ss]et-[Cc]ookie: hoclieu_session=\([^;]*\);.*/\1/p' | tr -d '\r')
[[ -n $COOKIE ]] || { echo "run.sh: login of teacher1 failed (is HOCLIEU_DEMO_PASSWORD the seeded password?)" >&2; exit 1; }
# The cookie must really authenticate: the home page answers 200 (not a redirect to /login).
[[ $(status_of -H "Cookie: hoclieu_session=$COOKIE" "$DEV_URL/") == 200 ]] || { echo "run.sh: the session cookie does not open /" >&2; exit 1; }

# cpu_ticks PID...: user+system clock ticks of the processes.
cpu_ticks() {
	local pid t=0 f
	for pid in "$@"; do
		# Fields after the ") " that ends the command name: utime is the 12th, stime the 13th.
		f=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f12,13) || continue
		[[ -n $f ]] && t=$((t + ${f% *} + ${f#* }))
	done
	echo "$t"
}
postgres_pids() {
	local pm
	pm=$(head -1 "$DATA/postgres/data/postmaster.pid")
	echo "$pm" $(pgrep -P "$pm" || true)
}
# jnum JSON KEY: the first numeric value of KEY in vegeta's one-line JSON report.
jnum() { grep -o "\"$2\":[0-9.e+-]*" <<<"$1" | head -1 | cut -d: -f2; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns / 1e6}'; }

ROWS=() ERRDETAIL=()
# attack NAME PATH RATE [vegeta flags...]: runs one load test and appends a table row.
attack() {
	local name=$1 path=$2 rate=$3
	shift 3
	local hz pg0 hoc0 all0 t0 pg1 hoc1 all1 t1 rep req succ errs tf
	hz=$(getconf CLK_TCK)
	tf=$WORK/$name.time
	wait_quiet
	log "$name: GET $path, $CLIENTS clients, rate $rate, $DURATION"
	pg0=$(cpu_ticks $(postgres_pids)) hoc0=$(cpu_ticks "$DEV_PID") all0=$(busy_ticks) t0=$(now_ms)
	{
		TIMEFORMAT='%U %S'
		time (echo "GET $DEV_URL$path" | "$VEGETA" attack -name="$name" -rate="$rate" -workers="$CLIENTS" \
			-max-workers="$CLIENTS" -duration="$DURATION" -timeout=10s -redirects=0 "$@" >"$WORK/$name.bin")
	} 2>"$tf"
	pg1=$(cpu_ticks $(postgres_pids)) hoc1=$(cpu_ticks "$DEV_PID") all1=$(busy_ticks) t1=$(now_ms)
	rep=$("$VEGETA" report -type=json <"$WORK/$name.bin")
	"$VEGETA" report <"$WORK/$name.bin" >"$WORK/$name.txt"
	req=$(jnum "$rep" requests) succ=$(jnum "$rep" success)
	errs=$(awk -v n="$req" -v s="$succ" 'BEGIN {printf "%d", n - s * n + 0.5}')
	LAST_THROUGHPUT=$(jnum "$rep" throughput)
	local secs cpu
	secs=$(awk -v ms="$((t1 - t0))" 'BEGIN {print ms / 1000}')
	cpu=$(awk -v h="$((hoc1 - hoc0))" -v p="$((pg1 - pg0))" -v a="$((all1 - all0))" -v hz="$hz" -v s="$secs" -v t="$(tail -1 "$tf")" \
		'BEGIN {split(t, v, " "); h /= hz * s; p /= hz * s; g = (v[1] + v[2]) / s; a /= hz * s
			printf "%.2f / %.2f / %.2f / %.2f", h, p, g, a - h - p - g}')
	local shown=${rate%/1s}
	[[ $shown == 0 ]] && shown="closed loop"
	ROWS+=("| $name | \`GET $path\` | $shown | $(printf '%.0f' "$LAST_THROUGHPUT") | $(ms "$(jnum "$rep" 50th)") | $(ms "$(jnum "$rep" 95th)") | $(ms "$(jnum "$rep" 99th)") | $(ms "$(jnum "$rep" max)") | $errs / $req | $cpu |")
	if ((errs > 0)); then
		ERRDETAIL+=("- $name: $(grep -o '"status_codes":.*' <<<"$rep" | cut -c1-400)")
		log "$name: $errs errors"
	fi
	P95_MS[$name]=$(ms "$(jnum "$rep" 95th)")
	ERRS[$name]=$errs
}
declare -A P95_MS ERRS

# Closed loop: every client sends its next request as soon as the previous answer
# arrives, so this finds the capacity; latency then is mostly queueing (clients / rate).
attack login-closed /login 0
CAP_LOGIN=$LAST_THROUGHPUT
attack home-closed / 0 -header "Cookie: hoclieu_session=$COOKIE"
CAP_HOME=$LAST_THROUGHPUT
# Open loop at half the capacity just measured: latency of a busy but unsaturated server.
RATE_LOGIN=$(awk -v c="$CAP_LOGIN" 'BEGIN {r = int(c / 2); print (r < 1 ? 1 : r)}')
RATE_HOME=$(awk -v c="$CAP_HOME" 'BEGIN {r = int(c / 2); print (r < 1 ? 1 : r)}')
attack login-half /login "$RATE_LOGIN/1s"
attack home-half / "$RATE_HOME/1s" -header "Cookie: hoclieu_session=$COOKIE"
# People: 200 clients that each ask for a page every second (a busy class clicking
# through pages), i.e. an open loop at CLIENTS requests a second.
attack login-people /login "$CLIENTS/1s"
attack home-people / "$CLIENTS/1s" -header "Cookie: hoclieu_session=$COOKIE"
DEV_RSS_KIB=$(awk '/VmRSS/ {print $2}' "/proc/$DEV_PID/status")

# 3. Idle memory of serve -----------------------------------------------------------
PG_PORT=$(sed -n 's/.*PostgreSQL: 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/dev-$WARM_RUNS.out" | tail -1)
S3_ENDPOINT=$(sed -n 's/.*MinIO: \([0-9.:]*\).*/\1/p' "$WORK/dev-$WARM_RUNS.out" | tail -1)
MINIO_CRED=$(cat "$DATA/minio/root.credentials")
SERVE_PORT=$(free_port)
log "serve on 127.0.0.1:$SERVE_PORT against PostgreSQL :$PG_PORT and MinIO $S3_ENDPOINT; ${IDLE} s idle"
# Secrets go through the environment, not the command line (visible in ps).
HOCLIEU_DATABASE_URL="postgres://hoclieu:$(cat "$DATA/postgres/superuser.password")@127.0.0.1:$PG_PORT/hoclieu?sslmode=disable" \
	HOCLIEU_S3_ENDPOINT=$S3_ENDPOINT HOCLIEU_S3_ACCESS_KEY=${MINIO_CRED%%:*} HOCLIEU_S3_SECRET_KEY=${MINIO_CRED#*:} \
	"$HOCLIEU" serve --addr "127.0.0.1:$SERVE_PORT" >"$WORK/serve.out" 2>&1 &
SERVE_PID=$!
wait_healthy "http://127.0.0.1:$SERVE_PORT" "$SERVE_PID" 60 || { tail -20 "$WORK/serve.out" >&2; exit 1; }
sleep "$IDLE"
RSS_KIB=$(awk '/VmRSS/ {print $2}' "/proc/$SERVE_PID/status")
HWM_KIB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVE_PID/status")
METRICS=$(curl -s --max-time 5 "http://127.0.0.1:$SERVE_PORT/metrics" || true)
gauge() { awk -v k="$1" '$1 == k {printf "%.1f", $2 / 1048576}' <<<"$METRICS"; }
HEAP_MIB=$(gauge go_memstats_heap_inuse_bytes) GOSYS_MIB=$(gauge go_memstats_sys_bytes)
stop "$SERVE_PID"
SERVE_PID=

# Report ------------------------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
verdict() { if [[ $1 == 1 ]]; then echo "met"; else echo "**missed**"; fi; }
max_warm=0
for i in $(seq 1 "$WARM_RUNS"); do ((WARM_MS[i] > max_warm)) && max_warm=${WARM_MS[i]}; done
warm_list=$(for i in $(seq 1 "$WARM_RUNS"); do printf '%s ' "${WARM_MS[i]}"; done)
ready_list=$(for i in $(seq 1 "$WARM_RUNS"); do printf '%s ' "${READY_MS[i]:-?}"; done)
p95ok() { awk -v p="${P95_MS[$1]}" -v t="$TARGET_P95_MS" -v e="${ERRS[$1]}" 'BEGIN {print (p < t && e == 0) ? 1 : 0}'; }

{
	echo "# Hoclieu load test, $(date '+%Y-%m-%d %H:%M %Z')"
	echo
	echo "- machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
	echo "- hoclieu $("$HOCLIEU" version | cut -d' ' -f2), $(go version 2>/dev/null | cut -d' ' -f3 || echo go?), vegeta $(sed -n 's/^VEGETA_VERSION ?= //p' Makefile)"
	echo "- before the run: load average $LOADAVG; each phase waited for the machine to be quiet (≤ $MAX_BUSY cores busy)"
	echo "- vegeta and the server (hoclieu + PostgreSQL + MinIO) share these $(nproc) cores over loopback"
	echo
	echo "## Summary"
	echo
	echo "| figure | measured | target | |"
	echo "| --- | --- | --- | --- |"
	echo "| warm start of \`hoclieu dev\` to first 200 from /healthz (worst of $WARM_RUNS) | $max_warm ms (runs: ${warm_list% }) | < $TARGET_WARM_MS ms | $(verdict $((max_warm < TARGET_WARM_MS))) |"
	echo "| cold start (initdb, migrations, seeding), for reference | $COLD_MS ms | | |"
	for n in login-closed home-closed login-half home-half login-people home-people; do
		echo "| p95 of $n, errors | ${P95_MS[$n]} ms, ${ERRS[$n]} errors | < $TARGET_P95_MS ms, 0 | $(verdict "$(p95ok "$n")") |"
	done
	echo "| idle RSS of \`hoclieu serve\` after ${IDLE} s | $(mib "$RSS_KIB") MiB (peak $(mib "$HWM_KIB") MiB; Go heap in use ${HEAP_MIB:-?} MiB, Go runtime total ${GOSYS_MIB:-?} MiB) | < $TARGET_RSS_MIB MiB | $(verdict "$(awk -v r="$RSS_KIB" -v t="$TARGET_RSS_MIB" 'BEGIN {print (r / 1024 < t) ? 1 : 0}')") |"
	echo
	echo "## Load runs ($CLIENTS clients, $DURATION each, keep-alive, loopback)"
	echo
	echo "| run | request | rate (req/s) | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | errors / requests | CPU cores used: hoclieu / postgres / vegeta / rest |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	printf '%s\n' "${ROWS[@]}"
	echo
	echo "Closed loop: each of the $CLIENTS clients sends its next request as soon as it has the"
	echo "answer, so the throughput is the capacity of this machine and the latency is mostly"
	echo "queueing (Little's law: mean latency ≈ $CLIENTS / throughput). Half: open loop at half"
	echo "that capacity, with up to $CLIENTS requests in flight. People: each of the $CLIENTS clients"
	echo "asks for a page once a second ($CLIENTS requests a second), like people using the site."
	echo "CPU: cores used on average during"
	echo "the run; rest is everything else busy on the machine meanwhile: kernel network work"
	echo "for this traffic (a few tenths of a core) and any other process, which skews the run."
	echo
	echo "- \`hoclieu dev\` start as the process itself reports it (main to listening), warm runs: ${ready_list% } ms"
	((${#ERRDETAIL[@]} == 0)) || printf '%s\n' "" "Errors:" "${ERRDETAIL[@]}"
	echo "- RSS of the \`hoclieu dev\` process (web + workers) after the load runs: $(mib "$DEV_RSS_KIB") MiB"
} >"$OUT"

echo
cat "$OUT"
echo
log "written to $OUT"
