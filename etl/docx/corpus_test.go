package docx_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"slices"
	"strings"
	"testing"

	"clusterscope"
	"clusterscope/etl"
	"clusterscope/etl/docx"
	"clusterscope/etl/ooxml"
)

const box = `<w:r><w:rPr><w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol" w:eastAsia="Segoe UI Symbol" w:cs="Segoe UI Symbol"/></w:rPr><w:t xml:space="preserve">`

// checkbox is a checkbox content control as Word writes it, showing shown.
func checkbox(checked, shown string) string {
	return `<w:sdt><w:sdtPr><w14:checkbox xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:checked w14:val="` + checked +
		`"/><w14:checkedState w14:val="2612"/><w14:uncheckedState w14:val="2610"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>` +
		shown + `</w:t></w:r></w:sdtContent></w:sdt>`
}

// TestAlteredForms: a filled form altered as people and programs alter it
// reads the same; where it cannot be read right it is refused, naming the
// part, the table and the row.
func TestAlteredForms(t *testing.T) {
	src := application(t)
	doc := fill(t, docx.Application, 2022, src)
	same := []struct {
		name string
		edit func(*testing.T, string) string
	}{
		{"blank rows and lines added", func(t *testing.T, s string) string {
			_, end := rowOf(t, s, "集群总产值（亿元）")
			s = s[:end] + tr("", "", "", "") + s[end:]
			_, end = rowOf(t, s, "集群占地面积（平方公里）")
			s = s[:end] + tr("", "") + s[end:]
			_, end = rowOf(t, s, "优质中小企业数量")
			s = s[:end] + tr("^", "", "", "", "", "", "") + s[end:] // Word's 插入行 inside the merged 方向
			return strings.ReplaceAll(s, "</w:tbl>", "</w:tbl><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")
		}},
		{"widths changed", func(t *testing.T, s string) string {
			return widths.ReplaceAllString(s, `$1 w:w="1234"`)
		}},
		{"header cells merged and reworded", func(t *testing.T, s string) string {
			start, _ := rowOf(t, s, ">方向<")
			end := after(t, s[start:], ">指标<") + start
			end += strings.Index(s[end:], "</w:tc>") + len("</w:tc>")
			s = s[:start] + `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>方向及指标</w:t></w:r></w:p></w:tc>` + s[end:]
			return replaceOnce(t, s, ">主导产业情况（近三年）<", ">近三年<")
		}},
		{"a table split in two", func(t *testing.T, s string) string {
			at := after(t, s, "集群总产值（亿元）")
			open := strings.LastIndex(s[:at], "<w:tbl>")
			head := s[open : strings.Index(s[open:], "</w:tblGrid>")+open+len("</w:tblGrid>")]
			_, end := rowOf(t, s, "集群企业数量")
			return s[:end] + "</w:tbl><w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + head + s[end:]
		}},
		{"ticks as √, as 是√, as symbols and as content controls", func(t *testing.T, s string) string {
			s = setText(t, s, "集群主导产业不属于国家规定的禁止", "☑", "√")
			i := after(t, s, "近三年未发生较大")
			s = s[:i] + replaceOnce(t, s[i:i+strings.Index(s[i:], "</w:tr>")], `☑</w:t></w:r><w:r><w:t xml:space="preserve">是<`, `☐</w:t></w:r><w:r><w:t xml:space="preserve">是√<`) +
				s[i+strings.Index(s[i:], "</w:tr>"):]
			s = setText(t, s, "不存在偷税漏税", "☑", "■")
			i = after(t, s, "获得省级中小企业特色产业集群")
			j := strings.Index(s[i:], box+"☑</w:t></w:r>") + i
			s = s[:j] + checkbox("1", "☒") + s[j+len(box+"☑</w:t></w:r>"):]
			i = after(t, s, "建有产业链上下游")
			j = strings.LastIndex(s[:i], box)
			return s[:j] + `<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>` + s[strings.Index(s[j:], "</w:r>")+j+len("</w:r>"):]
		}},
		{"numbers with units, thousands separators and full-width digits", func(t *testing.T, s string) string {
			s = setText(t, s, "集群总产值（亿元）", "146.15", "146.15亿元")
			s = setText(t, s, "集群内中小企业从业人员数量", "29100", "29,100人")
			s = setText(t, s, "集群总产值（亿元）", "166.01", "１６６．０１")
			return setText(t, s, "集群内中小企业产值占集群总产值比例", "79.64", "79.64%")
		}},
		{"无 for a count", func(t *testing.T, s string) string {
			return setText(t, s, "国家制造业创新中心或国家级创新平台名称及数量", "0", "无")
		}},
		{"hidden text and tracked deletions are not read", func(t *testing.T, s string) string {
			s = setText(t, s, "集群总产值（亿元）", "141.32", `141.32</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>9`)
			return setText(t, s, "集群占地面积（平方公里）", "33.99", `33.99</w:t></w:r><w:del><w:r><w:delText>12</w:delText></w:r></w:del><w:r><w:t>`)
		}},
	}
	for _, c := range same {
		t.Run(c.name, func(t *testing.T) {
			obs, probs := read(editXML(t, doc, func(s string) string { return c.edit(t, s) }))
			for _, p := range probs {
				if p.Severity == clusterscope.SevError {
					t.Errorf("%s", p)
				}
			}
			sameObs(t, c.name, obs, src)
		})
	}

	refused := []struct {
		name string
		edit func(*testing.T, string) string
		want []string
	}{
		{"a unit of its own", func(t *testing.T, s string) string {
			return setText(t, s, "集群总产值（亿元）", "141.32", "14132万元")
		}, []string{"第二部分「主导产业情况」表「集群总产值（亿元）」行 2019 年列 字段「集群总产值」(output_total)：「14132万元」的单位「万元」与本行的单位「亿元」不符"}},
		{"a row's label changed", func(t *testing.T, s string) string {
			return replaceOnce(t, s, ">集群总产值（亿元）<", ">集群总产值（万元）<")
		}, []string{"第二部分「主导产业情况」表「集群总产值（亿元）」行 字段「集群总产值」(output_total)：找不到「集群总产值（亿元）」行",
			"第二部分 警告：有模板之外的行「集群总产值（万元） | 141.32"}},
		{"two years' cells merged", func(t *testing.T, s string) string {
			start, end := rowOf(t, s, "集群企业数量")
			row := s[start:end]
			last := strings.LastIndex(row, "<w:tc>")
			prev := strings.LastIndex(row[:last], "<w:tc>")
			row = row[:prev] + `<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>819</w:t></w:r></w:p></w:tc></w:tr>`
			return s[:start] + row + s[end:]
		}, []string{"第二部分「主导产业情况」表「集群企业数量（个）」行 2020 年列 字段「集群企业数量」(enterprises)：本格与相邻的年份列合并了"}},
		{"two boxes ticked", func(t *testing.T, s string) string {
			return setText(t, s, "主导产业所属产业类型", "☐", "☑")
		}, []string{"第一部分「基本情况」表「主导产业所属产业类型」行 字段「主导产业所属产业类型」(industry_type)：勾选了多个选项（第一产业、第二产业）"}},
		{"a box shown otherwise than its state", func(t *testing.T, s string) string {
			i := after(t, s, "获得省级中小企业特色产业集群")
			j := strings.Index(s[i:], box+"☑</w:t></w:r>") + i
			return s[:j] + checkbox("0", "☒") + s[j+len(box+"☑</w:t></w:r>"):]
		}, []string{"第一部分「基本情况」表「获得省级中小企业特色产业集群」行 字段「获得省级中小企业特色产业集群」(provincial_cluster)：勾选框显示的符号与它的勾选状态不一致"}},
		{"an option's box deleted", func(t *testing.T, s string) string {
			return setText(t, s, "集群已开展的制造资源共享工作", "☐", "")
		}, []string{"第二部分「主导产业情况」表「集群已开展的制造资源共享工作」行 字段「开展了同类设备和产品的集中采销」(sharing_joint_procurement)：找不到选项「开展了同类设备和产品的集中采销」"}},
		{"a part missing", func(t *testing.T, s string) string {
			return s[:paraOf(t, s, ">四、数字化升级情况<")] + s[paraOf(t, s, ">五、绿色化转型情况<"):]
		}, []string{"第四部分：缺少「四、数字化升级情况」"}},
		{"a header's year changed", func(t *testing.T, s string) string {
			return setText(t, s, "主导产业情况（近三年）", "2019年", "2018年")
		}, []string{"第二部分「主导产业情况」表「主导产业情况（近三年）」行：表头缺少「2019年」列（表头为「2018年、2020年、2021年」）",
			"第二部分「主导产业情况」表「集群总产值（亿元）」行 2019 年列 字段「集群总产值」(output_total)：表头中找不到 2019 年"}},
		{"a cluster's name twice, not the same", func(t *testing.T, s string) string {
			return setText(t, s, "(中小企业特色产业集群(XX产业))", "银川市永宁县葡萄酒中小企业特色产业集群（葡萄酒产业）", "永宁葡萄酒集群")
		}, []string{"第一部分「基本情况」表「集群名称（中小企业特色产业集群(XX产业)）」行 字段「集群名称（中小企业特色产业集群(XX产业)）」(cluster_name)：与封面「集群名称（中小企业特色产业集群(XX产业)）」行填写的「银川市永宁县葡萄酒中小企业特色产业集群（葡萄酒产业）」不一致（此处为「永宁葡萄酒集群」）"}},
		{"a target moved to another direction", func(t *testing.T, s string) string {
			_, end := rowOf(t, s, ">单位工业产值能耗<")
			return s[:end] + tr("^", "有效发明专利数量", "件", "1", "2", "3", "4") + s[end:]
		}, nil}, // said below: the catalog's row is there as well
		{"not the 申报表", func(t *testing.T, s string) string {
			return replaceOnce(t, s, ">中小企业特色产业集群申报表<", ">会议纪要<")
		}, []string{"申报表.docx：不是中小企业特色产业集群申报表"}},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			_, probs := read(editXML(t, doc, func(s string) string { return c.edit(t, s) }))
			all := strings.Join(strs(probs), "\n")
			if c.want == nil {
				c.want = []string{"第八部分「三年总体目标」表「有效发明专利数量」行 字段「目标：有效发明专利数量」(target.invention_patents)：「有效发明专利数量」是模板已有的指标，应在方向「创新」下"}
			}
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("no problem %q in\n%s", w, all)
				}
			}
		})
	}
}

