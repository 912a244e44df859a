package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"claimgraph/graph"
	"claimgraph/httpguard"
	"claimgraph/prov"
	"claimgraph/storage"
)

// backupChunkTimeout is how long one write of a backup's body may take: a backup of a
// large store takes longer than the server's write timeout, which bounds a whole
// response, so the handler moves the deadline before every chunk instead.
const backupChunkTimeout = time.Minute

// backupHandler streams a backup of the running store (GET /admin/backup?since=N) to
// an admin token: a backup holds everything. It runs behind graph.Authenticate. A
// degraded store (failed its integrity check at open) answers 503 with the reason.
func backupHandler(store *storage.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := graph.Principal(r.Context()); tok == nil || !tok.Role.Allows(prov.RoleAdmin) {
			httpguard.WriteError(w, http.StatusForbidden, httpguard.CodeForbidden, "", "backups need a token with the admin role", nil)
			return
		}
		var since uint64
		var err error
		if v := r.URL.Query().Get("since"); v != "" {
			if since, err = strconv.ParseUint(v, 10, 64); err != nil {
				httpguard.WriteError(w, http.StatusBadRequest, httpguard.CodeInvalid, httpguard.ReasonBadParameter, "since: not a whole number", nil)
				return
			}
		}
		if err := refuseDegraded("backup", store); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		head := store.Head()
		if since > head.Seq {
			httpguard.WriteError(w, http.StatusBadRequest, httpguard.CodeInvalid, httpguard.ReasonBadParameter, "since: past the audit head "+strconv.FormatUint(head.Seq, 10), nil)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		h, err := store.Backup(r.Context(), &deadlineWriter{w: w, rc: http.NewResponseController(w)}, since)
		if err != nil {
			// The body has begun: the backup's missing checksum tells the client it is cut.
			log.Error("backup", "err", err)
			return
		}
		log.Info("backup served", "kind", h.Kind, "since", since, "head", h.Head.Seq)
	})
}

// deadlineWriter gives every write to the response backupChunkTimeout from its start.
type deadlineWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	if err := d.rc.SetWriteDeadline(time.Now().Add(backupChunkTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return 0, fmt.Errorf("extend the write deadline: %w", err)
	}
	return d.w.Write(p)
}
