package archive

import (
	"archive/zip"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
)

// Entry is one file of an archive.
type Entry struct {
	Name string      // cleaned, slash-separated, relative: "baitap/js/app.js"
	Size int64       // decompressed bytes, as counted while decompressing
	Mode fs.FileMode // permission bits only
}

// Manifest describes a valid archive.
type Manifest struct {
	Files     []Entry // regular files in archive order; folders are implied by names
	TotalSize int64   // the sum of Files' sizes
	// HasIndexHTML reports that the archive can be opened in a browser:
	// EntryPoint is "index.html" (or "index.htm", any letter case) at the root, or
	// in the single top folder all files are in (ignoring macOS "__MACOSX/"
	// resource forks and .DS_Store / Thumbs.db litter).
	HasIndexHTML bool
	EntryPoint   string
}

// Inspect checks the ZIP archive of size bytes read from r against lim and describes
// it. It decompresses every file to count its real size, but writes nothing.
func Inspect(r io.ReaderAt, size int64, lim Limits) (*Manifest, error) {
	p, err := plan(r, size, lim)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Files: make([]Entry, 0, len(p.files))}
	err = p.each(func(e planned, body io.Reader) error {
		n, err := io.Copy(io.Discard, body)
		if err != nil {
			return err
		}
		m.Files = append(m.Files, Entry{Name: e.name, Size: n, Mode: e.f.Mode().Perm()})
		m.TotalSize += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.EntryPoint = entryPoint(m.Files)
	m.HasIndexHTML = m.EntryPoint != ""
	return m, nil
}

// Extract checks the ZIP archive of size bytes read from r as Inspect does, then
// calls put for each file in archive order with its cleaned name, its size and a
// reader of its content. Every name is checked before the first put, and limits are
// enforced on the bytes as they are decompressed: body returns an error, the same
// one Extract returns, the moment a limit is passed or the data is damaged. size is
// what the archive declares; body yields exactly that many bytes or fails, so it can
// be given to object storage as the object's length.
//
// put must read body to the end to store the file; Extract reads whatever put left,
// so the checks still cover the whole archive. On an error, files already put may
// have been stored: the caller removes them.
func Extract(r io.ReaderAt, size int64, lim Limits, put func(name string, size int64, body io.Reader) error) error {
	p, err := plan(r, size, lim)
	if err != nil {
		return err
	}
	return p.each(func(e planned, body io.Reader) error {
		if err := put(e.name, int64(e.f.UncompressedSize64), body); err != nil {
			return fmt.Errorf("archive: store %s: %w", e.name, err)
		}
		_, err := io.Copy(io.Discard, body)
		return err
	})
}

// planned is a regular file that passed every check that needs no decompression.
type planned struct {
	f    *zip.File
	name string // cleaned
}

type checked struct {
	zr    *zip.Reader
	src   *source
	size  int64
	lim   Limits
	files []planned
}

// plan opens the archive and runs every check that needs only the headers.
func plan(r io.ReaderAt, size int64, lim Limits) (*checked, error) {
	lim = lim.withDefaults()
	src := &source{r: r, size: size}
	notZip := refuse("archive.not_zip")
	if size <= 0 {
		return nil, notZip
	}
	if err := countEntries(src, size, lim.MaxFiles); err != nil {
		return nil, err
	}
	if src.err != nil {
		return nil, fmt.Errorf("archive: read directory: %w", src.err)
	}
	zr, err := zip.NewReader(src, size)
	if src.err != nil {
		return nil, fmt.Errorf("archive: open: %w", src.err)
	}
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked below
		return nil, notZip
	}
	if len(zr.File) > lim.MaxFiles {
		return nil, refuse("archive.too_many_files", len(zr.File), lim.MaxFiles)
	}
	c := &checked{zr: zr, src: src, size: size, lim: lim}
	if err := c.checkEntries(); err != nil {
		return nil, err
	}
	if err := c.checkOverlap(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *checked) checkEntries() error {
	ns := newNamespace()
	var declared uint64
	for _, f := range c.zr.File {
		name, err := decodeName(f)
		if err != nil {
			return err
		}
		clean, dir, err := cleanName(name, c.lim)
		if err != nil {
			return err
		}
		if err := checkHeader(f, name); err != nil {
			return err
		}
		if dir || f.Mode().IsDir() {
			if f.UncompressedSize64 != 0 {
				return refuse("archive.corrupt.folder_data", name)
			}
			if clean != "" {
				if err := ns.addDir(clean); err != nil {
					return err
				}
			}
			continue
		}
		if err := ns.addFile(clean); err != nil {
			return err
		}
		if err := c.checkDeclaredSize(f, name); err != nil {
			return err
		}
		declared += f.UncompressedSize64 // each is at most MaxFileSize: no overflow
		if declared > uint64(c.lim.MaxTotalSize) {
			return c.tooBig()
		}
		if declared > uint64(c.lim.ratioCap(c.size)) {
			return c.archiveRatio()
		}
		c.files = append(c.files, planned{f: f, name: clean})
	}
	return nil
}

// checkHeader refuses links, special files, encryption and unknown compression.
func checkHeader(f *zip.File, name string) error {
	mode := f.Mode()
	unixType := f.ExternalAttrs >> 16 & 0xf000 // S_IFMT, whatever system wrote it
	if mode&fs.ModeSymlink != 0 || unixType == 0xa000 {
		return refuse("archive.symlink", name)
	}
	if mode&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeIrregular) != 0 ||
		unixType != 0 && unixType != 0x8000 && unixType != 0x4000 {
		return refuse("archive.special_file", name)
	}
	// Bit 0: encrypted; bit 6: strong encryption; method 99: WinZip AES.
	if f.Flags&0x41 != 0 || f.Method == 99 {
		return refuse("archive.encrypted", name)
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return refuse("archive.compression", name, methodName(f.Method))
	}
	return nil
}

