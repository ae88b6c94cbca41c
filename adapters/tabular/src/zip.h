#pragma once
// The zip container of an XLSX file (private to the library): reading parts out of an
// archive in memory through Poco::Zip. (libxlsxwriter writes the workbooks, xlsx_write.cpp.)

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/status.h"

namespace Poco::Zip {
class ZipLocalFileHeader;
}

namespace incidents::tabular::zip {

// Parts of a zip archive held in memory. Reads a view of the bytes, which must outlive
// the reader. Exceptions of Poco stop here. Not thread-safe.
class Reader {
 public:
  // Fails (kInvalidArgument) when the bytes are not a zip archive.
  static engine::Result<Reader> Open(std::string_view bytes);

  // The name of the part as stored: `name` itself, or a name equal to it ignoring ASCII
  // case (part names are case-insensitive in a package); "" when there is none.
  std::string Find(const std::string& name) const;

  // The inflated bytes of a part Find returned. Fails (kInvalidArgument) when the part is
  // damaged, encrypted, compressed by a method other than deflate, or inflates beyond
  // `limit` bytes; in the last case without inflating more than limit + 64 KiB.
  engine::Result<std::string> Read(const std::string& stored_name, std::size_t limit) const;

 private:
  using Headers = std::map<std::string, Poco::Zip::ZipLocalFileHeader>;
  Reader(std::string_view bytes, std::shared_ptr<const Headers> headers) : bytes_(bytes), headers_(std::move(headers)) {}

  std::string_view bytes_;
  std::shared_ptr<const Headers> headers_;
};

}  // namespace incidents::tabular::zip
