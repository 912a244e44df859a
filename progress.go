package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress draws a one-line progress report on a terminal and nothing elsewhere, so
// logs and pipes stay clean.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	bytes int // the input's size, for context
}

func newProgress(w io.Writer, bytes int) *progress {
	on := false
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	now := time.Now()
	return &progress{w: w, on: on, start: now, bytes: bytes}
}

// update redraws the line at most ten times a second.
func (p *progress) update(phase string, records int) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	elapsed := time.Since(p.start).Seconds()
	verb := "checking"
	if phase == "write" {
		verb = "writing"
	}
	fmt.Fprintf(p.w, "\r%s: %d records, %.0f/s, %s elapsed (input %.1f MiB)   ", verb, records, float64(records)/elapsed, time.Since(p.start).Round(time.Second), float64(p.bytes)/(1<<20))
}

// done ends the progress line.
func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
