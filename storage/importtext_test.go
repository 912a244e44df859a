package storage_test

import (
	"strings"
	"testing"

	"claimgraph/prov"
)

func TestImportRefusesWhatIsNotText(t *testing.T) {
	const header = `{"format":"claimgraph","version":1}` + "\n"
	for name, tc := range map[string]struct{ line, want string }{
		"an invalid byte":  {"{\"type\":\"actor\",\"id\":\"act_0000000000001\",\"name\":\"Bad\xffName\",\"kind\":\"PERSON\"}", "line 3: actor.name: invalid UTF-8 (byte 0xff"},
		"a lone surrogate": {`{"type":"actor","id":"act_0000000000001","name":"x\udc80","kind":"PERSON"}`, `line 3: actor.name: \udc80`},
	} {
		t.Run("refuses "+name+" naming the line and field, and stores nothing", func(t *testing.T) {
			s := MustOpenStore(t)
			in := header + `{"type":"event","id":"evt_0000000000001","name":"fine"}` + "\n" + tc.line + "\n"
			_, err := s.Import(bg, strings.NewReader(in))
			wantErr(t, err, prov.EINVALID, tc.want)
			if out := exportString(t, s); strings.Count(out, "\n") != 1 {
				t.Errorf("the store is not empty after the refused import:\n%s", out)
			}
		})
	}
}
