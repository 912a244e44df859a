package ndjson

// StrictDecode and FastDecode let the tests compare the two decodings.
var (
	StrictDecode = strictDecode
	FastDecode   = fastDecode
)
