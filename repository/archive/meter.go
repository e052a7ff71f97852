package archive

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
)

// source remembers the first error of the underlying io.ReaderAt, so that a failing
// disk or network is reported as such and not as a damaged archive. Reads outside the
// archive, where a hostile offset points, are the archive's fault: they end at its
// edges and never reach the underlying reader.
type source struct {
	r    io.ReaderAt
	size int64
	err  error
}

var errOutside = errors.New("archive: offset outside the archive")

func (s *source) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > s.size {
		return 0, errOutside
	}
	short := false
	if int64(len(p)) > s.size-off {
		p, short = p[:s.size-off], true
	}
	n, err := s.r.ReadAt(p, off)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	if err == nil && short {
		err = io.EOF
	}
	return n, err
}

// limit is a number of bytes and the error for going past it.
type limit struct {
	n   int64
	err func() error
}

// meter counts the decompressed bytes of one entry and fails, without handing over
// the excess, as soon as they pass the smallest limit. Its error is sticky.
type meter struct {
	r    io.Reader
	c    *checked
	name string
	caps []limit
	n    int64 // bytes handed over
	err  error
}

func (m *meter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	allowed := m.allowed()
	// Ask for one byte more than allowed, to tell "exactly at the limit" from "over".
	if int64(len(p)) > allowed-m.n+1 {
		p = p[:allowed-m.n+1]
	}
	n, err := m.r.Read(p)
	if m.n+int64(n) > allowed {
		n = int(allowed - m.n)
		m.n = allowed
		m.err = m.exceeded()
		return n, m.err
	}
	m.n += int64(n)
	if err != nil && err != io.EOF {
		m.err = m.readError(err)
		return n, m.err
	}
	return n, err
}

func (m *meter) allowed() int64 {
	a := m.caps[0].n
	for _, c := range m.caps[1:] {
		a = min(a, c.n)
	}
	return max(a, 0)
}

// exceeded returns the error of the tightest limit.
func (m *meter) exceeded() error {
	tightest := m.caps[0]
	for _, c := range m.caps[1:] {
		if c.n < tightest.n {
			tightest = c
		}
	}
	return tightest.err()
}

// readError tells damaged data, which the user can fix, from failing storage.
func (m *meter) readError(err error) error {
	if m.c.src.err != nil {
		return fmt.Errorf("archive: read %s: %w", m.name, m.c.src.err)
	}
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return refuse("archive.corrupt.checksum", m.name)
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return refuse("archive.corrupt.size", m.name)
	case errors.As(err, &corrupt):
		return refuse("archive.corrupt.data", m.name)
	}
	return refuse("archive.corrupt", m.name)
}
