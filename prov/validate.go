package prov

import (
	"strings"
	"unicode/utf8"
)

// maxTextLen bounds every short text field (names, titles, quotes, notes) in bytes.
const maxTextLen = 64 << 10

// checkName returns an EINVALID error naming field when s is empty, blank, not UTF-8 or
// too long.
func checkName(field, s string) error {
	if err := checkString(field, s); err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		return Errorf(EINVALID, "%s: must not be empty", field)
	}
	return nil
}

// checkOptional validates an optional text field: nil is fine, a set value must be a
// non-blank valid string.
func checkOptional(field string, s *string) error {
	if s == nil {
		return nil
	}
	return checkName(field, *s)
}

func checkString(field, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s: invalid UTF-8", field)
	}
	if len(s) > maxTextLen {
		return Errorf(EINVALID, "%s: longer than %d bytes", field, maxTextLen)
	}
	return nil
}

// CheckEnum returns an EINVALID error naming field and the allowed values when v is not
// one of them.
func CheckEnum[T ~string](field string, v T, allowed []T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return Errorf(EINVALID, "%s: unknown value %q (want one of %s)", field, string(v), strings.Join(names, ", "))
}