func methodName(m uint16) string {
	switch m {
	case 9:
		return "Deflate64"
	case 12:
		return "BZIP2"
	case 14:
		return "LZMA"
	case 93:
		return "Zstandard"
	case 95:
		return "XZ"
	}
	return fmt.Sprint(m)
}

// checkDeclaredSize refuses early what the headers admit to; the real bytes are
// counted later whatever the headers say.
func (c *checked) checkDeclaredSize(f *zip.File, name string) error {
	if f.UncompressedSize64 > uint64(c.lim.MaxFileSize) {
		return c.fileTooBig(name)
	}
	if f.UncompressedSize64 > uint64(c.lim.ratioCap(int64(min(f.CompressedSize64, uint64(c.size))))) {
		return c.entryRatio(name)
	}
	return nil
}

// checkOverlap refuses entries whose compressed data overlap or run past the end:
// the "better zip bomb" points thousands of entries at one compressed kernel.
func (c *checked) checkOverlap() error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(c.files))
	for _, p := range c.files {
		off, err := p.f.DataOffset()
		if c.src.err != nil {
			return fmt.Errorf("archive: read %s: %w", p.name, c.src.err)
		}
		if err != nil || p.f.CompressedSize64 > uint64(c.size) || off+int64(p.f.CompressedSize64) > c.size {
			return refuse("archive.corrupt.missing_data", p.name)
		}
		if p.f.CompressedSize64 > 0 {
			spans = append(spans, span{off, off + int64(p.f.CompressedSize64), p.name})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return refuse("archive.overlap", spans[i-1].name, spans[i].name)
		}
	}
	return nil
}

// each decompresses the planned files in order, handing each to fn through a meter
// that enforces the limits on the real bytes.
func (c *checked) each(fn func(planned, io.Reader) error) error {
	var total int64
	archiveCap := c.lim.ratioCap(c.size)
	for _, p := range c.files {
		rc, err := p.f.Open()
		if err != nil {
			if c.src.err != nil {
				return fmt.Errorf("archive: open %s: %w", p.name, c.src.err)
			}
			return refuse("archive.corrupt.header", p.name)
		}
		m := &meter{r: rc, c: c, name: p.name, caps: []limit{
			{c.lim.MaxFileSize, func() error { return c.fileTooBig(p.name) }},
			{c.lim.MaxTotalSize - total, c.tooBig},
			{c.lim.ratioCap(int64(p.f.CompressedSize64)), func() error { return c.entryRatio(p.name) }},
			{archiveCap - total, c.archiveRatio},
		}}
		err = fn(p, m)
		rc.Close()
		if m.err != nil {
			return m.err // the cause, even if fn wrapped or dropped it
		}
		if err != nil {
			return err
		}
		total += m.n
	}
	return nil
}

func (c *checked) fileTooBig(name string) error {
	return refuse("archive.file_too_big", name, sizeText(c.lim.MaxFileSize))
}

func (c *checked) tooBig() error {
	return refuse("archive.too_big", sizeText(c.lim.MaxTotalSize))
}

func (c *checked) entryRatio(name string) error {
	return refuse("archive.ratio.file", name, c.lim.MaxRatio)
}

func (c *checked) archiveRatio() error {
	return refuse("archive.ratio.archive", c.lim.MaxRatio)
}
