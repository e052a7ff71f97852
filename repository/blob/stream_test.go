package blob_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/repository/blob"
)

// TestPutStreamsLargeBody uploads 50 MiB generated on the fly and checks that the
// heap never grew by anything near the file's size: a sanity check that Put
// streams, not a benchmark. It is not parallel because it measures the whole
// process's heap.
func TestPutStreamsLargeBody(t *testing.T) {
	const size = 50 << 20
	const bound = 32 << 20
	e := newEnv(t, blob.Options{})
	h := sha256.New()
	if _, err := io.Copy(h, noise(42, size)); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	// Collect garbage promptly so the peak reflects live memory.
	defer debug.SetGCPercent(debug.SetGCPercent(20))
	for _, announced := range []int64{size, -1} {
		t.Run(fmt.Sprint("size ", announced), func(t *testing.T) {
			var b blob.Blob
			growth := peakHeapGrowth(t, func() {
				var err error
				b, err = e.store.Put(context.Background(), noise(42, size), announced, "video/mp4")
				if err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("heap grew by at most %.1f MiB for a %d MiB upload", float64(growth)/(1<<20), size>>20)
			if b.SHA256 != want || b.Size != size {
				t.Fatalf("got %+v, want sha %s", b, want)
			}
			if growth > bound {
				t.Fatalf("heap grew by %d MiB while storing %d MiB: the body is buffered", growth>>20, size>>20)
			}
		})
	}
	info, err := e.s3.StatObject(context.Background(), e.bucket, e.key(want), minio.StatObjectOptions{})
	if err != nil || info.Size != size {
		t.Fatalf("stored object: %+v %v", info, err)
	}
}

// peakHeapGrowth runs fn and returns how far HeapAlloc rose above where it was.
func peakHeapGrowth(t *testing.T, fn func()) uint64 {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return peak - base
}
