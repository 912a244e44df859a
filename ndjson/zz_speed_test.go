package ndjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"syscall"
	"testing"
	"time"

	"claimgraph/prov"
)

func TestZZSpeed(t *testing.T) {
	p := os.Getenv("ZZFILE")
	if p == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(p)
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, MaxLineLen)
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	lines = lines[1:]
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0 := cpu()
	start := time.Now()
	for i, l := range lines {
		if _, err := Decode(l, i+2); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("per line: %v wall, %v cpu", time.Since(start), cpu()-c0)
	c0 = cpu()
	start = time.Now()
	for c := 0; c < len(lines); c += 256 {
		end := min(c+256, len(lines))
		var buf []byte
		for _, l := range lines[c:end] {
			buf = append(buf, l...)
			buf = append(buf, '\n')
		}
		d := json.NewDecoder(bytes.NewReader(buf))
		d.DisallowUnknownFields()
		for _, l := range lines[c:end] {
			typ, _ := leadingType(l)
			var target any
			switch typ {
			case "claim":
				target = &struct {
					Type string `json:"type"`
					*prov.Claim
				}{Claim: &prov.Claim{}}
			case "attribution":
				target = &struct {
					Type string `json:"type"`
					*prov.Attribution
				}{Attribution: &prov.Attribution{}}
			case "source":
				target = &struct {
					Type string `json:"type"`
					*prov.Source
				}{Source: &prov.Source{}}
			default:
				target = &map[string]any{}
			}
			if err := d.Decode(target); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("stream: %v wall, %v cpu", time.Since(start), cpu()-c0)
}
