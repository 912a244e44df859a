package graph

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// validationRules returns gqlparser's rules with values checked by valuesRule, and in
// production the rules that do not suggest names ("did you mean"), which would give
// away the schema that production mode hides.
func validationRules(production bool) func() *rules.Rules {
	return func() *rules.Rules {
		rs := rules.NewDefaultRules()
		rs.RemoveRule(rules.ValuesOfCorrectTypeRule.Name)
		v := valuesRule(production)
		rs.AddRule(v.Name, v.RuleFunc)
		if production {
			for _, swap := range []struct{ with, without core.Rule }{
				{rules.FieldsOnCorrectTypeRule, rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
				{rules.ScalarLeafsRule, rules.ScalarLeafsRuleWithoutSuggestions},
				{rules.KnownArgumentNamesRule, rules.KnownArgumentNamesRuleWithoutSuggestions},
				{rules.KnownTypeNamesRule, rules.KnownTypeNamesRuleWithoutSuggestions},
			} {
				rs.RemoveRule(swap.with.Name)
				rs.AddRule(swap.without.Name, swap.without.RuleFunc)
			}
		}
		return rs
	}
}

// valuesRule replaces gqlparser's ValuesOfCorrectType: it checks the literal values
// of arguments and variable defaults against their types, and names the place of a
// wrong value by its path (input.kind: "ALIEN" is not an ActorKind), which
// gqlparser's messages do not. Outside production, an unknown enum value or input
// field is answered with the names that are known.
func valuesRule(production bool) core.Rule {
	return core.Rule{Name: "ValuesOfCorrectTypeWithPaths", RuleFunc: func(observers *core.Events, addError core.AddErrFunc) {
		// The walker visits a fragment's fields from each spread and from the
		// fragment's definition: each value is reported once.
		reported := map[*ast.Value]bool{}
		vc := &valueChecker{production: production, report: func(v *ast.Value, format string, args ...any) {
			if reported[v] {
				return
			}
			reported[v] = true
			addError(core.Message("%s", fmt.Sprintf(format, args...)), core.At(v.Position))
		}}
		observers.OnField(func(w *core.Walker, f *ast.Field) {
			if f.Definition == nil {
				return // FieldsOnCorrectType reports it
			}
			vc.schema = w.Schema
			vc.arguments(f.Arguments, f.Definition.Arguments)
		})
		observers.OnDirective(func(w *core.Walker, d *ast.Directive) {
			if d.Definition == nil {
				return
			}
			vc.schema = w.Schema
			vc.arguments(d.Arguments, d.Definition.Arguments)
		})
		observers.OnOperation(func(w *core.Walker, op *ast.OperationDefinition) {
			vc.schema = w.Schema
			for _, v := range op.VariableDefinitions {
				if v.DefaultValue != nil && v.Type != nil {
					vc.value("$"+v.Variable+" (its default)", v.DefaultValue, v.Type)
				}
			}
		})
	}}
}

type valueChecker struct {
	schema     *ast.Schema
	production bool
	report     func(v *ast.Value, format string, args ...any)
}

func (c *valueChecker) arguments(args ast.ArgumentList, defs ast.ArgumentDefinitionList) {
	for _, a := range args {
		if d := defs.ForName(a.Name); d != nil {
			c.value(a.Name, a.Value, d.Type)
		}
	}
}

// value checks v, at path, against typ.
func (c *valueChecker) value(path string, v *ast.Value, typ *ast.Type) {
	switch {
	case v == nil || typ == nil:
		return
	case v.Kind == ast.Variable:
		return // VariablesInAllowedPosition checks its type, coercion its value
	case v.Kind == ast.NullValue:
		if typ.NonNull {
			c.report(v, "%s: must not be null (it is a %s)", path, typ)
		}
		return
	case typ.Elem != nil:
		if v.Kind != ast.ListValue {
			c.value(path, v, typ.Elem) // one value stands for a list of one
			return
		}
		for i, ch := range v.Children {
			c.value(fmt.Sprintf("%s[%d]", path, i), ch.Value, typ.Elem)
		}
		return
	}
	def := c.schema.Types[typ.NamedType]
	if def == nil {
		return // KnownTypeNames reports it
	}
	switch def.Kind {
	case ast.Scalar:
		c.scalar(path, v, def.Name)
	case ast.Enum:
		if v.Kind == ast.EnumValue && def.EnumValues.ForName(v.Raw) != nil {
			return
		}
		if v.Kind == ast.StringValue && def.EnumValues.ForName(v.Raw) != nil {
			c.report(v, "%s: write the %s value %s without quotes", path, def.Name, v.Raw)
			return
		}
		known := ""
		if !c.production {
			names := make([]string, len(def.EnumValues))
			for i, ev := range def.EnumValues {
				names[i] = ev.Name
			}
			known = " (" + strings.Join(names, ", ") + ")"
		}
		shown := v.String()
		if v.Kind == ast.EnumValue {
			shown = strconv.Quote(v.Raw) // a name it does not know, in quotes like the variable's
		}
		c.report(v, "%s: %s is not %s %s%s", path, shown, article(def.Name), def.Name, known)
	case ast.InputObject:
		if v.Kind != ast.ObjectValue {
			c.report(v, "%s: %s is not %s %s: write it as an object, {field: value}", path, v, article(def.Name), def.Name)
			return
		}
		for _, ch := range v.Children {
			fd := def.Fields.ForName(ch.Name)
			if fd == nil {
				known := ""
				if !c.production {
					names := make([]string, len(def.Fields))
					for i, f := range def.Fields {
						names[i] = f.Name
					}
					known = " (it has " + strings.Join(names, ", ") + ")"
				}
				c.report(ch.Value, "%s.%s: %s has no field %s%s", path, ch.Name, def.Name, ch.Name, known)
				continue
			}
			c.value(path+"."+ch.Name, ch.Value, fd.Type)
		}
		for _, fd := range def.Fields {
			if fd.Type.NonNull && fd.DefaultValue == nil && v.Children.ForName(fd.Name) == nil {
				c.report(v, "%s.%s: is required (a %s)", path, fd.Name, fd.Type)
			}
		}
	}
}

// scalar checks v against one of the built-in scalars; a custom scalar (Time) parses
// its own values when the resolver's arguments are read.
func (c *valueChecker) scalar(path string, v *ast.Value, name string) {
	ok := true
	switch name {
	case "Int":
		if v.Kind == ast.IntValue {
			if _, err := strconv.ParseInt(v.Raw, 10, 32); err != nil {
				c.report(v, "%s: %s is out of range for an Int (32 bits)", path, v.Raw)
			}
			return
		}
		ok = false
	case "Float":
		ok = v.Kind == ast.IntValue || v.Kind == ast.FloatValue
	case "String":
		ok = v.Kind == ast.StringValue || v.Kind == ast.BlockValue
	case "Boolean":
		ok = v.Kind == ast.BooleanValue
	case "ID":
		ok = v.Kind == ast.StringValue || v.Kind == ast.IntValue
	}
	if !ok {
		c.report(v, "%s: %s is not %s %s", path, v, article(name), name)
	}
}

// article is the indefinite article of a type name.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an"
	}
	return "a"
}

