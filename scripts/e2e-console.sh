#!/usr/bin/env bash
# Drives the real warroom binary in tmux, as a treasurer would: opens the
# Arb-Capital demo on a new incident file, draws the waterfall down to a
# zero shortfall (cash, MMF, repo in full, 1,500,000 of the credit line),
# quits, reopens the same file and checks the state was kept, then checks
# the report lists the draws. Exits non-zero with the screen on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "e2e-console: tmux is not installed" >&2; exit 2; }

work=$(mktemp -d)
# Each console run gets its own tmux server (socket): reusing one right
# after kill-server can race with the old server's exit.
run=0
sock="warroom-e2e-$$-$run"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/warroom" ./cmd/warroom
db="$work/incident.db"

screen() { tmux -L "$sock" capture-pane -p -t e2e 2>/dev/null || true; }
keys() { tmux -L "$sock" send-keys -t e2e "$@"; sleep 0.4; }
fail() { echo "e2e-console: FAIL: $*" >&2; echo "----- screen -----" >&2; screen >&2; exit 1; }
# expect waits up to 5 s for a text on the screen.
expect() {
  for _ in $(seq 50); do screen | grep -qF -- "$1" && return 0; sleep 0.1; done
  fail "expected \"$1\" on screen"
}
start() {
  run=$((run + 1)); sock="warroom-e2e-$$-$run"
  tmux -L "$sock" new-session -d -s e2e -x 120 -y 40 "$work/warroom --db $db --operator e2e; sleep 30"
  expect "/5 "   # the header's "stage N/5": the console is up
}

start
expect "SHORTFALL 10,500,000"
keys 2; expect "WATERFALL"
keys d; expect "Draw On-hand cash in full"; keys Enter; expect "SHORTFALL 8,500,000"
keys j; keys d; keys Enter; expect "SHORTFALL 5,500,000"
keys j; keys d; keys Enter; expect "SHORTFALL 1,500,000"
keys j; keys p; keys 1500000; keys Enter; keys Enter
expect "COVERED"
keys q; sleep 0.5
screen | grep -q "SHORTFALL\|COVERED" && { keys y; sleep 0.5; }
tmux -L "$sock" kill-server 2>/dev/null || true

start
expect "COVERED"
screen | grep -q "shortfall 0" || fail "reopened console does not show a zero shortfall"
# The console's habits: "/" filters the log in focus, a click on a tab
# goes to its stage (an SGR mouse report, as the terminal would send it).
keys Tab; keys /; tmux -L "$sock" send-keys -t e2e -l rcf; sleep 0.4
expect 'filter "rcf" 1/'
keys Enter; expect "draw rcf 1,500,000"
screen | grep -qF "draw cash 2,000,000" && fail "the filter left the cash draw in the log"
tabs=$(screen | sed -n 3p); before=${tabs%%Reduction*}
tmux -L "$sock" send-keys -t e2e -l $'\e[<0;'"$(( ${#before} + 1 ))"$';3M\e[<0;'"$(( ${#before} + 1 ))"$';3m'
expect "stage 4/5 Reduction"
keys q; sleep 0.3
tmux -L "$sock" kill-server 2>/dev/null || true

report=$("$work/warroom" report --db "$db" --format csv)
for want in "draw cash 2,000,000.00" "draw mmf 3,000,000.00" "draw repo 4,000,000.00" "draw rcf 1,500,000.00"; do
  grep -qF "$want" <<<"$report" || { echo "$report" >&2; fail "report lacks \"$want\""; }
done
grep -q ",0.00,0$" <<<"$(tail -1 <<<"$report")" || { echo "$report" >&2; fail "last decision does not leave a zero shortfall"; }
"$work/warroom" verify --db "$db" >/dev/null || fail "the log does not verify"
echo "e2e-console: ok (drawn to zero, kept across reopen, / filters the log, a click changes stage, report lists 4 draws, chain verifies)"
