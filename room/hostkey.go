package room

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKey returns the server's private host key (PEM) from path, creating
// an ed25519 key there (mode 0600, never overwriting) on first run, so the
// team's known_hosts stays valid across restarts. A key file others can
// read is refused, as sshd refuses one: anyone who can read it can pose
// as the war room.
func HostKey(path string) (pemBytes []byte, created bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil:
		if fi.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("host key %s: mode %04o lets others read it; chmod 600 %s", path, fi.Mode().Perm(), path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, false, fmt.Errorf("host key: %w", err)
		}
		if _, err := gossh.ParsePrivateKey(data); err != nil {
			return nil, false, fmt.Errorf("host key %s: %w", path, err)
		}
		return data, false, nil
	case !errors.Is(err, os.ErrNotExist):
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("generating the host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "warroom host key")
	if err != nil {
		return nil, false, fmt.Errorf("encoding the host key: %w", err)
	}
	data := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	return data, true, nil
}

// Fingerprint is a host key's SHA256 fingerprint, as ssh prints it.
func Fingerprint(pemBytes []byte) string {
	s, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return ""
	}
	return gossh.FingerprintSHA256(s.PublicKey())
}
