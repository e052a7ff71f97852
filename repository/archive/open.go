package archive

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
)

// Package is a checked archive whose files can be read one at a time, in place, as a
// web server serves the files of an HTML5 package from object storage. It keeps only
// where each file's data lies, so each Open reads just that file's bytes, from
// whichever io.ReaderAt over the same archive the caller has at hand. It is safe for
// concurrent use.
type Package struct {
	Manifest *Manifest
	lim      Limits
	size     int64
	files    map[string]located
}

// located is where a file's compressed data is and what it must decompress to.
type located struct {
	offset, compressed int64
	method             uint16
	size               uint64
	crc                uint32
}

// Load checks the ZIP archive of size bytes read from r as Inspect does and returns
// it ready for Open.
func Load(r io.ReaderAt, size int64, lim Limits) (*Package, error) {
	m, err := Inspect(r, size, lim)
	if err != nil {
		return nil, err
	}
	p, err := plan(r, size, lim) // headers again: cheap next to decompressing all
	if err != nil {
		return nil, err
	}
	pk := &Package{Manifest: m, lim: p.lim, size: size, files: make(map[string]located, len(p.files))}
	for _, e := range p.files {
		off, err := e.f.DataOffset()
		if err != nil {
			return nil, refuse("archive.corrupt.missing_data", e.name)
		}
		pk.files[e.name] = located{off, int64(e.f.CompressedSize64), e.f.Method, e.f.UncompressedSize64, e.f.CRC32}
	}
	return pk, nil
}

// Open returns a reader of the file called name (a cleaned name, as in Manifest),
// reading its data from r, which must read the archive Load checked. Any name the
// archive does not hold, "../x" and absolute names included, is fs.ErrNotExist. The
// reader fails if the data does not decompress to the size and checksum checked by
// Load.
func (p *Package) Open(r io.ReaderAt, name string) (io.ReadCloser, error) {
	l, ok := p.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	var body io.ReadCloser = io.NopCloser(io.NewSectionReader(r, l.offset, l.compressed))
	if l.method == zip.Deflate {
		body = flate.NewReader(io.NewSectionReader(r, l.offset, l.compressed))
	}
	return &checkedFile{r: body, l: l, name: name, h: crc32.NewIEEE()}, nil
}

// checkedFile hands over exactly the checked size and verifies the checksum at the end.
type checkedFile struct {
	r    io.ReadCloser
	l    located
	name string
	h    hash.Hash32
	n    uint64
	err  error
}

func (c *checkedFile) Read(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if left := c.l.size - c.n; uint64(len(b)) > left+1 {
		b = b[:left+1] // one byte more tells "too long" from "exact"
	}
	n, err := c.r.Read(b)
	c.n += uint64(n)
	c.h.Write(b[:n])
	switch {
	case c.n > c.l.size:
		c.err = refuse("archive.corrupt.size", c.name)
		return n - 1, c.err
	case err == io.EOF && (c.n != c.l.size || c.h.Sum32() != c.l.crc):
		c.err = refuse("archive.corrupt.checksum", c.name)
		return n, c.err
	case err != nil && err != io.EOF:
		c.err = fmt.Errorf("archive: read %s: %w", c.name, err)
		return n, c.err
	}
	return n, err
}

func (c *checkedFile) Close() error { return c.r.Close() }
