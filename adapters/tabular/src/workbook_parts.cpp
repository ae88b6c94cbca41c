// The parts of a workbook around its sheets (workbook_parts.h), each read by a small SAX
// handler. Elements are matched by local name: transitional and strict OOXML differ
// only in namespace URIs.

#include "workbook_parts.h"

#include <charconv>
#include <map>

#include "number_formats.h"
#include "ooxml_text.h"
#include "xml_sax.h"

namespace incidents::tabular {
namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

std::optional<int> ParseIndex(const std::optional<std::string>& text) {
  int value = 0;
  if (!text) return std::nullopt;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

class RelationshipsHandler : public SaxHandler {
 public:
  std::vector<Relationship> relationships;

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes& attributes) override {
    if (failed() || name != "Relationship") return;
    if (Attribute(attributes, "TargetMode").value_or("") == "External") return;
    relationships.push_back({Attribute(attributes, "Id").value_or(""), Attribute(attributes, "Type").value_or(""),
                             Attribute(attributes, "Target").value_or("")});
  }
};

class WorkbookHandler : public SaxHandler {
 public:
  explicit WorkbookHandler(std::string what) : what_(std::move(what)) {}
  Workbook workbook;

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes& attributes) override {
    if (failed()) return;
    if (name == "workbookPr") {
      const std::string date1904 = Attribute(attributes, "date1904").value_or("");
      workbook.date1904 = date1904 == "1" || date1904 == "true";
    } else if (name == "sheet") {
      auto sheet_name = Attribute(attributes, "name");
      auto id = NamespacedAttribute(attributes, "id");
      if (!sheet_name || !id) return Fail(engine::Status::InvalidArgument(what_ + ": a <sheet> without name or r:id"));
      workbook.sheets.push_back({std::move(*sheet_name), std::move(*id)});
    }
  }

 private:
  std::string what_;
};

// Each <si>: the text of its <t> elements, except those inside <rPh> (phonetic hints).
class SharedStringsHandler : public SaxHandler {
 public:
  std::vector<std::string> strings;

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes&) override {
    if (name == "si") {
      in_item_ = true;
      text_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t") {
      in_text_ = in_item_ && phonetic_depth_ == 0;
    }
  }
  void endElement(const XMLString&, const XMLString& name, const XMLString&) override {
    if (name == "si") {
      in_item_ = false;
      strings.push_back(DecodeXstring(text_));
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (in_text_) text_.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  bool in_item_ = false, in_text_ = false;
  int phonetic_depth_ = 0;
  std::string text_;
};

class StylesHandler : public SaxHandler {
 public:
  std::vector<int> cell_format_ids;     // numFmtId of each <xf> of <cellXfs>
  std::map<int, std::string> formats;   // custom <numFmt numFmtId formatCode>

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes& attributes) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      cell_format_ids.push_back(ParseIndex(Attribute(attributes, "numFmtId")).value_or(0));
    } else if (name == "numFmt") {
      if (auto id = ParseIndex(Attribute(attributes, "numFmtId")))
        formats[*id] = Attribute(attributes, "formatCode").value_or("");
    }
  }
  void endElement(const XMLString&, const XMLString& name, const XMLString&) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  bool in_cell_xfs_ = false;
};

}  // namespace

engine::Result<std::vector<Relationship>> ParseRelationships(std::string_view xml, const std::string& what) {
  RelationshipsHandler handler;
  if (auto status = ParseXml(xml, handler, what); !status.ok()) return status;
  return std::move(handler.relationships);
}

const Relationship* FindByType(const std::vector<Relationship>& relationships, std::string_view type) {
  for (const auto& relationship : relationships) {
    const std::string_view uri = relationship.type;
    const auto slash = uri.rfind('/');
    if (slash != std::string_view::npos && uri.substr(slash + 1) == type) return &relationship;
  }
  return nullptr;
}

std::string RelationshipsPartOf(const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return folder + "_rels/" + file + ".rels";
}

std::string ResolveTarget(const std::string& source, const std::string& target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    path = target.substr(1);
  } else {
    const auto slash = source.rfind('/');
    path = (slash == std::string::npos ? "" : source.substr(0, slash + 1)) + target;
  }
  // Drop "." segments and let ".." take the segment before it.
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string resolved;
  for (const auto& segment : segments) resolved += (resolved.empty() ? "" : "/") + segment;
  return resolved;
}

engine::Result<Workbook> ParseWorkbook(std::string_view xml, const std::string& what) {
  WorkbookHandler handler(what);
  if (auto status = ParseXml(xml, handler, what); !status.ok()) return status;
  return std::move(handler.workbook);
}

engine::Result<std::vector<std::string>> ParseSharedStrings(std::string_view xml, const std::string& what) {
  SharedStringsHandler handler;
  if (auto status = ParseXml(xml, handler, what); !status.ok()) return status;
  return std::move(handler.strings);
}

engine::Result<std::vector<bool>> ParseDateStyles(std::string_view xml, const std::string& what) {
  StylesHandler handler;
  if (auto status = ParseXml(xml, handler, what); !status.ok()) return status;
  std::vector<bool> dates;
  for (int id : handler.cell_format_ids) {
    const auto custom = handler.formats.find(id);
    dates.push_back(IsDateFormat(id, custom == handler.formats.end() ? "" : custom->second));
  }
  return dates;
}

}  // namespace incidents::tabular
