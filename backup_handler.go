package main

import (
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"claimgraph/storage"
)

// backupHandler streams a backup of the running store (GET /admin/backup?since=N). It
// answers only requests from the loopback interface: a backup holds everything.
func backupHandler(store *storage.Store, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "backups are served to the loopback interface only", http.StatusForbidden)
			return
		}
		var since uint64
		if v := r.URL.Query().Get("since"); v != "" {
			if since, err = strconv.ParseUint(v, 10, 64); err != nil {
				http.Error(w, "since: not a whole number", http.StatusBadRequest)
				return
			}
		}
		head := store.Head()
		if since > head.Seq {
			http.Error(w, "since: past the audit head "+strconv.FormatUint(head.Seq, 10), http.StatusBadRequest)
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
