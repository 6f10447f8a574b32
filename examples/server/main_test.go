package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is the wall clock plus what the walk-through's sleeps skipped.
type testClock struct {
	mu   sync.Mutex
	skip time.Duration
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skip)
}

func (c *testClock) sleep(d time.Duration) {
	c.mu.Lock()
	c.skip += d
	c.mu.Unlock()
}

func newTestServer(t *testing.T) (*app, *httptest.Server, *testClock) {
	t.Helper()
	clk := &testClock{}
	a, closeDB, err := open(t.Context(), filepath.Join(t.TempDir(), "server.db"), clk.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	srv := httptest.NewServer(a.handler)
	t.Cleanup(srv.Close)
	return a, srv, clk
}

// TestReadmeWalkThrough runs the README's curl walk-through, line by line, against the server:
// every request must succeed, and the order must end delivered.
func TestReadmeWalkThrough(t *testing.T) {
	_, srv, clk := newTestServer(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- walkthrough -->\n```sh\n")
	if !ok {
		t.Fatal("README has no walk-through block")
	}
	block, _, _ = strings.Cut(block, "```")
	vars := map[string]string{}
	assign := regexp.MustCompile(`^([A-Z]+)=\$\((.*)\)$`)
	var last string
	steps := 0
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		if name, value, ok := strings.Cut(line, "="); ok && !strings.Contains(name, " ") && !strings.HasPrefix(value, "$(") {
			vars[name] = value
			if name == "API" {
				vars[name] = srv.URL // the README's address is the test server's
			}
			continue
		}
		if secs, ok := strings.CutPrefix(line, "sleep "); ok {
			n, err := strconv.Atoi(strings.Fields(secs)[0])
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			clk.sleep(time.Duration(n) * time.Second)
			continue
		}
		target := ""
		if m := assign.FindStringSubmatch(line); m != nil {
			target, line = m[1], m[2]
		}
		cmd, jq, _ := strings.Cut(line, " | jq -r ")
		out := curl(t, words(t, cmd, vars))
		steps++
		if jq != "" {
			var obj map[string]any
			if err := json.Unmarshal(out, &obj); err != nil {
				t.Fatalf("%s: %v (%s)", cmd, err, out)
			}
			v, _ := obj[strings.TrimPrefix(jq, ".")].(string)
			if v == "" {
				t.Fatalf("%s: no %s in %s", cmd, jq, out)
			}
			last = v
			if target != "" {
				vars[target] = v
			}
		}
	}
	if steps < 15 || last != "delivered" {
		t.Fatalf("%d steps ran and the order ended %q, want delivered", steps, last)
	}
}

// words splits a command line as sh would for the forms the README uses: 'single' and "double"
// quotes, $VAR expanded outside single quotes, adjacent parts joined.
func words(t *testing.T, line string, vars map[string]string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	in, started := byte(0), false
	expand := func(i int) int {
		j := i + 1
		for j < len(line) && (line[j] >= 'A' && line[j] <= 'Z' || line[j] == '_') {
			j++
		}
		v, ok := vars[line[i+1:j]]
		if !ok {
			t.Fatalf("unset variable %s in %s", line[i:j], line)
		}
		cur.WriteString(v)
		return j
	}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case in == '\'':
			if c == '\'' {
				in = 0
			} else {
				cur.WriteByte(c)
			}
			i++
		case in == '"':
			switch c {
			case '"':
				in = 0
				i++
			case '$':
				i = expand(i)
			default:
				cur.WriteByte(c)
				i++
			}
		case c == ' ':
			if started {
				out = append(out, cur.String())
				cur.Reset()
				started = false
			}
			i++
		case c == '\'' || c == '"':
			in, started = c, true
			i++
		case c == '$':
			started = true
			i = expand(i)
		default:
			started = true
			cur.WriteByte(c)
			i++
		}
	}
	if started {
		out = append(out, cur.String())
	}
	return out
}

// curl does what curl -s does with the README's flags (-X, -H, -d) and fails the test on a
// status other than 2xx.
func curl(t *testing.T, args []string) []byte {
	t.Helper()
	if len(args) == 0 || args[0] != "curl" {
		t.Fatalf("not a curl command: %q", args)
	}
	method, url, body := "", "", ""
	hdr := http.Header{}
	for i := 1; i < len(args); i++ {
		switch args[i] {
		case "-s":
		case "-X":
			i++
			method = args[i]
		case "-H":
			i++
			k, v, _ := strings.Cut(args[i], ":")
			hdr.Set(k, strings.TrimSpace(v))
		case "-d":
			i++
			body = args[i]
		default:
			url = args[i]
		}
	}
	if method == "" {
		method = "GET"
		if body != "" {
			method = "POST"
		}
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, out)
	}
	return out
}

// TestSeededDemo: the demo dealer has an overdue job, a complaint in the queue with its next
// deadline, and the demo authentication refuses an unknown name.
func TestSeededDemo(t *testing.T) {
	a, srv, _ := newTestServer(t)
	get := func(who, path string, want int) []byte {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("X-Demo-Staff", who)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("GET %s as %q: %d, want %d: %s", path, who, resp.StatusCode, want, b)
		}
		return b
	}
	var overdue []struct {
		Order string `json:"order"`
	}
	if err := json.Unmarshal(get(advisor, "/v1/repair-orders/overdue", 200), &overdue); err != nil {
		t.Fatal(err)
	}
	if len(overdue) != 1 || overdue[0].Order != a.seeded.Overdue.String() {
		t.Fatalf("overdue jobs %+v, want the seeded one %s", overdue, a.seeded.Overdue)
	}
	var queue struct {
		Items []struct {
			ID       string `json:"id"`
			NextDue  string `json:"next_due"`
			Deadline any    `json:"deadlines"`
		} `json:"items"`
	}
	if err := json.Unmarshal(get(manager, "/v1/complaints", 200), &queue); err != nil {
		t.Fatal(err)
	}
	if len(queue.Items) != 1 || queue.Items[0].ID != a.seeded.Complaint.String() || queue.Items[0].Deadline == nil {
		t.Fatalf("complaint queue %+v, want the seeded complaint with its deadlines", queue)
	}
	get("Nobody", "/v1/repair-orders", 401)
	get("", "/v1/repair-orders", 401)
}
