#!/usr/bin/env bash
# The shared war room end to end, with the system's OpenSSH client in tmux:
# ann (lead) and tom (treasury) join `warroom serve` with their own keys;
# tom draws and ann sees it; tom's credit-line draw is held (four-eyes) and
# waits on ann's console until she approves it; an unknown key is refused
# and logged; an observer's draw key says why it is disabled; the server is
# killed with SIGKILL and restarted with the same host key (strict host
# key checking) and the incident resumes with nothing acknowledged lost;
# `warroom open` on the served file names the server. Exits non-zero with
# the screen on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "e2e-room: tmux is not installed" >&2; exit 2; }
command -v ssh >/dev/null || { echo "e2e-room: the OpenSSH client (ssh) is not installed" >&2; exit 2; }

work=$(mktemp -d)
sock="warroom-room-$$"
server=""
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/warroom" ./cmd/warroom
export XDG_DATA_HOME="$work/data"
db="$work/incident.db"
hostkey="$work/host_ed25519"

for who in ann tom olga eve; do ssh-keygen -q -t ed25519 -N '' -C "$who@e2e" -f "$work/$who"; done
cat >"$work/team.yaml" <<YAML
members:
  - name: ann
    roles: [lead]
    keys: ["$(cat "$work/ann.pub")"]
  - name: tom
    roles: [treasury]
    keys: ["$(cat "$work/tom.pub")"]
  - name: olga
    roles: [observer]
    keys: ["$(cat "$work/olga.pub")"]
YAML
# Arb-Capital with its credit line under four-eyes.
{ cat book/demos/arb-capital.yaml; printf '\ncontrols:\n  four_eyes: true\n  approval_kinds: [credit_line]\n'; } >"$work/arb.yaml"

fail() {
  echo "e2e-room: FAIL: $*" >&2
  for s in ann tom olga open; do
    tmux -L "$sock" has-session -t "$s" 2>/dev/null && { echo "----- $s -----" >&2; tmux -L "$sock" capture-pane -p -t "$s" >&2; }
  done
  echo "----- server -----" >&2; cat "$work/serve.log" >&2
  exit 1
}
screen() { tmux -L "$sock" capture-pane -p -t "$1" 2>/dev/null || true; }
keys() { local s=$1; shift; tmux -L "$sock" send-keys -t "$s" "$@"; sleep 0.3; }
# expect SESSION TEXT waits up to 8 s for a text on a console.
expect() {
  for _ in $(seq 80); do screen "$1" | grep -qF -- "$2" && return 0; sleep 0.1; done
  fail "expected \"$2\" on $1's screen"
}
# serve [PORT]: a free port the first time; the same one after the kill,
# so known_hosts (keyed by host and port) checks the very same host key.
serve() {
  local args=(serve --db "$db" --team "$work/team.yaml" --listen "127.0.0.1:${1:-0}" --host-key "$hostkey")
  [ -f "$db" ] || args+=(--book "$work/arb.yaml")
  "$work/warroom" "${args[@]}" >>"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    port=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/serve.log" | tail -1 | sed 's/.*://') || true
    [ -n "$port" ] && [ "$(grep -c 'listening on' "$work/serve.log")" -ge "${runs:-1}" ] && { runs=$(( ${runs:-1} + 1 )); return 0; }
    sleep 0.1
  done
  fail "the server did not start"
}
# join NAME [strict]: NAME's ssh in a tmux session of its own.
join() {
  local check=no; [ "${2:-}" = strict ] && check=yes
  tmux -L "$sock" new-session -d -s "$1" -x 120 -y 40 \
    "ssh -i $work/$1 -p $port -o IdentitiesOnly=yes -o StrictHostKeyChecking=$check -o UserKnownHostsFile=$work/known_hosts 127.0.0.1; sleep 30"
}

serve
[ "$(stat -c %a "$hostkey")" = 600 ] || fail "host key mode is $(stat -c %a "$hostkey"), want 600"
join ann; expect ann "IN THE ROOM 1"; expect ann "SHORTFALL 10,500,000"
join tom; expect tom "IN THE ROOM 2"; expect ann "tom treasury: 1 Triage"

# tom draws on-hand cash: 10,500,000 − 2,000,000 on both consoles.
keys tom 2; expect ann "tom treasury: 2 Liquidity"
keys tom d; expect tom "Draw On-hand cash in full"; keys tom Enter
expect tom "SHORTFALL 8,500,000"; expect ann "SHORTFALL 8,500,000"
# The redrawn waterfall chart is whole: bars, the calls marker, the figure.
screen tom | grep -qE "cash +█+·+┃·+ +2,000,000" || fail "tom's chart row for cash is garbled after the redraw"

# The credit line is under four-eyes: held until ann approves.
keys tom j; keys tom j; keys tom j; keys tom d; expect tom "Draw Committed credit line"; keys tom Enter
expect tom "waits for another lead's approval"
expect ann "asked by tom awaits YOUR approval"
screen ann | grep -qF "SHORTFALL 8,500,000" || fail "a held draw moved ann's shortfall"
keys ann A; expect ann "Approve #"; keys ann Enter
expect ann "SHORTFALL 3,500,000"; expect tom "SHORTFALL 3,500,000"
expect tom "four-eyes: no decision waits for approval"

# An unknown key is refused, and the server says so.
if ssh -i "$work/eve" -p "$port" -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no \
  -o UserKnownHostsFile="$work/known_hosts" 127.0.0.1 true 2>"$work/eve.err"; then
  fail "eve's key got in"
fi
grep -q "Permission denied (publickey)" "$work/eve.err" || fail "eve was not refused by public key: $(cat "$work/eve.err")"
grep -q "refused key SHA256:.* not in" "$work/serve.log" || fail "the refused key is not logged"

# The observer reads only.
join olga; expect olga "IN THE ROOM 3"
keys olga 2; keys olga d
expect olga "✗ d is disabled for you: olga is an observer: observers read only"

# The local console refuses the served file and names the server.
tmux -L "$sock" new-session -d -s open -x 160 -y 10 "$work/warroom open --db $db; sleep 30"
expect open "held by \`warroom serve\`"

# tom's note is acknowledged on his screen; then the server is killed.
keys tom n; keys tom "before the kill"; keys tom Enter
expect tom "✓ recorded"; expect tom "note: before the kill"
kill -9 "$server"; wait "$server" 2>/dev/null || true; server=""
expect ann "closed"
oldport=$port
serve "$port"
grep -q "resuming incident" "$work/serve.log" || fail "the restart did not resume the incident"
# Strict host key checking: the restarted server shows the same host key.
for s in ann tom olga open; do tmux -L "$sock" kill-session -t "$s" 2>/dev/null || true; done
join ann strict
expect ann "SHORTFALL 3,500,000"
expect ann "note: before the kill"
expect ann "left the room (the server restarted)"
keys ann q
kill "$server"; wait "$server" 2>/dev/null || true; server=""

report=$("$work/warroom" report --db "$db" --format csv)
for want in "joined the room as lead" "draw cash 2,000,000.00" "approve #" "note: before the kill" "left the room (the server restarted)"; do
  grep -qF "$want" <<<"$report" || { echo "$report" >&2; fail "report lacks \"$want\""; }
done
"$work/warroom" verify --db "$db" >/dev/null || fail "the log does not verify"
echo "e2e-room: ok (two keys, draw seen across, four-eyes across consoles, unknown key refused, observer gated, SIGKILL lost nothing, host key kept, open names the server)"