// TestOwnTargetAdded: a row the applicant adds to the target table, in
// place of the form's "….." row, is read as an own target.
func TestOwnTargetAdded(t *testing.T) {
	src := application(t)
	doc := editXML(t, fill(t, docx.Application, 2022, src), func(s string) string {
		_, end := rowOf(t, s, "优质中小企业数量")
		_, dots := rowOf(t, s[end:], ">.....<")
		return s[:end] + tr("^", "主导产品销售收入", "亿元", "100", "110", "121", "133.1") + s[end+dots:]
	})
	obs, probs := read(doc)
	for _, p := range probs {
		t.Error(p)
	}
	// Its code comes from its name, so a corrected form names it the same.
	var added []string
	code := ""
	for _, o := range obs {
		if c, ok := strings.CutPrefix(o.Field, "target.own_"); ok {
			c, meta, _ := strings.Cut(c, ":")
			code = c
			added = append(added, meta+"="+o.Text)
		}
	}
	slices.Sort(added)
	if want := "=100 =110 =121 =133.1 label=主导产品销售收入 unit=亿元"; strings.Join(added, " ") != want || len(code) != 8 {
		t.Errorf("own target %s read as %v, want %s", code, added, want)
	}
	if len(obs) != len(src)+6 {
		t.Errorf("%d observations, want %d", len(obs), len(src)+6)
	}
}

