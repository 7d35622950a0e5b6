package room

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHostKeyCreatedOnceAndReused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host_ed25519")
	first, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first run: created %v, %v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	again, created, err := HostKey(path)
	if err != nil || created || string(again) != string(first) {
		t.Fatalf("second run: created %v, same %v, %v", created, string(again) == string(first), err)
	}
	if fp := Fingerprint(first); !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("fingerprint %q", fp)
	}
	// A key others can read is refused (0640: group-readable, the boundary).
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a 0640 host key: %v", err)
	}
}
