package workbook

import (
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// relationships is a package part's .rels.
type relationships struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// part is the unpacked part of the opened workbook, nil when it has none.
func part(f *excelize.File, name string) []byte {
	v, _ := f.Pkg.Load(name)
	b, _ := v.([]byte)
	return b
}

// sstPart is where excelize keeps the shared string table, whatever its case.
const sstPart = "xl/sharedStrings.xml"

// sheetPaths maps each sheet's name to its worksheet part, found as excelize
// finds it: the workbook part from the package's relationships, each sheet's
// target in the workbook's relationships, relative to the workbook part.
// next is the part excelize's NewSheet takes for a new sheet.
func sheetPaths(f *excelize.File) (paths map[string]string, next string) {
	var pkg, rels relationships
	var wb struct {
		Sheets []struct {
			Name    string `xml:"name,attr"`
			SheetID string `xml:"sheetId,attr"`
			ID      string `xml:"id,attr"` // r:id
		} `xml:"sheets>sheet"`
	}
	xml.Unmarshal(part(f, "_rels/.rels"), &pkg)
	book := ""
	for _, r := range pkg.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	dir := path.Dir(book)
	xml.Unmarshal(part(f, book), &wb)
	xml.Unmarshal(part(f, path.Join(dir, "_rels", path.Base(book)+".rels")), &rels)
	paths, last := map[string]string{}, 0
	for _, s := range wb.Sheets {
		if id, err := strconv.Atoi(s.SheetID); err == nil {
			last = max(last, id)
		}
		for _, r := range rels.Rel {
			p := path.Join(dir, r.Target)
			if strings.HasPrefix(r.Target, "/") {
				p = path.Clean(r.Target)
			}
			p = strings.TrimPrefix(strings.ReplaceAll(p, `\`, "/"), "/")
			if r.ID == s.ID && part(f, p) != nil {
				paths[s.Name] = p
			}
		}
	}
	return paths, fmt.Sprintf("xl/worksheets/sheet%d.xml", last+1)
}

// grid returns the cells of the sheet, read on first use.
func (rd *reader) grid(name string) (*grid, error) {
	if g := rd.grids[name]; g != nil {
		return g, nil
	}
	if rd.paths == nil {
		rd.paths, rd.scratchPart = sheetPaths(rd.f)
		// The table is read here. excelize would decode it again for the
		// first cell it formats (shown), and needs it for no cell it still
		// reads (formulas, the scratch number), so it is taken from its copy.
		v, _ := rd.f.Pkg.LoadAndDelete(sstPart)
		b, _ := v.([]byte)
		rd.sst, rd.sstErr = sharedStrings(b)
		rd.grids = map[string]*grid{}
	}
	p, ok := rd.paths[name]
	if !ok {
		return nil, fmt.Errorf("sheet %s: no worksheet part", name)
	}
	g, err := readGrid(part(rd.f, p), rd.sst, rd.sstErr)
	if err != nil {
		return nil, fmt.Errorf("sheet %s: %w", name, err)
	}
	rd.grids[name] = g
	return g, nil
}

// scratchSheet holds the scratch cell of shown.
const scratchSheet = "clusterscope-scratch"

// shown is the text a spreadsheet shows for the number cell c at ref, by
// its number format. excelize formats only the cells of a sheet it has
// decoded, so the value and style go into a scratch cell of the opened copy,
// rather than decoding the cell's sheet a second time; the file itself is
// not changed. The scratch sheet is not made over a part the workbook has:
// excelize would then read that part's sheet as the scratch sheet.
func (rd *reader) shown(sh, ref string, c xcell) string {
	if !rd.scratch && part(rd.f, rd.scratchPart) == nil {
		_, err := rd.f.NewSheet(scratchSheet)
		rd.scratch = err == nil
	}
	if !rd.scratch {
		s, _ := rd.f.GetCellValue(sh, ref, excelize.Options{})
		return s
	}
	if rd.f.SetCellDefault(scratchSheet, "A1", c.value) != nil {
		return c.value
	}
	if rd.f.SetCellStyle(scratchSheet, "A1", "A1", c.style) != nil {
		rd.f.SetCellStyle(scratchSheet, "A1", "A1", 0) // excelize shows a cell of an unknown style unformatted
	}
	s, err := rd.f.GetCellValue(scratchSheet, "A1", excelize.Options{})
	if err != nil {
		return c.value
	}
	return s
}
