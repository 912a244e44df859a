package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/prov"
)

// TestOneExportAtATime holds one whole-store export open and starts another: the
// second is refused at once with UNAVAILABLE, and runs once the first is done; an
// event's export runs beside it.
func TestOneExportAtATime(t *testing.T) {
	directive := wholeStore()
	editor := WithPrincipal(context.Background(), &prov.Token{ID: prov.ID{Type: prov.TypeToken, Seq: 2}, Role: prov.RoleEditor})
	ctx := graphql.WithFieldContext(editor, &graphql.FieldContext{Args: map[string]any{"event": (*prov.ID)(nil), "claim": (*prov.ID)(nil)}})
	event := prov.ID{Type: prov.TypeEvent, Seq: 1}
	eventCtx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Args: map[string]any{"event": &event, "claim": (*prov.ID)(nil)}})
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := directive(ctx, nil, func(context.Context) (any, error) {
			close(started)
			<-release
			return "first", nil
		}, prov.RoleEditor)
		done <- err
	}()
	<-started
	ran := false
	_, err := directive(ctx, nil, func(context.Context) (any, error) { ran = true; return nil, nil }, prov.RoleEditor)
	if ran || err == nil {
		t.Fatalf("a second export ran beside the first (err %v)", err)
	}
	if e, ok := err.(*gqlerror.Error); !ok || e.Extensions["code"] != "UNAVAILABLE" || e.Extensions["reason"] != "BUSY" {
		t.Errorf("error %#v, want UNAVAILABLE, reason BUSY", err)
	}
	if v, err := directive(eventCtx, nil, func(context.Context) (any, error) { return "event", nil }, prov.RoleEditor); err != nil || v != "event" {
		t.Errorf("an event's export beside a whole-store one: %v %v", v, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v, err := directive(ctx, nil, func(context.Context) (any, error) { return "second", nil }, prov.RoleEditor); err != nil || v != "second" {
		t.Errorf("after the first: %v %v", v, err)
	}
}

// TestWholeStoreNeedsTheRole checks the directive without an event or claim.
func TestWholeStoreNeedsTheRole(t *testing.T) {
	directive := wholeStore()
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Args: map[string]any{"event": (*prov.ID)(nil)}})
	next := func(context.Context) (any, error) { return "ran", nil }
	if _, err := directive(ctx, nil, next, prov.RoleEditor); prov.ErrorCode(err) != prov.EUNAUTHORIZED {
		t.Errorf("anonymous: %v", err)
	}
	reader := WithPrincipal(ctx, &prov.Token{ID: prov.ID{Type: prov.TypeToken, Seq: 1}, Role: prov.RoleReader})
	if _, err := directive(reader, nil, next, prov.RoleEditor); prov.ErrorCode(err) != prov.EFORBIDDEN {
		t.Errorf("reader: %v", err)
	}
	editor := WithPrincipal(ctx, &prov.Token{ID: prov.ID{Type: prov.TypeToken, Seq: 2}, Role: prov.RoleEditor})
	if v, err := directive(editor, nil, next, prov.RoleEditor); err != nil || v != "ran" {
		t.Errorf("editor: %v %v", v, err)
	}
}
