package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"clusterscope/etl/notice"
)

// The parts of the package besides the document: what Word, WPS and
// LibreOffice need to open it as the form, in A4 with Chinese fonts named.

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const packageRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`</Relationships>`

// settings keep Word out of compatibility mode.
const settings = xml.Header + `<w:settings xmlns:w="` + nsW + `"><w:defaultTabStop w:val="420"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// styles: 宋体 五号 for text, 黑体 for headings, 方正小标宋 falling back to
// 黑体 for the title.
var styles = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>` +
	`<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	style("Title", "Title", `<w:spacing w:before="600" w:after="240"/><w:jc w:val="center"/>`, `<w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>`) +
	style("Heading1", "heading 1", `<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/>`, `<w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/>`) +
	style("Heading2", "heading 2", `<w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/>`, `<w:rFonts w:eastAsia="黑体"/><w:sz w:val="24"/><w:szCs w:val="24"/>`) +
	style("Heading3", "heading 3", `<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/>`, `<w:rFonts w:eastAsia="楷体"/><w:b/>`) +
	style("Heading4", "heading 4", `<w:keepNext/><w:outlineLvl w:val="3"/>`, `<w:b/>`) +
	style("Guide", "Guide", `<w:spacing w:after="60"/>`, `<w:rFonts w:eastAsia="楷体"/><w:color w:val="595959"/>`) +
	style("Center", "Center", `<w:jc w:val="center"/>`, ``) +
	style("Cell", "Table Cell", `<w:spacing w:line="260" w:lineRule="auto"/>`, ``) +
	`</w:styles>`

func style(id, name, ppr, rpr string) string {
	return `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr>` + ppr + `</w:pPr><w:rPr>` + rpr + `</w:rPr></w:style>`
}

func core(title string) string {
	var t strings.Builder
	xml.EscapeText(&t, []byte(title))
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + t.String() + `</dc:title><dc:creator>clusterscope</dc:creator></cp:coreProperties>`
}

// pack writes the package: the document, its styles and properties.
func (wr *writer) pack(w io.Writer) error {
	zw := zip.NewWriter(w)
	title := fmt.Sprintf("%s（%d年度）", notice.Title, wr.lo.batch)
	if wr.lo.kind == FollowUp {
		title = fmt.Sprintf("%s（%d年度批次）", notice.FollowUpTitle, wr.lo.batch)
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"word/document.xml", wr.b.String()},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"docProps/core.xml", core(title)},
	}
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return zw.Close()
}
