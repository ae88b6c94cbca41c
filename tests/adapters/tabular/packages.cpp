// Workbooks built by hand for the tests (packages.h). The sheets' parts are numbered
// backwards (the first tab is sheet9.xml) and the workbook lists them under other
// relationship ids, so that a reader that guesses names instead of following the
// relationships fails.

#include "packages.h"

#include <sstream>

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

namespace incidents::tabular::testing {

std::string DeflatedZip(const std::vector<std::pair<std::string, std::string>>& entries, Sizes sizes) {
  std::ostringstream out;
  Poco::Zip::Compress zip(out, /*seekableOut=*/sizes == Sizes::kInHeaders);
  for (const auto& [name, data] : entries) {
    std::istringstream in(data);
    zip.addFile(in, Poco::DateTime(2026, 3, 15), Poco::Path(name, Poco::Path::PATH_UNIX),
                Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_NORMAL);
  }
  zip.close();
  return out.str();
}

std::string Build(const Package& package, Sizes sizes) {
  const std::string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string package_relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
  std::vector<std::pair<std::string, std::string>> parts;
  parts.push_back({"[Content_Types].xml",
                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"});
  parts.push_back({"_rels/.rels", "<Relationships xmlns=\"" + package_relationships +
                                      "\"><Relationship Id=\"r1\" Type=\"" + relationships +
                                      "/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>"});

  std::string workbook = "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + relationships + "\">";
  if (package.date1904) workbook += "<workbookPr date1904=\"1\"/>";
  workbook += "<sheets>";
  std::string rels = "<Relationships xmlns=\"" + package_relationships + "\">";
  for (std::size_t i = 0; i < package.sheets.size(); ++i) {
    const std::string id = "sheetRel" + std::to_string(i + 1);
    const std::string file = "sheet" + std::to_string(9 - i) + ".xml";
    workbook += "<sheet name=\"" + package.sheets[i].name + "\" sheetId=\"" + std::to_string(i + 1) + "\" r:id=\"" +
                id + "\"/>";
    rels += "<Relationship Id=\"" + id + "\" Type=\"" + relationships + "/worksheet\" Target=\"worksheets/" + file +
            "\"/>";
    parts.push_back({"xl/worksheets/" + file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" +
                                                  main + "\"><sheetData>" + package.sheets[i].sheet_data +
                                                  "</sheetData></worksheet>"});
  }
  workbook += "</sheets></workbook>";
  if (!package.shared_strings.empty()) {
    rels += "<Relationship Id=\"strings\" Type=\"" + relationships + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    parts.push_back({"xl/sharedStrings.xml", "<sst xmlns=\"" + main + "\">" + package.shared_strings + "</sst>"});
  }
  if (!package.styles.empty()) {
    rels += "<Relationship Id=\"styles\" Type=\"" + relationships + "/styles\" Target=\"../xl/./styles.xml\"/>";
    parts.push_back({"xl/styles.xml", "<styleSheet xmlns=\"" + main + "\">" + package.styles + "</styleSheet>"});
  }
  rels += "</Relationships>";
  parts.push_back({"xl/workbook.xml", workbook});
  parts.push_back({"xl/_rels/workbook.xml.rels", rels});
  return DeflatedZip(parts, sizes);
}

}  // namespace incidents::tabular::testing
