#!/usr/bin/env bash
# The benchmarks behind `make bench` (which builds ./bin and Terraform first):
#  1. internal/cmd/mspbackup-bench: the server under load on 100,000 users
#     (with the server's CPU per request); then terraform apply + refreshing
#     plan of N resources of each kind, for N = 100, 1000, 3000 (the users
#     kinds up to -max-user-n, 1000): the two floors, terraform_data and a
#     do-nothing framework provider built from internal/bench/noopprovider,
#     then N mspbackup_customer_account, N mspbackup_user without and with
#     passwords in one customer account; for each command its wall time,
#     its ratio to both floors, the CPU time of Terraform, of the providers
#     and of the server, and the API requests; a plan after a change made
#     through the API; the server's password hashing time; peak memory; the
#     paced apply of 1000 customer accounts against --rate-limit 20 (time
#     against N / rate, 429s); and the table of targets; then the adoption
#     of a console: mspbackup-export of 100 customer accounts with 5,000
#     users and the terraform plan of the result; the server load also runs
#     on PostgreSQL, with one and with two replicas (-skip-postgres skips it);
#     then the estate: 100 customer accounts x 100 users, each user with a
#     membership and a licence assignment, on two PostgreSQL replicas, adopted
#     in one root and in a root per customer account (one and two at a time):
#     export, first plan, apply, drift check, each against the do-nothing
#     provider in the same roots (-estate-accounts, -estate-users set the
#     scale, -estate-skip-one-root leaves the one root out, -estate-parallel
#     chooses the per-tenant runs (default 1,2 roots at once), -skip-estate
#     skips it);
#  2. the Go benchmarks of the hot paths (store, handlers, auth, JSON), and
#     the handler benchmarks again on PostgreSQL.
# BENCH_QUICK=1 runs small sizes and short loads, to check the harness.
# Extra arguments go to mspbackup-bench (e.g. -sizes 100,1000 -skip-server
# -kinds noop,mspbackup_customer_account -max-user-n 0).
# Needs only Go and ./bin (the driver builds the do-nothing provider itself,
# into its temporary directory); everything runs on 127.0.0.1, and every
# process and temporary file is gone when the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=$PWD/bin
for b in terraform terraform-provider-mspbackup mspbackup-server mspbackup-export; do
  [ -x "$BIN/$b" ] || {
    echo "bench: $BIN/$b is missing: run 'make bench' (it builds ./bin first)" >&2
    exit 1
  }
done

START=$SECONDS
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mspbackup-bench-sh.XXXXXX")
DRIVER_PID=
cleanup() {
  local rc=$?
  if [ -n "$DRIVER_PID" ] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill "$DRIVER_PID" 2>/dev/null || true # it stops its servers and Terraform
    wait "$DRIVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

QUICK=${BENCH_QUICK:-0}
echo "==> $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs; load average:$(uptime | sed 's/.*load average://')"
[ "$QUICK" = 1 ] && echo "    BENCH_QUICK=1: small sizes, short loads (checks the harness; not the targets)"

echo "==> building the benchmark driver"
go build -o "$WORK/mspbackup-bench" ./internal/cmd/mspbackup-bench

echo "==> server load, Terraform runs, memory"
QUICK_FLAG=()
[ "$QUICK" = 1 ] && QUICK_FLAG=(-quick)
"$WORK/mspbackup-bench" -bin "$BIN" "${QUICK_FLAG[@]}" "$@" &
DRIVER_PID=$!
wait "$DRIVER_PID"
DRIVER_PID=

echo
echo "==> Go benchmarks of the hot paths (go test -bench; store and handlers at scale, auth, JSON, argon2id)"
if [ "$QUICK" = 1 ]; then
  export MSPBACKUP_BENCH_USERS=2000
  BENCHTIME=100x
else
  export MSPBACKUP_BENCH_USERS=100000
  BENCHTIME=0.5s
fi
echo "    $MSPBACKUP_BENCH_USERS users seeded through the store; -benchtime $BENCHTIME"
go test -run '^$' -bench . -benchtime "$BENCHTIME" -benchmem ./internal/store/ ./internal/server/ 2>&1 |
  grep -E '^(Benchmark|ok|FAIL|---|panic)' || true
echo "==> the same handler benchmarks on PostgreSQL (MSPBACKUP_TEST_DB=postgres; CacheGeneration is the per-request read that keeps replicas' caches valid)"
MSPBACKUP_TEST_DB=postgres go test -run '^$' -bench 'BenchmarkServerUsers' -benchtime "$BENCHTIME" -benchmem ./internal/server/ 2>&1 |
  grep -E '^(Benchmark|ok|FAIL|---|panic)' || true

ELAPSED=$((SECONDS - START))
RESULT=PASS
[ "$ELAPSED" -lt 900 ] || RESULT=MISS
echo
printf 'make bench took %dm%02ds (target < 15 min on 2 cores: %s); load average at the end:%s\n' \
  $((ELAPSED / 60)) $((ELAPSED % 60)) "$RESULT" "$(uptime | sed 's/.*load average://')"
