package room

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/warroom/warroom/book"
	gossh "golang.org/x/crypto/ssh"
)

// newKey returns a fresh public key in authorized_keys form.
func newKey(t testing.TB) (gossh.PublicKey, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
}

func TestTeamMapsKeysToPeople(t *testing.T) {
	ka, a := newKey(t)
	kb, b := newKey(t)
	kb2, b2 := newKey(t)
	kx, _ := newKey(t)
	src := fmt.Sprintf(`members:
  - name: Alice Lee
    roles: [lead, treasury]
    keys: ["%s alice@desk"]
  - name: bob
    roles: [trader]
    keys:
      - %s
      - %s
`, a, b, b2)
	team, err := ParseTeam("team.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		key   gossh.PublicKey
		who   string
		roles string
	}{
		{ka, "Alice Lee", "lead,treasury"},
		{kb, "bob", "trader"},
		{kb2, "bob", "trader"}, // a second key of the same person
		{kx, "", ""},           // not in the file: refused
	}
	for _, c := range cases {
		m, ok := team.Member(c.key)
		if ok != (c.who != "") || m.Name != c.who || m.RoleList() != c.roles {
			t.Errorf("key of %q: got %q %q %v", c.who, m.Name, m.RoleList(), ok)
		}
	}
}

func TestTeamErrorsAreLocated(t *testing.T) {
	_, a := newKey(t)
	cases := []struct{ name, src, want string }{
		{"empty", ``, `team.yaml: the team file is empty`},
		{"syntax", "members:\n  - name: [\n", `team.yaml:2: YAML syntax error`},
		{"unknown role", "members:\n  - name: a\n    roles: [lead, trade]\n    keys: [\"" + a + "\"]\n",
			`team.yaml:3:19: members[0] (a).roles[1]: unknown role "trade" (want lead, treasury, collateral, trader, comms, observer)`},
		{"no roles", "members:\n  - name: a\n    keys: [\"" + a + "\"]\n",
			`team.yaml:2:5: members[0] (a).roles: is required`},
		{"bad key", "members:\n  - name: a\n    roles: [lead]\n    keys: [\"ssh-ed25519 nope\"]\n",
			`team.yaml:4:12: members[0] (a).keys[0]: not a public key`},
		{"typo", "members:\n  - name: a\n    role: [lead]\n    keys: [\"" + a + "\"]\n",
			`team.yaml:3:5: members[0] (a).role: unknown field "role" (want name, roles, keys)`},
		{"same key twice", "members:\n  - name: a\n    roles: [lead]\n    keys: [\"" + a + "\"]\n  - name: b\n    roles: [trader]\n    keys: [\"" + a + "\"]\n",
			`team.yaml:7:12: members[1] (b).keys[0]: this key is already a's (line 4): one key, one person`},
		{"same name twice", "members:\n  - name: a\n    roles: [lead]\n    keys: [\"" + a + "\"]\n  - name: a\n    roles: [trader]\n    keys: []\n",
			`team.yaml:5:11: members[1] (a).name: "a" is listed twice (first at line 2)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			team, err := ParseTeam("team.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("accepted: %+v", team)
			}
			if team != nil {
				t.Error("a team came back with the error: nothing may be half-loaded")
			}
			var be book.Error
			if !errors.As(err, &be) {
				t.Errorf("%v is not a located error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got\n%v\nwant it to contain\n%s", err, c.want)
			}
		})
	}
}
