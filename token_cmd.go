package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"claimgraph/prov"
)

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const synopsis = "claimgraph token create --name NAME --role reader|editor|admin | token list | token revoke ID  [--data DIR]"
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "Usage: %s\n", synopsis)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errors.New("token: want create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("token "+sub, synopsis, stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store (stop the server first)")
	name := fs.String("name", "", "what the token is for (create)")
	roleFlag := fs.String("role", "", "reader, editor or admin (create)")
	minFree := minFreeFlag(fs)
	// Flags may come before or after the ID: token revoke ID --data DIR.
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if args = fs.Args(); len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	switch {
	case sub != "create" && sub != "list" && sub != "revoke":
		return fmt.Errorf("token: unknown subcommand %q (want create, list or revoke)", sub)
	case sub != "revoke" && len(pos) != 0:
		return fmt.Errorf("token %s: unexpected argument %q", sub, pos[0])
	case sub == "revoke" && len(pos) == 0:
		return errors.New("token revoke: want the token's ID (tok_…, as token list shows it)")
	case sub == "revoke" && len(pos) > 1:
		return fmt.Errorf("token revoke: one token ID at a time, not %q and %q", pos[0], pos[1])
	}
	var role prov.Role
	if sub == "create" {
		if strings.TrimSpace(*name) == "" {
			return errors.New("token create: --name is required")
		}
		r, err := prov.ParseRole(*roleFlag)
		if err != nil {
			return errors.New("token create: --" + describe(err))
		}
		role = r
	}
	store, err := openForWrite(*dir, *minFree, false)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "create":
		tok, secret, err := store.CreateToken(ctx, *name, role)
		if err != nil {
			return errors.New(describe(err))
		}
		fmt.Fprintf(stdout, "created %s %q with the %s role; the token is shown only now:\n%s\n", tok.ID, tok.Name, strings.ToLower(string(tok.Role)), secret)
	case "list":
		toks, err := store.Tokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tCREATED\tREVOKED")
		for _, t := range toks {
			revoked := "-"
			if t.RevokedAt != nil {
				revoked = t.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, strings.ToLower(string(t.Role)), t.CreatedAt.Format(time.RFC3339), revoked)
		}
		return w.Flush()
	case "revoke":
		id, err := prov.ParseIDOf(prov.TypeToken, pos[0])
		if err != nil {
			return errors.New(describe(err))
		}
		tok, err := store.RevokeToken(ctx, id)
		if err != nil {
			return errors.New(describe(err))
		}
		fmt.Fprintf(stdout, "revoked %s %q\n", tok.ID, tok.Name)
	}
	return nil
}
