package storage

import (
	"context"
	"os"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZHeap(t *testing.T) {
	p := os.Getenv("ZZFILE")
	if p == "" {
		t.Skip()
	}
	f, _ := os.Open(p)
	defer f.Close()
	dir := t.TempDir()
	go func() {
		d, _ := time.ParseDuration(os.Getenv("ZZAT"))
		time.Sleep(d)
		out, _ := os.Create("/tmp/zzheap.out")
		pprof.Lookup("heap").WriteTo(out, 0)
		out.Close()
	}()
	st, err := ImportDir(context.Background(), Options{Dir: dir, GCInterval: -1}, f, nil)
	t.Log(st, err)
}
