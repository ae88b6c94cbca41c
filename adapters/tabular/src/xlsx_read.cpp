// Reading an XLSX workbook (xlsx.h): from the package's relationships to the workbook,
// from the workbook's to its shared strings, styles and sheets (ECMA-376 Part 2, 9.3),
// so that parts are found wherever the writing tool put them.

#include <algorithm>
#include <utility>

#include "incidents/tabular/xlsx.h"
#include "workbook_parts.h"
#include "worksheet_reader.h"
#include "zip.h"

namespace incidents::tabular {
namespace {

engine::Status NotXlsx(const std::string& why) { return engine::Status::InvalidArgument("not an XLSX file: " + why); }

// Parts of one workbook, read within the limits of xlsx.h.
class Parts {
 public:
  explicit Parts(zip::Reader reader) : reader_(std::move(reader)) {}

  bool Has(const std::string& name) const { return !reader_.Find(name).empty(); }

  engine::Result<std::string> Read(const std::string& name) {
    const std::string stored = reader_.Find(name);
    if (stored.empty()) return NotXlsx("part " + name + " is missing");
    auto data = reader_.Read(stored, std::min(kMaxXlsxPartBytes, bytes_left_));
    if (data.ok()) bytes_left_ -= data->size();
    return data;
  }

 private:
  zip::Reader reader_;
  std::size_t bytes_left_ = kMaxXlsxBytes;
};

// The workbook part the package's relationships point at (usually xl/workbook.xml).
engine::Result<std::string> WorkbookPart(Parts& parts) {
  std::string workbook = "xl/workbook.xml";
  if (parts.Has("_rels/.rels")) {
    auto xml = parts.Read("_rels/.rels");
    if (!xml.ok()) return xml.status();
    auto relationships = ParseRelationships(*xml, "part _rels/.rels");
    if (!relationships.ok()) return relationships.status();
    if (const auto* office_document = FindByType(*relationships, "officeDocument"))
      workbook = ResolveTarget("", office_document->target);
  }
  if (!parts.Has(workbook)) return NotXlsx("it has no workbook (" + workbook + ")");
  return workbook;
}

// The part of the workbook's relationship of `type`, parsed by `parse`; `empty` when
// the workbook has none (a workbook without text has no shared strings).
template <typename T, typename Parse>
engine::Result<T> OptionalPart(Parts& parts, const std::string& workbook,
                               const std::vector<Relationship>& relationships, std::string_view type, Parse parse) {
  const auto* relationship = FindByType(relationships, type);
  if (!relationship) return T{};
  const std::string part = ResolveTarget(workbook, relationship->target);
  auto xml = parts.Read(part);
  if (!xml.ok()) return xml.status();
  return parse(*xml, "part " + part);
}

}  // namespace

engine::Result<std::vector<Table>> ReadXlsx(std::string_view bytes) {
  // An OLE compound file: an Excel 97-2003 workbook, or an encrypted (password) one.
  if (bytes.substr(0, 4) == "\xD0\xCF\x11\xE0")
    return NotXlsx("an .xls or password-protected workbook (save it as .xlsx without a password)");
  auto reader = zip::Reader::Open(bytes);
  if (!reader.ok()) return NotXlsx(reader.status().message());
  Parts parts(std::move(reader).value());

  auto workbook_part = WorkbookPart(parts);
  if (!workbook_part.ok()) return workbook_part.status();
  const std::string& workbook = *workbook_part;
  auto workbook_xml = parts.Read(workbook);
  if (!workbook_xml.ok()) return workbook_xml.status();
  auto book = ParseWorkbook(*workbook_xml, "part " + workbook);
  if (!book.ok()) return book.status();

  const std::string relationships_part = RelationshipsPartOf(workbook);
  auto relationships_xml = parts.Read(relationships_part);
  if (!relationships_xml.ok()) return relationships_xml.status();
  auto relationships = ParseRelationships(*relationships_xml, "part " + relationships_part);
  if (!relationships.ok()) return relationships.status();

  auto shared_strings =
      OptionalPart<std::vector<std::string>>(parts, workbook, *relationships, "sharedStrings", ParseSharedStrings);
  if (!shared_strings.ok()) return shared_strings.status();
  auto date_styles = OptionalPart<std::vector<bool>>(parts, workbook, *relationships, "styles", ParseDateStyles);
  if (!date_styles.ok()) return date_styles.status();

  std::vector<Table> tables;
  std::size_t cells_left = kMaxXlsxCells;
  for (const auto& sheet : book->sheets) {
    const auto it = std::find_if(relationships->begin(), relationships->end(),
                                 [&](const Relationship& r) { return r.id == sheet.relationship_id; });
    if (it == relationships->end())
      return NotXlsx("sheet '" + sheet.name + "' refers to relationship " + sheet.relationship_id + ", which " +
                     relationships_part + " does not have");
    auto xml = parts.Read(ResolveTarget(workbook, it->target));
    if (!xml.ok()) return xml.status();
    const WorksheetContext context{sheet.name, &*shared_strings, &*date_styles, book->date1904, &cells_left};
    auto rows = ReadWorksheet(*xml, context);
    if (!rows.ok()) return rows.status();
    tables.push_back(Table{sheet.name, std::move(rows).value()});
  }
  return tables;
}

}  // namespace incidents::tabular
