// Package ooxml checks an Office Open XML package — a .xlsx workbook or a
// .docx document, both zip files — before anything in it is unpacked, and
// unpacks a part no further than the size the zip declares for it, so that a
// zip bomb or a huge file is refused with a clear message instead of filling
// the memory. The readers of etl/workbook and etl/docx share these limits.
package ooxml

import (
	"archive/zip"
	"bytes"
	"io"

	"clusterscope"
)

// Limits on a file to read: its size, and the uncompressed size and number of
// its zip parts.
const (
	MaxFileSize     = 20 << 20
	MaxUnzippedSize = 64 << 20
	MaxParts        = 2000
)

// OLEHeader starts a file of the old binary formats (.xls, .doc) and an
// encrypted .xlsx or .docx.
var OLEHeader = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// Format names the kind of package in the messages: Noun is what the
// package is called (工作簿, 文档), OLE the message for a file of the old
// binary format, NotZip for a file that is no zip at all.
type Format struct {
	Noun   clusterscope.Message
	OLE    clusterscope.Message
	NotZip clusterscope.Message
}

// IsOLE reports whether the file starts like an old binary Office file.
func IsOLE(r io.ReaderAt) bool {
	head := make([]byte, len(OLEHeader))
	n, _ := r.ReadAt(head, 0)
	return n == len(head) && bytes.Equal(head, OLEHeader)
}

// Check checks the size and the zip directory of the package; it returns
// the zip, or the problem.
func Check(r io.ReaderAt, size int64, f Format) (*zip.Reader, clusterscope.Message) {
	switch {
	case size <= 0:
		return nil, clusterscope.M("ooxml.empty")
	case size > MaxFileSize:
		return nil, clusterscope.M("ooxml.too_big", float64(size)/(1<<20), MaxFileSize>>20)
	case IsOLE(r):
		return nil, f.OLE
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, f.NotZip
	}
	if len(zr.File) > MaxParts {
		return nil, clusterscope.M("ooxml.too_many_parts", f.Noun, len(zr.File), MaxParts)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > MaxUnzippedSize || zf.UncompressedSize64 > MaxUnzippedSize {
			return nil, clusterscope.M("ooxml.unzips_too_big", f.Noun, MaxUnzippedSize>>20)
		}
	}
	return zr, clusterscope.Message{}
}

// UnpackProblem is the message for a part that does not unpack.
func UnpackProblem(f Format, part string) clusterscope.Message {
	return clusterscope.M("ooxml.bad_part", f.Noun, part)
}

// ReadPart unpacks a part to its end, never past the size the zip declares:
// archive/zip then checks the size and the checksum, so a part that unpacks
// to more than it says, or is damaged, is an error.
func ReadPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return nil, err
	}
	if uint64(len(b)) != zf.UncompressedSize64 {
		return nil, zip.ErrFormat
	}
	return b, nil
}
