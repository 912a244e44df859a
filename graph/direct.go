package graph

import (
	"context"
	"errors"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"claimgraph/prov"
)

// The direct executor answers read queries without gqlgen's executor: it walks the
// validated operation, calls the same resolvers gqlgen would, in the order gqlgen's
// response lists them, and writes the JSON as it goes. gqlgen resolves every resolver
// field and every element of a list of objects in a goroutine of its own and wraps
// each value in a Marshaler; for the claim trace that was two thirds of a request
// (docs/PERFORMANCE.md). Queries are parsed, validated, checked against the limits
// and their variables coerced by gqlgen as before; only execution changes.
//
// It covers the fields of the read types that have no arguments or the common ones
// (see direct_fields.go). Anything else — a mutation, introspection, @defer, a field
// it does not know, a field with a directive — and any error, panic or null in a
// non-null position sends the whole request to gqlgen's executor instead, which then
// answers exactly as it always did, with the error at its path. The direct answers
// are checked against gqlgen's, byte for byte, by direct_test.go.

// errIndirect sends a request to gqlgen's executor.
var errIndirect = errors.New("graph: not for the direct executor")

// directAnswered and directHandedOn count the queries the direct executor answered
// and those it handed to gqlgen's executor, over every handler of the process.
var directAnswered, directHandedOn atomic.Int64

// direct is the executor, one per handler.
type direct struct {
	r  *Resolver
	es *executableSchema
}

// dexec is the state of one direct execution.
type dexec struct {
	ctx context.Context
	oc  *graphql.OperationContext
	ec  *executionContext
	r   *Resolver
	buf []byte
}

var dexecPool = sync.Pool{New: func() any { return &dexec{buf: make([]byte, 0, 4096)} }}

// maxPooledBuffer keeps one very large answer from pinning its buffer in the pool.
const maxPooledBuffer = 1 << 20

// aroundResponses is the response middleware that answers a query directly, or hands
// it to next (gqlgen's executor) when it cannot.
func (d *direct) aroundResponses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if ctx.Value(dispatchedKey{}) == nil {
		return next(ctx) // DispatchError's answer to a request that failed validation
	}
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	x := dexecPool.Get().(*dexec)
	x.ctx, x.oc, x.r, x.buf = ctx, oc, d.r, x.buf[:0]
	x.ec = newExecutionContext(oc, d.es, nil)
	data, err := x.run()
	x.ctx, x.oc, x.ec, x.r = nil, nil, nil, nil
	if cap(x.buf) <= maxPooledBuffer {
		dexecPool.Put(x)
	}
	if err != nil {
		directHandedOn.Add(1)
		return next(ctx)
	}
	directAnswered.Add(1)
	return &graphql.Response{Data: data, Extensions: graphql.GetExtensions(ctx)}
}

// dispatchedKey marks the context of an operation gqlgen dispatches for execution:
// response middleware also runs for the errors of a request that never gets there.
type dispatchedKey struct{}

// aroundOperations marks the operation's context as dispatched.
func (d *direct) aroundOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, dispatchedKey{}, true))
}

// run executes the operation and returns a copy of the answer, or errIndirect.
func (x *dexec) run() (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, errIndirect // gqlgen's executor reports it
		}
	}()
	if err := x.query(x.oc.Operation.SelectionSet); err != nil {
		return nil, err
	}
	return append([]byte(nil), x.buf...), nil
}

// object writes one object: the fields sel selects on a value of the GraphQL type
// typ, each written by field. It returns errIndirect for what the direct executor
// leaves to gqlgen, or field's error.
func (x *dexec) object(typ string, implementors []string, sel ast.SelectionSet, field func(f graphql.CollectedField) error) error {
	fields := graphql.CollectFields(x.oc, sel, implementors)
	x.buf = append(x.buf, '{')
	for i, f := range fields {
		if len(f.Deferrables) > 0 || f.Definition == nil && f.Name != "__typename" || f.Definition != nil && len(f.Definition.Directives) > 0 {
			return errIndirect
		}
		if i > 0 {
			x.buf = append(x.buf, ',')
		}
		x.str(f.Alias)
		x.buf = append(x.buf, ':')
		if f.Name == "__typename" {
			x.str(typ)
			continue
		}
		if err := field(f); err != nil {
			return err
		}
	}
	x.buf = append(x.buf, '}')
	return nil
}

