#pragma once
// SAX parsing of the XML parts of a workbook with Poco::XML (private to the library).
// A handler keeps the first error it meets and ignores the events that follow, rather
// than throwing: an exception would have to unwind through expat's C frames.

#include <optional>
#include <string>
#include <string_view>

#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>

#include "incidents/engine/status.h"

namespace incidents::tabular {

class SaxHandler : public Poco::XML::DefaultHandler {
 public:
  const std::optional<engine::Status>& error() const { return error_; }

 protected:
  bool failed() const { return error_.has_value(); }
  void Fail(engine::Status status) {
    if (!error_) error_ = std::move(status);
  }

 private:
  std::optional<engine::Status> error_;
};

// Parses `xml` through `handler`, with namespaces reported and no external entities
// loaded. Returns the handler's first error, or a kInvalidArgument naming `what` when
// the XML is not well-formed. Exceptions of Poco stop here.
engine::Status ParseXml(std::string_view xml, SaxHandler& handler, const std::string& what);

// The value of the attribute `local_name` in no namespace, or nothing.
std::optional<std::string> Attribute(const Poco::XML::Attributes& attributes, std::string_view local_name);

// The value of the attribute `local_name` in some namespace (such as r:id), or nothing.
std::optional<std::string> NamespacedAttribute(const Poco::XML::Attributes& attributes, std::string_view local_name);

}  // namespace incidents::tabular
