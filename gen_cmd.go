package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"claimgraph/synth"
)

// genCmd writes a synthetic corpus in the import format to stdout, for benchmarks and
// load tests; a summary goes to stderr.
func genCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gen", "claimgraph gen --claims N [--seed S] > FILE", stderr)
	claims := fs.Int("claims", 10000, "number of `N` claims; events, actors, sources, attributions and relations scale with it")
	seed := fs.Uint64("seed", 1, "`seed` of the corpus: the same N and seed give the same bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("gen: unexpected argument %q", fs.Arg(0))
	}
	if *claims < 1 || *claims > synth.MaxClaims {
		return fmt.Errorf("--claims: want 1 to %d, not %d", synth.MaxClaims, *claims)
	}
	out := bufio.NewWriterSize(stdout, 1<<20)
	start := time.Now()
	st, err := synth.Write(ctx, out, synth.Config{Claims: *claims, Seed: *seed})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return errors.New("gen: " + err.Error())
	}
	elapsed := time.Since(start)
	fmt.Fprintf(stderr, "generated %d records (%d events, %d actors, %d sources of which %d with text, %d claims, %d attributions of which %d with spans, %d relations, %d reviews), %.1f MiB in %s; top claimant %s with %d claims\n",
		st.Records, st.Events, st.Actors, st.Sources, st.SourcesWithText, st.Claims, st.Attributions, st.AttributionsWithSpan,
		st.Relations, st.Reviews, float64(st.Bytes)/(1<<20), elapsed.Round(time.Millisecond), st.TopClaimant, st.TopClaimantClaims)
	return nil
}
