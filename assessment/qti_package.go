package assessment

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"github.com/hoclieu/hoclieu/content-standards/qti"
	"github.com/hoclieu/hoclieu/repository/archive"
)

// qtiDoc is one item document of an upload and the name it is reported by.
type qtiDoc struct {
	name string
	data []byte
}

// qtiManifest is the part of an IMS content package manifest that lists items.
type qtiManifest struct {
	Resources []struct {
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	} `xml:"resources>resource"`
}

// qtiDocuments returns the item documents of an upload: the upload itself, or the
// items an IMS content package's imsmanifest.xml lists, read with the repository's
// checked unzipping (no path escapes, size and ratio limits).
func qtiDocuments(data []byte) ([]qtiDoc, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return []qtiDoc{{name: "item.xml", data: data}}, nil
	}
	files := map[string][]byte{}
	lim := archive.Limits{MaxFiles: maxSheetRows + 100, MaxFileSize: qti.MaxItemSize, MaxTotalSize: maxSheetBytes * 8}
	err := archive.Extract(bytes.NewReader(data), int64(len(data)), lim, func(name string, _ int64, body io.Reader) error {
		if !strings.HasSuffix(strings.ToLower(name), ".xml") {
			return nil
		}
		b, err := io.ReadAll(body)
		files[name] = b
		return err
	})
	if err != nil {
		return nil, invalid("file", "qimport.zip", "The zip file cannot be read: %s", err.Error())
	}
	man, ok := files["imsmanifest.xml"]
	if !ok {
		return nil, invalid("file", "qimport.manifest", "The zip file has no valid imsmanifest.xml at its root.")
	}
	var m qtiManifest
	if err := xml.Unmarshal(man, &m); err != nil || bytes.Contains(man, []byte("<!DOCTYPE")) {
		return nil, invalid("file", "qimport.manifest", "The zip file has no valid imsmanifest.xml at its root.")
	}
	var docs []qtiDoc
	for _, r := range m.Resources {
		if !strings.HasPrefix(r.Type, "imsqti_item") {
			continue
		}
		name := path.Clean(r.Href)
		b, ok := files[name]
		if !ok {
			return nil, invalid("file", "qimport.missing", "imsmanifest.xml lists %s, which is not in the zip file.", r.Href)
		}
		docs = append(docs, qtiDoc{name: name, data: b})
	}
	if len(docs) == 0 {
		return nil, invalid("file", "qimport.no_items", "imsmanifest.xml lists no QTI items.")
	}
	if len(docs) > maxSheetRows {
		return nil, invalid("file", "qimport.too_many", "Import at most %d questions at once.", maxSheetRows)
	}
	return docs, nil
}
