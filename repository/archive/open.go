package archive

import (
	"io"
	"io/fs"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Open returns a reader of the file called name (a cleaned name, as in Manifest) in
// the ZIP archive of size bytes read from r, so that one file of a package can be
// served in place, without unpacking the rest. The archive's headers are checked as
// Inspect checks them; the file's bytes are metered against its own limits. Any
// name the archive does not hold, "../x" and absolute names included, is
// fs.ErrNotExist. Close the reader.
func Open(r io.ReaderAt, size int64, lim Limits, name string) (io.ReadCloser, error) {
	p, err := plan(r, size, lim)
	if err != nil {
		return nil, err
	}
	for _, e := range p.files {
		if e.name != name {
			continue
		}
		rc, err := e.f.Open()
		if err != nil {
			return nil, fault.Invalid("file", "archive.corrupt", "The entry %q is damaged: its header cannot be read.", e.name)
		}
		m := &meter{r: rc, c: p, name: e.name, caps: []limit{
			{p.lim.MaxFileSize, func() error { return p.fileTooBig(e.name) }},
			{p.lim.ratioCap(int64(e.f.CompressedSize64)), func() error { return p.entryRatio(e.name) }},
		}}
		return meteredFile{m, rc}, nil
	}
	return nil, fs.ErrNotExist
}

type meteredFile struct {
	*meter
	io.Closer
}
