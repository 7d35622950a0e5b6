package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const evil = "<script>alert(1)</script>"

// scriptedIncident records the must-show incident: cash, then the money
// market fund, then a note whose rationale tries to inject a script.
func scriptedIncident(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "inc.db")
	for _, args := range [][]string{
		{"decide", "--db", db, "--operator", "alice", "--rationale", "first tier, immediate", "draw", "cash"},
		{"decide", "--db", db, "--operator", "bob", "--rationale", "same-day MMF redemption", "draw", "mmf"},
		{"decide", "--db", db, "--operator", "mallory", "--rationale", evil, "note", "checked | the <b>repo</b> desk"},
	} {
		if code, out, errs := wr(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s %s", args, code, out, errs)
		}
	}
	return db
}

func htmlReport(t *testing.T, db string) (string, string) {
	t.Helper()
	path := filepath.Join(filepath.Dir(db), "report.html")
	if code, _, errs := wr(t, "report", "--db", db, "--format", "html", "--out", path); code != 0 {
		t.Fatalf("report --format html: exit %d: %s", code, errs)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, string(raw)
}

func TestReportHTML(t *testing.T) {
	_, page := htmlReport(t, scriptedIncident(t))
	for _, s := range []string{
		`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
		`id="waterfall-chart"`, `id="shortfall-chart"`, `<title id="waterfall-chart-title">`, `<desc id="shortfall-chart-desc">`,
		"8,500,000.00", "5,500,000.00", "10,500,000", // shortfall after cash, after MMF; the call
		"due by 16:00: 10,500,000 (CME Clearing)", "✓ Hash chain intact — 3 records",
		"&lt;script&gt;alert(1)&lt;/script&gt;", "checked | the &lt;b&gt;repo&lt;/b&gt; desk",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("the HTML report lacks %q", s)
		}
	}
	// Nothing is fetched or run: no scripts, no links, no external URLs
	// (the SVG namespace is a name, not a fetch).
	for _, s := range []string{"<script", "<link", " src=", "href=", "url(", "@import"} {
		if strings.Contains(strings.ToLower(page), s) {
			t.Errorf("the HTML report contains %q", s)
		}
	}
	if urls := regexp.MustCompile(`https?://[^"\s<]+`).FindAllString(page, -1); len(urls) != 2 ||
		urls[0] != "http://www.w3.org/2000/svg" || urls[1] != urls[0] {
		t.Errorf("URLs in the report: %v", urls)
	}
	// One point per decision on the shortfall line, after the alert's.
	if n := strings.Count(page, `<circle class="step"`); n != 3 {
		t.Errorf("%d step points, want 3", n)
	}
	if n := strings.Count(page, `<circle class="alert"`); n != 1 {
		t.Errorf("%d alert points, want 1", n)
	}
	// Five tiers, two of them (cash, MMF) drawn.
	if n := strings.Count(page, `<rect class="tier`); n != 5 {
		t.Errorf("%d tier bars, want 5", n)
	}
	if n := strings.Count(page, `<rect class="drawn"`); n != 2 {
		t.Errorf("%d drawn bars, want 2", n)
	}
	if !strings.Contains(page, `<rect class="tier tier-late"`) || !strings.Contains(page, "too late: Wed 15:00") {
		t.Error("the T+2 tech sale is not shown as too late")
	}
}

func TestReportMarkdownReadsInATerminal(t *testing.T) {
	db := scriptedIncident(t)
	code, md, errs := wr(t, "report", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{"| 1 | Mon 08:", "8,500,000.00", `\<script\>alert(1)\</script\>`, "first tier, immediate", `checked \| the`} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	if strings.Contains(md, evil) {
		t.Error("markdown carries a live <script> tag")
	}
	// Every line fits a terminal, and each table's rows line up.
	var block []string
	check := func() {
		for _, l := range block {
			if utf8.RuneCountInString(l) != utf8.RuneCountInString(block[0]) {
				t.Errorf("table rows do not line up:\n%s", strings.Join(block, "\n"))
				break
			}
		}
		block = nil
	}
	for _, l := range strings.Split(md, "\n") {
		if n := utf8.RuneCountInString(l); n > 120 {
			t.Errorf("line of %d runes: %s", n, l)
		}
		if strings.HasPrefix(l, "|") {
			block = append(block, l)
		} else {
			check()
		}
	}
	check()
}

// findChromium finds the browser under the names distributions give it:
// Debian's chromium, Ubuntu's and Fedora's chromium-browser, Google's.
func findChromium() (string, error) {
	var err error
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		var p string
		if p, err = exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", err
}

// TestReportInBrowser opens the HTML report in headless Chromium with no
// network: the page must load without console messages (a CSP violation
// or a script error would print one), draw both charts, keep the injected
// script as text, and leave a screenshot behind as an artefact.
func TestReportInBrowser(t *testing.T) {
	chromium, err := findChromium()
	if err != nil {
		if os.Getenv("WARROOM_REQUIRE_BROWSER") == "1" {
			t.Fatal("none of chromium, chromium-browser, google-chrome is installed and WARROOM_REQUIRE_BROWSER=1")
		}
		t.Skip("chromium not installed (set WARROOM_REQUIRE_BROWSER=1 to fail instead)")
	}
	path, _ := htmlReport(t, scriptedIncident(t))
	shot := filepath.Join(t.TempDir(), "report.png")
	browse := func(extra ...string) (string, string) {
		args := append([]string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
			"--disable-extensions", "--enable-logging=stderr", "--v=0",
			// No network: every host resolves nowhere.
			"--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
			"--user-data-dir=" + t.TempDir(), "--window-size=1280,2200"}, extra...)
		args = append(args, "file://"+path)
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		var out, errb bytes.Buffer
		cmd := exec.CommandContext(ctx, chromium, args...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium %v: %v\n%s", extra, err, errb.String())
		}
		for _, l := range strings.Split(errb.String(), "\n") {
			if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Uncaught") {
				t.Errorf("console message while loading the report: %s", l)
			}
		}
		return out.String(), errb.String()
	}
	dom, _ := browse("--dump-dom")
	for _, id := range []string{"waterfall-chart", "shortfall-chart"} {
		i := strings.Index(dom, `id="`+id+`"`)
		if i < 0 {
			t.Fatalf("the DOM has no #%s", id)
		}
		svg := dom[i:]
		svg = svg[:strings.Index(svg, "</svg>")]
		paths := regexp.MustCompile(`<path class="[^"]+" d="M[^"]+"`).FindAllString(svg, -1)
		rects := strings.Count(svg, "<rect ")
		if len(paths) == 0 || id == "waterfall-chart" && rects < 5 {
			t.Errorf("#%s drew %d paths and %d bars", id, len(paths), rects)
		}
	}
	if n := strings.Count(dom, `<circle class="step"`); n != 3 {
		t.Errorf("the browser's DOM has %d step points, want 3", n)
	}
	if !strings.Contains(dom, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(dom, evil) {
		t.Error("the injected <script> did not stay text in the browser")
	}
	browse("--screenshot=" + shot)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 10<<10 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("screenshot is %d bytes", len(png))
	}
	dir := os.Getenv("WARROOM_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", filepath.Join(dir, "report.png"), len(png))
}
