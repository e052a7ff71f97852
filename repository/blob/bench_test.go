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
