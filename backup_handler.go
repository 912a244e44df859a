package main

import (
	"log/slog"
	"net/http"
	"strconv"

	"claimgraph/graph"
	"claimgraph/httpguard"
	"claimgraph/prov"
	"claimgraph/storage"
)

// backupHandler streams a backup of the running store (GET /admin/backup?since=N) to
// an admin token: a backup holds everything. It runs behind graph.Authenticate.
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
		head := store.Head()
		if since > head.Seq {
			httpguard.WriteError(w, http.StatusBadRequest, httpguard.CodeInvalid, httpguard.ReasonBadParameter, "since: past the audit head "+strconv.FormatUint(head.Seq, 10), nil)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		h, err := store.Backup(r.Context(), w, since)
		if err != nil {
			// The body has begun: the backup's missing checksum tells restore it is cut.
			log.Error("backup", "err", err)
			return
		}
		log.Info("backup served", "kind", h.Kind, "since", since, "head", h.Head.Seq)
	})
}