// TestPlanLimit: the 3000 characters are counted on the plan's text, not
// on the form's headings and guides around it.
func TestPlanLimit(t *testing.T) {
	src := application(t)
	for _, n := range []int{3000, 3001} {
		obs := slices.Clone(src)
		for i := range obs {
			if obs[i].Field == "plan_text" {
				obs[i].Text = strings.Repeat("规", n-1) + "。"
			}
		}
		_, probs := read(fill(t, docx.Application, 2022, obs))
		all := strings.Join(strs(probs), "\n")
		tooLong := strings.Contains(all, "第八部分 字段「未来三年中小企业特色产业集群发展规划（基本情况、发展成效、存在的问题、总体思路、发展目标、重点任务、保障措施）」(plan_text)：共 3001 字，超过 3000 字限制")
		if tooLong != (n > 3000) || (n <= 3000 && all != "") {
			t.Errorf("plan of %d characters: %s", n, all)
		}
	}
}

// TestRefusedFiles: an old .doc, a zip bomb and a file that is no Word
// document are refused with what to do, through etl.Read as `load` reads.
func TestRefusedFiles(t *testing.T) {
	bomb := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		body := []byte("<w:document/>")
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
			CompressedSize64: uint64(len(body)), UncompressedSize64: ooxml.MaxUnzippedSize + 1})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
		zw.Close()
		return b.Bytes()
	}
	for _, c := range []struct{ name, file, want string }{
		{"a Word 97 document", "申报表.doc", "文件是旧版 Word 97-2003 文档（.doc）或已加密：请用 Word 或 WPS 打开，去除密码，用「另存为」保存为 Word 文档（.docx）后上传"},
		{"a zip bomb", "申报表.docx", "文档解压后超过 64 MiB（疑似压缩炸弹），不予读取"},
		{"no zip", "申报表.docx", "不是 Word 文档（.docx）文件"},
	} {
		data := map[string][]byte{
			"a Word 97 document": append(append([]byte{}, ooxml.OLEHeader...), make([]byte, 2000)...),
			"a zip bomb":         bomb(),
			"no zip":             []byte("集群名称,集群总产值\n"),
		}[c.name]
		path := writeFile(t, t.TempDir(), c.file, data)
		obs, probs, _, err := etl.Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(obs) != 0 || len(probs) != 1 || !strings.Contains(probs[0].String(), c.want) {
			t.Errorf("%s: %d observations, %v", c.name, len(obs), probs)
		}
	}
}

// TestMissingPartReportedOnce: a part that is not there is one problem;
// its fields are not each reported missing again by the validation.
func TestMissingPartReportedOnce(t *testing.T) {
	doc := editXML(t, fill(t, docx.Application, 2022, application(t)), func(s string) string {
		return s[:paraOf(t, s, ">四、数字化升级情况<")] + s[paraOf(t, s, ">五、绿色化转型情况<"):]
	})
	_, probs, _, err := etl.Read(writeFile(t, t.TempDir(), "申报表.docx", doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Part != "第四部分" {
		t.Errorf("problems: %v", strs(probs))
	}
}