// args returns a field's arguments, coerced and typed as gqlgen's executor has them.
func (x *dexec) args(f graphql.CollectedField, parse func(context.Context, map[string]any) (map[string]any, error)) (map[string]any, error) {
	args, err := parse(x.ctx, f.ArgumentMap(x.oc.Variables))
	if err != nil {
		return nil, errIndirect
	}
	return args, nil
}

// list writes a JSON array of n elements, each written by elem.
func (x *dexec) list(n int, elem func(i int) error) error {
	x.buf = append(x.buf, '[')
	for i := range n {
		if i > 0 {
			x.buf = append(x.buf, ',')
		}
		if err := elem(i); err != nil {
			return err
		}
	}
	x.buf = append(x.buf, ']')
	return nil
}

// The scalar writers produce exactly what gqlgen's marshalers write.

func (x *dexec) null() { x.buf = append(x.buf, "null"...) }

// str writes s quoted as gqlgen's MarshalString does: only control characters,
// quotes and backslashes are escaped.
func (x *dexec) str(s string) {
	const hex = "0123456789ABCDEF"
	x.buf = append(x.buf, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		x.buf = append(x.buf, s[start:i]...)
		switch c {
		case '\t':
			x.buf = append(x.buf, `\t`...)
		case '\r':
			x.buf = append(x.buf, `\r`...)
		case '\n':
			x.buf = append(x.buf, `\n`...)
		case '\\':
			x.buf = append(x.buf, `\\`...)
		case '"':
			x.buf = append(x.buf, `\"`...)
		default:
			x.buf = append(x.buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	x.buf = append(x.buf, s[start:]...)
	x.buf = append(x.buf, '"')
}

func (x *dexec) strPtr(s *string) {
	if s == nil {
		x.null()
		return
	}
	x.str(*s)
}

// goQuote writes s as strconv.Quote does, which gqlgen's ID and Time marshalers use.
func (x *dexec) goQuote(s string) {
	if isPlainASCII(s) {
		x.buf = append(x.buf, '"')
		x.buf = append(x.buf, s...)
		x.buf = append(x.buf, '"')
		return
	}
	x.buf = strconv.AppendQuote(x.buf, s)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == 0x7f {
			return false
		}
	}
	return true
}

func (x *dexec) id(id prov.ID) { x.goQuote(id.String()) }

func (x *dexec) int(n int) { x.buf = strconv.AppendInt(x.buf, int64(n), 10) }

func (x *dexec) intPtr(n *int) {
	if n == nil {
		x.null()
		return
	}
	x.int(*n)
}

func (x *dexec) bool(b bool) { x.buf = strconv.AppendBool(x.buf, b) }

// float writes f as gqlgen's MarshalFloatContext does (%g); it refuses what that
// refuses.
func (x *dexec) float(f float64) error {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return errIndirect
	}
	x.buf = strconv.AppendFloat(x.buf, f, 'g', -1, 64)
	return nil
}

// time writes t as gqlgen's MarshalTime does; the zero time is null there, and so
// in a non-null position an error.
func (x *dexec) time(t time.Time, required bool) error {
	if t.IsZero() {
		if required {
			return errIndirect
		}
		x.null()
		return nil
	}
	x.buf = append(x.buf, '"')
	x.buf = t.AppendFormat(x.buf, time.RFC3339Nano)
	x.buf = append(x.buf, '"')
	return nil
}

func (x *dexec) timePtr(t *time.Time) error {
	if t == nil {
		x.null()
		return nil
	}
	return x.time(*t, false)
}

func (x *dexec) strings(ss []string) {
	x.buf = append(x.buf, '[')
	for i, s := range ss {
		if i > 0 {
			x.buf = append(x.buf, ',')
		}
		x.str(s)
	}
	x.buf = append(x.buf, ']')
}
