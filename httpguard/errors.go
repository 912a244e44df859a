package httpguard

import (
	"encoding/json"
	"net/http"
)

// The extensions.code values the guard answers with: the API's own codes (see
// graph.Codes), so that a client handles a refusal of the guard as it handles the
// same refusal of the API.
const (
	CodeInvalid     = "INVALID"
	CodeForbidden   = "FORBIDDEN"
	CodeUnavailable = "UNAVAILABLE"
)

// The extensions.reason values: the specific cause behind a code.
const (
	ReasonMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	ReasonUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	ReasonRequestTooLarge      = "REQUEST_TOO_LARGE"
	ReasonHeadersTooLarge      = "HEADERS_TOO_LARGE"
	ReasonBatchNotSupported    = "BATCH_NOT_SUPPORTED"
	ReasonBadRequest           = "BAD_REQUEST"
	ReasonBadParameter         = "BAD_PARAMETER"
	ReasonCORSOriginNotAllowed = "CORS_ORIGIN_NOT_ALLOWED"
	ReasonRateLimited          = "RATE_LIMITED"
	ReasonTooManyInFlight      = "TOO_MANY_IN_FLIGHT"
	ReasonServerBusy           = "SERVER_BUSY"
	ReasonBusy                 = "BUSY"
)

// WriteError writes a GraphQL-shaped error response with status, extensions.code
// code, extensions.reason reason (left out when empty) and the other extensions in
// ext.
func WriteError(w http.ResponseWriter, status int, code, reason, message string, ext map[string]any) {
	extensions := map[string]any{"code": code}
	if reason != "" {
		extensions["reason"] = reason
	}
	for k, v := range ext {
		extensions[k] = v
	}
	body, _ := json.Marshal(map[string]any{
		"errors": []any{map[string]any{"message": message, "extensions": extensions}},
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// OneAtATime returns next serving one request at a time: a request that arrives while
// another is served gets 503 UNAVAILABLE (reason BUSY) with Retry-After, and the
// message that what (e.g. "a backup") is already being made. It does not queue, so a
// request never waits for a place with its connection open.
func OneAtATime(next http.Handler, what string) http.Handler {
	busy := make(chan struct{}, 1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case busy <- struct{}{}:
			defer func() { <-busy }()
		default:
			w.Header().Set("Retry-After", "5")
			WriteError(w, http.StatusServiceUnavailable, CodeUnavailable, ReasonBusy,
				what+" is already being made: retry when it is done", map[string]any{"retryAfter": 5})
			return
		}
		next.ServeHTTP(w, r)
	})
}
