// Writing an XLSX workbook (xlsx.h): the fewest parts Excel, LibreOffice and openpyxl
// accept (ECMA-376 Part 1, 18; Part 2 for the package), in a zip of stored entries.
//
//   [Content_Types].xml          the part types
//   _rels/.rels                  -> xl/workbook.xml
//   xl/workbook.xml              the sheets' names, in order
//   xl/_rels/workbook.xml.rels   -> worksheets/sheetN.xml, styles.xml
//   xl/styles.xml                cell formats: 0 default, 1 text ("@"), 2 text and bold
//   xl/worksheets/sheetN.xml     the cells, as inline strings
//
// Every column is formatted as text, so that what someone types into the file later
// stays text too (a phone number keeps its leading zero).

#include <algorithm>
#include <cstddef>

#include "cell_reference.h"
#include "incidents/base/utf8.h"
#include "incidents/tabular/xlsx.h"
#include "ooxml_text.h"
#include "sheet_names.h"
#include "zip.h"

namespace incidents::tabular {
namespace {

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPackageRelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kTextStyle = "1";
constexpr const char* kHeaderStyle = "2";

std::string SheetPart(std::size_t i) { return "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml"; }

std::string ContentTypes(std::size_t sheets) {
  std::string xml = kXmlDeclaration;
  xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
         "<Override PartName=\"/xl/styles.xml\" "
         "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  for (std::size_t i = 0; i < sheets; ++i)
    xml += "<Override PartName=\"/" + SheetPart(i) +
           "\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  xml += "</Types>";
  return xml;
}

std::string PackageRelationships() {
  return std::string(kXmlDeclaration) + "<Relationships xmlns=\"" + kPackageRelationshipsNs +
         "\"><Relationship Id=\"rId1\" Type=\"" + kRelationshipsNs +
         "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
}

std::string Workbook(const std::vector<std::string>& names) {
  std::string xml = std::string(kXmlDeclaration) + "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" +
                    kRelationshipsNs + "\"><bookViews><workbookView/></bookViews><sheets>";
  for (std::size_t i = 0; i < names.size(); ++i) {
    xml += "<sheet name=\"";
    AppendXmlAttribute(xml, names[i]);
    xml += "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"rId" + std::to_string(i + 1) + "\"/>";
  }
  xml += "</sheets></workbook>";
  return xml;
}

// rId1..rIdN the sheets (as Workbook refers to them), rIdN+1 the styles.
std::string WorkbookRelationships(std::size_t sheets) {
  std::string xml = std::string(kXmlDeclaration) + "<Relationships xmlns=\"" + kPackageRelationshipsNs + "\">";
  for (std::size_t i = 0; i < sheets; ++i)
    xml += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + kRelationshipsNs +
           "/worksheet\" Target=\"worksheets/sheet" + std::to_string(i + 1) + ".xml\"/>";
  xml += "<Relationship Id=\"rId" + std::to_string(sheets + 1) + "\" Type=\"" + kRelationshipsNs +
         "/styles\" Target=\"styles.xml\"/></Relationships>";
  return xml;
}

// The two fills and the border are those every workbook must have; numFmtId 49 is "@".
std::string Styles() {
  return std::string(kXmlDeclaration) + "<styleSheet xmlns=\"" + kMainNs +
         "\">"
         "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
         "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
         "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
         "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
         "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
         "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
         "<cellXfs count=\"3\">"
         "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
         "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
         "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" "
         "applyFont=\"1\"/>"
         "</cellXfs>"
         "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
         "</styleSheet>";
}

// Column widths in characters from the longest line in each column, within 8..60.
std::vector<std::size_t> ColumnWidths(const Table& table) {
  std::vector<std::size_t> widths;
  for (const auto& row : table.rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 8);
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::size_t start = 0;
      while (start <= row[c].size()) {
        std::size_t end = row[c].find('\n', start);
        if (end == std::string::npos) end = row[c].size();
        const std::size_t length = base::utf8::Length(std::string_view(row[c]).substr(start, end - start));
        widths[c] = std::clamp(length + 2, widths[c], std::size_t{60});
        start = end + 1;
      }
    }
  }
  return widths;
}

std::string Worksheet(const Table& table) {
  std::string xml = std::string(kXmlDeclaration) + "<worksheet xmlns=\"" + kMainNs + "\">";
  // The header stays in view while scrolling.
  xml += "<sheetViews><sheetView workbookViewId=\"0\">";
  if (table.rows.size() > 1) xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>";
  xml += "</sheetView></sheetViews>";
  const auto widths = ColumnWidths(table);
  if (!widths.empty()) {
    xml += "<cols>";
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string n = std::to_string(c + 1);
      xml += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"" + std::to_string(widths[c]) + "\" style=\"" +
             kTextStyle + "\" customWidth=\"1\"/>";
    }
    xml += "</cols>";
  }
  xml += "<sheetData>";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    xml += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string& text = table.rows[r][c];
      xml += "<c r=\"" + CellName(r, c) + "\" s=\"" + (r == 0 ? kHeaderStyle : kTextStyle) + "\"";
      if (text.empty()) {  // a blank cell, as Excel writes one, rather than an empty string
        xml += "/>";
        continue;
      }
      xml += " t=\"inlineStr\"><is><t xml:space=\"preserve\">";
      AppendXmlText(xml, text);
      xml += "</t></is></c>";
    }
    xml += "</row>";
  }
  xml += "</sheetData></worksheet>";
  return xml;
}

}  // namespace

std::string WriteXlsx(const std::vector<Table>& sheets) {
  const std::vector<Table> one_empty_sheet{Table{}};
  const std::vector<Table>& tables = sheets.empty() ? one_empty_sheet : sheets;
  std::vector<std::string> wanted;
  for (const auto& table : tables) wanted.push_back(table.name);

  std::vector<zip::Entry> parts;
  parts.push_back({"[Content_Types].xml", ContentTypes(tables.size())});
  parts.push_back({"_rels/.rels", PackageRelationships()});
  parts.push_back({"xl/workbook.xml", Workbook(SheetNames(wanted))});
  parts.push_back({"xl/_rels/workbook.xml.rels", WorkbookRelationships(tables.size())});
  parts.push_back({"xl/styles.xml", Styles()});
  for (std::size_t i = 0; i < tables.size(); ++i) parts.push_back({SheetPart(i), Worksheet(tables[i])});
  return zip::WriteStored(parts);
}

}  // namespace incidents::tabular
