#pragma once
// The parts of a workbook around its sheets (private to the library): relationships,
// the workbook, the shared strings and the styles. Each parser takes the part's XML and
// a name for it to put in errors. Pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"

namespace incidents::tabular {

// <Relationship Id Type Target> of a .rels part; external targets are left out.
struct Relationship {
  std::string id;
  std::string type;    // a URI; compare its last segment ("/worksheet"): strict OOXML uses other URIs
  std::string target;  // relative to the folder of the part the .rels part belongs to, or absolute ("/xl/...")
};
engine::Result<std::vector<Relationship>> ParseRelationships(std::string_view xml, const std::string& what);

// The relationship of `type` (its last segment, e.g. "sharedStrings"), or nullptr.
const Relationship* FindByType(const std::vector<Relationship>& relationships, std::string_view type);

// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelationshipsPartOf(const std::string& part);

// The part a relationship of `source` points at: "worksheets/sheet1.xml" from
// "xl/workbook.xml" is "xl/worksheets/sheet1.xml"; "/xl/styles.xml" is "xl/styles.xml".
std::string ResolveTarget(const std::string& source, const std::string& target);

struct WorkbookSheet {
  std::string name;
  std::string relationship_id;
};
struct Workbook {
  std::vector<WorkbookSheet> sheets;  // in tab order
  bool date1904 = false;
};
engine::Result<Workbook> ParseWorkbook(std::string_view xml, const std::string& what);

// Shared strings in order (<si>: its <t>, or its rich text runs joined; phonetic hints
// left out; _xHHHH_ escapes decoded).
engine::Result<std::vector<std::string>> ParseSharedStrings(std::string_view xml, const std::string& what);

// For each cell format (<cellXfs>, the s attribute of a cell), whether it shows a date.
engine::Result<std::vector<bool>> ParseDateStyles(std::string_view xml, const std::string& what);

}  // namespace incidents::tabular
