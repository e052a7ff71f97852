// Package bulk loads a folder of learning resources described by a CSV manifest
// (`hoclieu import resources DIR --org CODE`): every manifest line names the
// resource's metadata and its files, relative to the folder.
//
// ParseManifest is pure (bytes in, rows and per-line errors out) and fuzzed; it
// never touches the files. Load then stores each line's files in the blob store
// (streamed, checked by their magic bytes) and records the resource with
// repository.Service.ImportResource in one transaction per line, so a refused line
// leaves nothing behind and the others are kept. Re-running the same folder changes
// nothing. It never opens a path outside the folder (os.Root) and never follows a
// link out of it.
package bulk
