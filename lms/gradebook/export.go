package gradebook

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// header is the first row of an export: student columns, one per grade item, the average.
func (b *Book) header() []string {
	h := []string{"Mã học sinh / Student ID", "Họ tên / Name"}
	for _, c := range b.Columns {
		h = append(h, c.Title+" ("+c.Category+")")
	}
	return append(h, "TBM / Average")
}

func markText(m *float64) string {
	if m == nil {
		return ""
	}
	return strconv.FormatFloat(*m, 'f', 1, 64)
}

// WriteCSV writes the book as CSV (UTF-8 with a byte-order mark, so spreadsheet
// programs read the Vietnamese names right).
func (b *Book) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(b.header()); err != nil {
		return err
	}
	for _, r := range b.Rows {
		rec := []string{r.PersonID, r.Name}
		for _, m := range r.Marks {
			rec = append(rec, markText(m))
		}
		if err := cw.Write(append(rec, markText(r.Average))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the book as one worksheet through excelize's stream writer, so
// a large class does not build the whole sheet in memory.
func (b *Book) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("gradebook: xlsx: %w", err)
	}
	head := b.header()
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("gradebook: xlsx: %w", err)
	}
	for i, r := range b.Rows {
		row := []any{r.PersonID, r.Name}
		for _, m := range r.Marks {
			row = append(row, cellOf(m))
		}
		row = append(row, cellOf(r.Average))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("gradebook: xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("gradebook: xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("gradebook: xlsx: %w", err)
	}
	return nil
}

func cellOf(m *float64) any {
	if m == nil {
		return nil
	}
	return *m
}
