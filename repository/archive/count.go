package archive

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
)

// Offsets and lengths of the ZIP records countEntries reads (APPNOTE 4.3).
const (
	eocdLen       = 22 // end of central directory record, without its comment
	zip64LocLen   = 20 // zip64 end of central directory locator
	zip64EOCDLen  = 56 // zip64 end of central directory record, fixed part
	dirHeaderLen  = 46 // central directory file header, fixed part
	maxCommentLen = 0xffff
)

// countEntries refuses an archive whose central directory holds more than max
// entries before archive/zip reads it: zip.NewReader keeps reading directory records
// until it meets something else, whatever count the end record gives, and holds all
// of them in memory. It finds the directory as archive/zip does and walks its
// records, stopping at max+1. Archives it cannot make sense of are left for
// zip.NewReader to refuse.
func countEntries(r io.ReaderAt, size int64, max int) error {
	dirEnd, records, dirSize, dirOffset, ok := findDirectory(r, size)
	if !ok {
		return nil
	}
	tooMany := func(n uint64) error {
		return refuse("archive.too_many_files", n, max)
	}
	// The end record's count is only a hint (archive/zip compares it modulo
	// 65536), but an honest one above the limit is enough to refuse.
	if records > uint64(max) && records != 0xffff {
		return tooMany(records)
	}
	// archive/zip reads from dirEnd-dirSize, or from dirOffset when a record is
	// there; count from both.
	for _, start := range []int64{dirEnd - int64(dirSize), int64(dirOffset)} {
		if start < 0 || start >= size {
			continue
		}
		if n := countRecords(io.NewSectionReader(r, start, size-start), max); n > max {
			return tooMany(uint64(n))
		}
	}
	return nil
}

// countRecords counts consecutive central directory headers, up to max+1.
func countRecords(r io.Reader, max int) int {
	br := bufio.NewReader(r)
	var h [dirHeaderLen]byte
	n := 0
	for n <= max {
		if _, err := io.ReadFull(br, h[:]); err != nil || !bytes.Equal(h[:4], []byte("PK\x01\x02")) {
			break
		}
		n++
		skip := int(binary.LittleEndian.Uint16(h[28:])) + int(binary.LittleEndian.Uint16(h[30:])) +
			int(binary.LittleEndian.Uint16(h[32:]))
		if _, err := br.Discard(skip); err != nil {
			break
		}
	}
	return n
}

// findDirectory locates the end of central directory record as archive/zip does and
// returns where the directory ends (the offset of the end record, or of the zip64 end
// record), its record count, size and offset.
func findDirectory(r io.ReaderAt, size int64) (dirEnd int64, records, dirSize, dirOffset uint64, ok bool) {
	tail := min(size, eocdLen+maxCommentLen)
	if tail < eocdLen {
		return 0, 0, 0, 0, false
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, 0, 0, 0, false
	}
	p := bytes.LastIndex(buf[:len(buf)-eocdLen+4], []byte("PK\x05\x06"))
	if p < 0 || p+eocdLen+int(binary.LittleEndian.Uint16(buf[p+20:])) > len(buf) {
		return 0, 0, 0, 0, false
	}
	e := buf[p:]
	dirEnd = size - tail + int64(p)
	records = uint64(binary.LittleEndian.Uint16(e[10:]))
	dirSize = uint64(binary.LittleEndian.Uint32(e[12:]))
	dirOffset = uint64(binary.LittleEndian.Uint32(e[16:]))
	if records != 0xffff && dirSize != 0xffff && dirOffset != 0xffffffff {
		return dirEnd, records, dirSize, dirOffset, true
	}
	// Zip64: the locator just before the end record points at the zip64 end record.
	var loc [zip64LocLen]byte
	if dirEnd < zip64LocLen {
		return dirEnd, records, dirSize, dirOffset, true
	}
	if _, err := r.ReadAt(loc[:], dirEnd-zip64LocLen); err != nil || !bytes.Equal(loc[:4], []byte("PK\x06\x07")) {
		return dirEnd, records, dirSize, dirOffset, true
	}
	at := binary.LittleEndian.Uint64(loc[8:])
	var rec [zip64EOCDLen]byte
	if at > uint64(size) {
		return 0, 0, 0, 0, false
	}
	if _, err := r.ReadAt(rec[:], int64(at)); err != nil || !bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
		return 0, 0, 0, 0, false
	}
	records = binary.LittleEndian.Uint64(rec[32:])
	dirSize = binary.LittleEndian.Uint64(rec[40:])
	dirOffset = binary.LittleEndian.Uint64(rec[48:])
	if dirSize > uint64(size) || dirOffset > uint64(size) {
		return 0, 0, 0, 0, false
	}
	return int64(at), records, dirSize, dirOffset, true
}
