package archive

import (
	"path"
	"strings"
)

// entryPoint finds the page a browser opens: index.html (or index.htm) at the root,
// or in the one top folder that holds every file, as when a teacher zips the folder
// rather than its content. It returns "" when there is none.
func entryPoint(files []Entry) string {
	var names []string
	for _, f := range files {
		if !litter(f.Name) {
			names = append(names, f.Name)
		}
	}
	if e := indexIn(names, ""); e != "" {
		return e
	}
	top := ""
	for _, n := range names {
		first, _, nested := strings.Cut(n, "/")
		if !nested || top != "" && first != top {
			return "" // a file at the root, or a second top folder
		}
		top = first
	}
	if top == "" {
		return ""
	}
	return indexIn(names, top+"/")
}

// indexIn returns the index page directly in folder dir ("" or "name/"), preferring
// index.html to index.htm.
func indexIn(names []string, dir string) string {
	found := ""
	for _, n := range names {
		rest, ok := strings.CutPrefix(n, dir)
		if !ok || strings.Contains(rest, "/") {
			continue
		}
		switch {
		case strings.EqualFold(rest, "index.html"):
			return n
		case strings.EqualFold(rest, "index.htm"):
			found = n
		}
	}
	return found
}

// litter is what operating systems add to zipped folders behind the user's back.
func litter(name string) bool {
	if strings.HasPrefix(name, "__MACOSX/") {
		return true
	}
	switch path.Base(name) {
	case ".DS_Store", "Thumbs.db", "desktop.ini":
		return true
	}
	return false
}
