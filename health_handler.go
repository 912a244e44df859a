package main

import (
	"fmt"
	"io"
	"net/http"

	"claimgraph/storage"
)

// healthHandler answers GET /healthz: 200 "ok" (saying so while the store's integrity
// checks still run in the background), or 503 with the reason when the store
// failed its integrity check at open (it then serves reads that may be missing
// acknowledged writes, and refuses writes).
func healthHandler(store *storage.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := store.Degraded(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "degraded: the store failed its integrity check at open: %v\n", err)
			return
		}
		select {
		case <-store.Verified():
			io.WriteString(w, "ok\n")
		default:
			io.WriteString(w, "ok (the integrity checks of the store are still running; writes wait for them)\n")
		}
	})
}
