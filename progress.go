package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"claimgraph/storage"
)

// progress draws a one-line progress bar on a terminal and nothing elsewhere, so logs
// and pipes stay clean.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	phase string
	since time.Time // when the phase began
	total int64     // the input's size; 0 when unknown
}

func newProgress(w io.Writer, total int64) *progress {
	on := false
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	now := time.Now()
	return &progress{w: w, on: on, start: now, since: now, total: total}
}

const barWidth = 30

// update redraws the line at most ten times a second.
func (p *progress) update(at storage.ImportProgress) {
	if !p.on {
		return
	}
	now := time.Now()
	if at.Phase != p.phase {
		p.phase, p.since = at.Phase, now
	} else if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprintf(p.w, "\r\033[K%s", p.line(at, now))
}

// line is the progress line: the phase, a bar of the input read, the records and their
// rate, the time taken and an estimate of the time left in the phase.
func (p *progress) line(at storage.ImportProgress, now time.Time) string {
	verb := map[string]string{"check": "checking", "write": "writing", "import": "importing", "index": "indexing"}[at.Phase]
	if verb == "" {
		verb = at.Phase
	}
	phase := now.Sub(p.since).Seconds()
	var b strings.Builder
	fmt.Fprintf(&b, "%-9s ", verb)
	left := ""
	if p.total > 0 {
		frac := min(float64(at.Bytes)/float64(p.total), 1)
		full := int(frac * barWidth)
		b.WriteString("[" + strings.Repeat("=", full))
		if full < barWidth {
			b.WriteString(">" + strings.Repeat(" ", barWidth-full-1))
		}
		fmt.Fprintf(&b, "] %3.0f%% ", 100*frac)
		if frac >= 0.02 && frac < 1 && phase >= 1 {
			left = fmt.Sprintf(", about %s left", time.Duration(phase*(1-frac)/frac*float64(time.Second)).Round(time.Second))
		}
	}
	fmt.Fprintf(&b, "%d records", at.Records)
	switch {
	case at.Phase == "index":
		b.WriteString(", writing the sorted reverse edges and unique keys")
	case phase >= 0.5:
		fmt.Fprintf(&b, ", %.0f/s", float64(at.Records)/phase)
	}
	fmt.Fprintf(&b, ", %s%s", now.Sub(p.start).Round(time.Second), left)
	return b.String()
}

// done ends the progress line.
func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
