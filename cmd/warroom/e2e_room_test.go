package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestRoomInTmux runs scripts/e2e-room.sh: `warroom serve` and the
// system's OpenSSH client in tmux, two keys, four-eyes across consoles,
// an unknown key, an observer, SIGKILL and restart. CI installs tmux and
// openssh-client and sets WARROOM_REQUIRE_TMUX and WARROOM_REQUIRE_SSH so
// that a missing tool fails instead of skipping there.
func TestRoomInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the SSH end-to-end run takes several seconds")
	}
	for _, tool := range []struct{ bin, env string }{{"tmux", "WARROOM_REQUIRE_TMUX"}, {"ssh", "WARROOM_REQUIRE_SSH"}, {"ssh-keygen", "WARROOM_REQUIRE_SSH"}} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			if os.Getenv(tool.env) != "" {
				t.Fatalf("%s is required (%s) but not installed", tool.bin, tool.env)
			}
			t.Skipf("%s not installed", tool.bin)
		}
	}
	out, err := exec.Command("bash", "../../scripts/e2e-room.sh").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
