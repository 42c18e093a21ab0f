#!/usr/bin/python3
"""Types cells into the project's own template with LibreOffice Calc, as a
person types them, and saves the workbook as .xlsx: the fixtures of
etl/calc_test.go. Run from the module root (needs libreoffice-calc and
python3-uno; the tests do not):

    go run ./cmd/clusterscope template -o /tmp/template.xlsx --batch 2022
    /usr/bin/python3 etl/testdata/calc/typed.py /tmp/template.xlsx etl/testdata/calc
"""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale

# Each workbook: (sheet, field code in column A, column, what is typed[,
# the number format the cell is given first: 0.00 is the format the
# template's percent cells had before they were General]).
WORKBOOKS = {
    "percent.xlsx": [
        ("封面", "#cluster_id", "D", "LO-PCT-1"),
        ("二、主导产业情况", "sme_output_share", "D", "83%"),
        ("二、主导产业情况", "sme_output_share", "E", "84.02%"),
        ("二、主导产业情况", "sme_output_share", "F", "12.5"),
        ("二、主导产业情况", "leading_output_growth", "D", "-5%"),
        ("二、主导产业情况", "leading_output_share", "D", "0.8402"),
        ("八、发展目标", "target.iip_penetration", "D", "45%"),
        ("八、发展目标", "#own1", "B", "主导产品出口额"),
        ("八、发展目标", "#own1", "C", "亿元"),
        ("八、发展目标", "#own1", "D", "83%"),
        ("八、发展目标", "#own1", "H", "export_value"),
    ],
    "percent-0.00.xlsx": [
        ("封面", "#cluster_id", "D", "LO-PCT-2"),
        ("二、主导产业情况", "sme_output_share", "D", "83%", "0.00"),
        ("二、主导产业情况", "sme_output_share", "E", "84.02%", "0.00"),
        ("二、主导产业情况", "sme_output_share", "F", "12.5", "0.00"),
    ],
    "date-year.xlsx": [
        ("封面", "#cluster_id", "D", "LO-DATE-1"),
        ("封面", "submitted_on", "D", "2022-06-01"),
        ("封面", "founded_on", "D", "2009"),
    ],
}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            time.sleep(0.5)
    sys.exit("LibreOffice did not start")


def row_of(sheet, code):
    for r in range(400):
        if sheet.getCellByPosition(0, r).getString() == code:
            return r + 1
    sys.exit("no %s in column A of %s" % (code, sheet.Name))


def main(template, outdir):
    profile = tempfile.mkdtemp()
    pipe = "clusterscope%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                               "--accept=pipe,name=%s;urp;" % pipe])
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for name, cells in WORKBOOKS.items():
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(template)), "_blank", 0,
                                               (prop("Hidden", True),))
            frame = doc.getCurrentController().getFrame()
            for sheet_name, code, col, typed, *fmt in cells:
                sheet = doc.Sheets.getByName(sheet_name)
                doc.getCurrentController().setActiveSheet(sheet)
                ref = "%s%d" % (col, row_of(sheet, code))
                if fmt:
                    formats, locale = doc.getNumberFormats(), Locale()
                    key = formats.queryKey(fmt[0], locale, False)
                    sheet.getCellRangeByName(ref).NumberFormat = key if key != -1 else formats.addNew(fmt[0], locale)
                # GoToCell and EnterString are what the keyboard does: Calc
                # recognises "83%" as it would when typed, format and all.
                dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", ref),))
                dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", typed),))
            out = os.path.abspath(os.path.join(outdir, name))
            doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "Calc MS Excel 2007 XML"),))
            doc.close(True)
            print("wrote", out)
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: typed.py TEMPLATE.xlsx OUTDIR")
    main(sys.argv[1], sys.argv[2])
