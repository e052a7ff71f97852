package blob_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/hoclieu/hoclieu/repository/blob"
)

const benchSize = 64 << 20

// BenchmarkPut stores a new 64 MiB file per iteration (hashing, the temporary
// upload, the server-side copy and the metadata row); compare its MB/s with
// BenchmarkDirectPut to see what content addressing costs.
func BenchmarkPut(b *testing.B) {
	e := newEnv(b, blob.Options{})
	ctx := context.Background()
	b.SetBytes(benchSize)
	b.ReportAllocs()
	for i := uint64(0); b.Loop(); i++ {
		if _, err := e.store.Put(ctx, noise(i, benchSize), benchSize, "video/mp4"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutDuplicate stores the same 64 MiB again each iteration: the bytes
// still travel and are hashed, but the copy is skipped.
func BenchmarkPutDuplicate(b *testing.B) {
	e := newEnv(b, blob.Options{})
	ctx := context.Background()
	b.SetBytes(benchSize)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.store.Put(ctx, noise(7, benchSize), benchSize, "video/mp4"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectPut is a plain MinIO PutObject of the same size and part size.
func BenchmarkDirectPut(b *testing.B) {
	e := newEnv(b, blob.Options{})
	ctx := context.Background()
	b.SetBytes(benchSize)
	b.ReportAllocs()
	for i := uint64(0); b.Loop(); i++ {
		_, err := e.s3.PutObject(ctx, e.bucket, fmt.Sprintf("direct/%d", i), noise(i, benchSize), benchSize,
			minio.PutObjectOptions{ContentType: "video/mp4", PartSize: 16 << 20})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResumableUpload stores a new 64 MiB file per iteration in 5 MiB chunks
// (one multipart part each, the hash state saved after each, then the copy to its
// hash's key); compare with BenchmarkPut and BenchmarkDirectPut.
func BenchmarkResumableUpload(b *testing.B) {
	e := newEnv(b, blob.Options{PartSize: 5 << 20})
	ctx := context.Background()
	b.SetBytes(benchSize)
	b.ReportAllocs()
	for i := uint64(0); b.Loop(); i++ {
		u, err := e.store.BeginUpload(ctx, 1, "video.mp4", benchSize)
		if err != nil {
			b.Fatal(err)
		}
		body := noise(1000+i, benchSize)
		for !u.Done() {
			n := min(u.ChunkSize, benchSize-u.Received)
			if u, err = e.store.WriteChunk(ctx, 1, u.ID, u.Received, body, n, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}