// describeVariableError rewrites gqlparser's error about a variable's value, whose
// path is variable.NAME.field…, into a message naming the variable and the place in
// it ($input.kind: "ALIEN" is not an ActorKind), in the words valuesRule uses for
// literals; it clears the path, which is for places in the response.
func describeVariableError(ctx context.Context, schema *ast.Schema, e *gqlerror.Error, production bool) {
	path := e.Path[1:]
	where := ""
	for _, p := range path {
		switch p := p.(type) {
		case ast.PathName:
			where = joinPath(where, string(p))
		case ast.PathIndex:
			where += fmt.Sprintf("[%d]", int(p))
		}
	}
	where = "$" + where
	msg := e.Message
	typ, parent := variableType(ctx, schema, path)
	switch {
	case typ == nil && parent != nil && msg == "unknown field":
		known := ""
		if !production {
			names := make([]string, len(parent.Fields))
			for i, f := range parent.Fields {
				names[i] = f.Name
			}
			known = " (it has " + strings.Join(names, ", ") + ")"
		}
		if name, ok := path[len(path)-1].(ast.PathName); ok {
			msg = fmt.Sprintf("%s has no field %s%s", parent.Name, string(name), known)
		}
	case typ == nil:
	case msg == "must be defined":
		msg = fmt.Sprintf("is required (a %s)", typ)
	case msg == "cannot be null":
		msg = fmt.Sprintf("must not be null (it is a %s)", typ)
	default:
		def := schema.Types[typ.Name()]
		if def != nil && def.Kind == ast.Enum {
			if val, ok := strings.CutSuffix(msg, " is not a valid "+def.Name); ok {
				known := ""
				if !production {
					names := make([]string, len(def.EnumValues))
					for i, ev := range def.EnumValues {
						names[i] = ev.Name
					}
					known = " (" + strings.Join(names, ", ") + ")"
				}
				msg = fmt.Sprintf("%q is not %s %s%s", val, article(def.Name), def.Name, known)
			}
		}
	}
	e.Message = "variable " + where + ": " + msg
	e.Path = nil
}

// variableType returns the type of the value at path in a variable of the request's
// operation (path[0] is the variable's name), and the input object that holds it; nil
// when it cannot tell (an unknown field has no type, only its parent).
func variableType(ctx context.Context, schema *ast.Schema, path ast.Path) (*ast.Type, *ast.Definition) {
	if schema == nil || len(path) == 0 || !graphql.HasOperationContext(ctx) {
		return nil, nil
	}
	op := graphql.GetOperationContext(ctx).Operation
	name, ok := path[0].(ast.PathName)
	if op == nil || !ok {
		return nil, nil
	}
	vd := op.VariableDefinitions.ForName(string(name))
	if vd == nil {
		return nil, nil
	}
	typ := vd.Type
	var parent *ast.Definition
	for _, p := range path[1:] {
		switch p := p.(type) {
		case ast.PathIndex:
			if typ.Elem == nil {
				return nil, nil
			}
			typ = typ.Elem
		case ast.PathName:
			def := schema.Types[typ.Name()]
			if def == nil || def.Kind != ast.InputObject {
				return nil, nil
			}
			f := def.Fields.ForName(string(p))
			if f == nil {
				return nil, def
			}
			parent, typ = def, f.Type
		}
	}
	return typ, parent
}
