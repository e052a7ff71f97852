package archive

import (
	"fmt"
	"math"
)

// Limits bound what an archive may unpack to. A zero or negative field takes its
// default.
type Limits struct {
	// MaxFiles is the most entries the central directory may list, folders
	// included. Default 5000.
	MaxFiles int
	// MaxTotalSize is the most bytes all files may decompress to. Default 1 GiB.
	MaxTotalSize int64
	// MaxFileSize is the most bytes one file may decompress to. Default 512 MiB.
	MaxFileSize int64
	// MaxRatio is the most times an entry, or the whole archive, may expand
	// (decompressed bytes / compressed bytes) once past a 1 MiB allowance. Default 100.
	MaxRatio int
	// MaxNameLength is the most bytes a cleaned name may have. Default 512, which
	// leaves room for a storage prefix under the 1024-byte object key limit of S3.
	MaxNameLength int
	// MaxDepth is the most elements a name may have ("a/b/c.html" has 3). Default 32.
	MaxDepth int
}

// DefaultLimits returns the limits used for fields left zero.
func DefaultLimits() Limits {
	return Limits{
		MaxFiles:      5000,
		MaxTotalSize:  1 << 30,
		MaxFileSize:   512 << 20,
		MaxRatio:      100,
		MaxNameLength: 512,
		MaxDepth:      32,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFiles <= 0 {
		l.MaxFiles = d.MaxFiles
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = d.MaxTotalSize
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxNameLength <= 0 {
		l.MaxNameLength = d.MaxNameLength
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// ratioGrace is how far any entry or archive may expand before MaxRatio applies:
// a 200-byte file of spaces compresses 100-fold and more, and that is no bomb.
const ratioGrace = 1 << 20

// ratioCap is how many bytes compressed bytes may decompress to.
func (l Limits) ratioCap(compressed int64) int64 {
	return max(ratioGrace, mulSat(compressed, int64(l.MaxRatio)))
}

// mulSat multiplies non-negative numbers, saturating instead of overflowing.
func mulSat(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// sizeText writes a byte count for people: "512 MiB", "1 GiB", "1.5 KiB".
func sizeText(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		switch {
		case n >= u.size && n%u.size == 0:
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		case n >= u.size:
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
