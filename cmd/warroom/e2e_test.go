package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestConsoleInTmux runs scripts/e2e-console.sh: the real binary in tmux,
// drawn to a zero shortfall, quit, reopened, reported. CI installs tmux and
// sets WARROOM_REQUIRE_TMUX so that a missing tmux fails instead of
// skipping there.
func TestConsoleInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the tmux end-to-end run takes several seconds")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("WARROOM_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (WARROOM_REQUIRE_TMUX) but not installed")
		}
		t.Skip("tmux not installed")
	}
	cmd := exec.Command("bash", "../../scripts/e2e-console.sh")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
