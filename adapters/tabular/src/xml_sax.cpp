// SAX parsing with Poco::XML (xml_sax.h).

#include "xml_sax.h"

#include <exception>

#include <Poco/Exception.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/XMLReader.h>

namespace incidents::tabular {
namespace {

std::optional<std::string> FindAttribute(const Poco::XML::Attributes& attributes, std::string_view local_name,
                                         bool in_namespace) {
  for (int i = 0; i < attributes.getLength(); ++i)
    if (attributes.getLocalName(i) == local_name && attributes.getURI(i).empty() != in_namespace)
      return attributes.getValue(i);
  return std::nullopt;
}

}  // namespace

engine::Status ParseXml(std::string_view xml, SaxHandler& handler, const std::string& what) {
  try {
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&handler);
    parser.parseMemoryNP(xml.data(), xml.size());
  } catch (const Poco::Exception& e) {
    return engine::Status::InvalidArgument(what + ": not well-formed XML: " + e.displayText());
  } catch (const std::exception& e) {
    return engine::Status::InvalidArgument(what + ": cannot be parsed: " + e.what());
  }
  return handler.error().value_or(engine::Status::Ok());
}

std::optional<std::string> Attribute(const Poco::XML::Attributes& attributes, std::string_view local_name) {
  return FindAttribute(attributes, local_name, /*in_namespace=*/false);
}

std::optional<std::string> NamespacedAttribute(const Poco::XML::Attributes& attributes, std::string_view local_name) {
  return FindAttribute(attributes, local_name, /*in_namespace=*/true);
}

}  // namespace incidents::tabular
