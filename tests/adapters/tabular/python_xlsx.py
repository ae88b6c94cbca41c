#!/usr/bin/python3
"""Python's XLSX libraries on the other side of tests/adapters/tabular/python_tools_test.cpp.

  python_xlsx.py write-xlsxwriter OUT.xlsx
  python_xlsx.py write-openpyxl OUT.xlsx
      write the workbook the C++ test expects, as XlsxWriter (which writes as Excel does:
      shared strings, numbers, booleans, dates as formatted numbers) or openpyxl (inline
      strings) write any workbook: two sheets, Vietnamese text, gaps.
  python_xlsx.py check IN.xlsx NAME CSV [NAME CSV ...]
      opens IN.xlsx with openpyxl and checks that it has exactly the sheets NAME, in order,
      each holding the cells of CSV (read with Python's csv module, its byte order mark
      skipped, and the ' that WriteCsv puts before formula-like cells taken off as ReadCsv
      does). Empty cells at the end of a row do not count. Exit status 1 and a line on
      stderr for each difference.
  python_xlsx.py describe IN.xlsx
      opens IN.xlsx with openpyxl and prints, as JSON, what it sees of each sheet: its
      name, frozen cell, column widths and number formats, and every cell of every row with its type
      ("text", "number", "date": openpyxl's data type, a date being a number in a date
      format), value, number format and boldness. Values and widths are strings (a number
      as Python's str, a date or time in ISO form), since the C++ side reads integers only.
"""
import csv
import datetime
import json
import sys

import openpyxl
import xlsxwriter

HEADER = ["STT", "Họ và tên", "Điện thoại", "Số lượng", "Tỉ lệ", "Đang trực", "Từ ngày"]
ROWS = [
    [1, "Nguyễn Thị Hồng Nhung", "0912345678", 42, 0.5, True, datetime.date(2026, 3, 15)],
    [2, 'Lê Văn B, "Trưởng phòng"\nPhòng An toàn', None, -7, 1.25, False, datetime.date(2025, 12, 31)],
]


def write_xlsxwriter(path):
    workbook = xlsxwriter.Workbook(path)
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("Đầu mối")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, date)
            elif value is not None:
                sheet.write(r, c, value)
    sheet.write_string("J5", "xa")  # a gap of rows and columns before it
    other = workbook.add_worksheet("Ghi chú")
    other.write_string("A1", ROWS[0][1])  # the same text again: one shared string
    workbook.close()


def write_openpyxl(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Đầu mối"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["J5"] = "xa"
    other = workbook.create_sheet("Ghi chú")
    other.append([ROWS[0][1]])
    workbook.save(path)


def unguard(cell):
    """ReadCsv's inverse of WriteCsv's guard against CSV injection."""
    rest = cell[1:]
    while rest.startswith("'"):
        rest = rest[1:]
    return cell[1:] if cell.startswith("'") and rest[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def cells(row):
    values = ["" if value is None else str(value) for value in row]
    while values and values[-1] == "":
        values.pop()
    return values


def check(path, expected):
    workbook = openpyxl.load_workbook(path)
    problems = []
    names = [name for name, _ in expected]
    if workbook.sheetnames != names:
        problems.append(f"sheets {workbook.sheetnames!r}, expected {names!r}")
    for name, csv_path in expected:
        if name not in workbook.sheetnames:
            continue
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            want = [cells(unguard(cell) for cell in row) for row in csv.reader(f)]
        got = [cells(row) for row in workbook[name].iter_rows(values_only=True)]
        while want and not want[-1]:
            want.pop()
        while got and not got[-1]:
            got.pop()
        for i in range(max(len(want), len(got))):
            w = want[i] if i < len(want) else None
            g = got[i] if i < len(got) else None
            if w != g:
                problems.append(f"sheet {name!r} row {i + 1}: openpyxl reads {g!r}, expected {w!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def describe_cell(cell):
    if cell.value is None:
        return None
    if cell.is_date:
        kind, value = "date", cell.value.isoformat(sep=" ")
    elif cell.data_type == "n":
        kind, value = "number", str(cell.value)
    else:
        kind, value = ("text" if cell.data_type in ("s", "inlineStr") else cell.data_type), str(cell.value)
    return {"type": kind, "value": value, "format": cell.number_format, "bold": bool(cell.font.b)}


def describe(path):
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        widths = {letter: str(dim.width) for letter, dim in sheet.column_dimensions.items()}
        formats = {letter: dim.number_format for letter, dim in sheet.column_dimensions.items()}
        rows = [[describe_cell(cell) for cell in row] for row in sheet.iter_rows()]
        sheets.append({"name": sheet.title, "freeze": sheet.freeze_panes, "widths": widths,
                       "column_formats": formats, "rows": rows})
    print(json.dumps({"sheets": sheets}, ensure_ascii=False))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "write-xlsxwriter":
        write_xlsxwriter(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "write-openpyxl":
        write_openpyxl(argv[2])
        return 0
    if len(argv) == 3 and argv[1] == "describe":
        return describe(argv[2])
    if len(argv) >= 5 and argv[1] == "check" and len(argv) % 2 == 1:
        return check(argv[2], list(zip(argv[3::2], argv[4::2])))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
