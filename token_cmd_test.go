package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"claimgraph/storage"
)

// TestTokenCommands runs token create, list and revoke on one store.
func TestTokenCommands(t *testing.T) {
	dir := t.TempDir()
	create := func(name, role string) (id, secret string) {
		t.Helper()
		out, err := runCLI(t, "token", "create", "--data", dir, "--name", name, "--role", role)
		if err != nil {
			t.Fatalf("token create: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		id = regexp.MustCompile(`tok_\w+`).FindString(lines[0])
		return id, lines[len(lines)-1]
	}
	readerID, readerSecret := create("dashboard", "reader")
	editorID, editorSecret := create("importer", "editor")
	list := func() map[string][]string {
		t.Helper()
		out, err := runCLI(t, "token", "list", "--data", dir)
		if err != nil {
			t.Fatalf("token list: %v", err)
		}
		if strings.Contains(out, readerSecret) || strings.Contains(out, editorSecret) {
			t.Fatalf("token list shows a secret:\n%s", out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if got := strings.Fields(lines[0]); strings.Join(got, " ") != "ID NAME ROLE CREATED REVOKED" {
			t.Fatalf("header %q", lines[0])
		}
		rows := map[string][]string{}
		for _, l := range lines[1:] {
			f := strings.Fields(l)
			rows[f[0]] = f
		}
		return rows
	}

	t.Run("list shows every token with its name, role and times", func(t *testing.T) {
		rows := list()
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2: %v", len(rows), rows)
		}
		r := rows[readerID]
		if r == nil || r[1] != "dashboard" || r[2] != "reader" || r[4] != "-" {
			t.Errorf("reader row %v", r)
		}
		if _, err := time.Parse(time.RFC3339, r[3]); err != nil {
			t.Errorf("created %q: %v", r[3], err)
		}
		if e := rows[editorID]; e == nil || e[2] != "editor" || e[4] != "-" {
			t.Errorf("editor row %v", e)
		}
	})
	t.Run("revoke takes the ID before or after --data", func(t *testing.T) {
		out, err := runCLI(t, "token", "revoke", readerID, "--data", dir)
		if err != nil || !strings.Contains(out, "revoked "+readerID+` "dashboard"`) {
			t.Fatalf("revoke ID --data: %q %v", out, err)
		}
		if _, err := runCLI(t, "token", "revoke", "--data", dir, readerID); err != nil {
			t.Fatalf("revoke --data ID, a second time: %v", err)
		}
		rows := list()
		if r := rows[readerID]; r == nil || r[4] == "-" {
			t.Errorf("revoked row %v has no revocation time", r)
		} else if _, err := time.Parse(time.RFC3339, r[4]); err != nil {
			t.Errorf("revoked %q: %v", r[4], err)
		}
		if e := rows[editorID]; e[4] != "-" {
			t.Errorf("the other token was revoked too: %v", e)
		}
	})
	t.Run("the revoked token no longer authenticates, the other does", func(t *testing.T) {
		s, err := storage.Open(storage.Options{Dir: dir, GCInterval: -1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, errRevoked := s.Authenticate(context.Background(), readerSecret)
		_, errUnknown := s.Authenticate(context.Background(), "cg_"+strings.Repeat("A", 43))
		if errRevoked == nil || errRevoked.Error() != errUnknown.Error() {
			t.Errorf("revoked: %v, unknown: %v: want the same refusal", errRevoked, errUnknown)
		}
		if tok, err := s.Authenticate(context.Background(), editorSecret); err != nil || tok.ID.String() != editorID {
			t.Errorf("the editor's token: %v %v", tok, err)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"revoke without an ID", []string{"token", "revoke", "--data", dir}, "want the token's ID"},
		{"revoke of two IDs", []string{"token", "revoke", readerID, editorID, "--data", dir}, "one token ID at a time"},
		{"revoke of an unknown token", []string{"token", "revoke", "tok_00000000000zz", "--data", dir}, "tok_00000000000zz"},
		{"revoke of a claim ID", []string{"token", "revoke", "clm_0000000000001", "--data", dir}, "clm_0000000000001"},
		{"list with an argument", []string{"token", "list", "--data", dir, "extra"}, `unexpected argument "extra"`},
		{"an unknown subcommand", []string{"token", "rotate", "--data", dir}, `unknown subcommand "rotate"`},
		{"create with a bad role", []string{"token", "create", "--data", dir, "--name", "x", "--role", "owner"}, "role"},
	} {
		t.Run("reports "+tc.name, func(t *testing.T) {
			_, err := runCLI(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
