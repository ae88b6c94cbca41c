// Reading parts of a zip archive in memory (zip.h) with Poco::Zip. Poco parses the local
// headers in order and takes sizes from a data descriptor when an entry has one (as
// streaming writers such as LibreOffice's produce); inflating goes through
// ZipInputStream, which checks the CRC-32 at the end.

#include <algorithm>
#include <array>
#include <cstdint>
#include <istream>

#include <Poco/Exception.h>
#include <Poco/MemoryStream.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipLocalFileHeader.h>
#include <Poco/Zip/ZipStream.h>

#include "zip.h"

namespace incidents::tabular::zip {
namespace {

bool EqualIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

engine::Status PartError(const std::string& name, const std::string& what) {
  return engine::Status::InvalidArgument("part " + name + ": " + what);
}

// Poco::Zip allocates a ZIP64 end-of-central-directory record's "extensible data" by the
// size the record states, unchecked (ZipArchiveInfo64::parse): a few hostile bytes ask for
// petabytes (found by fuzz/tabular_fuzz). A true record never states more than the bytes
// that follow it, so one that does marks the archive as damaged before Poco reads it.
// The signature may also turn up by chance inside compressed data (about once in 4 GiB of
// it); a workbook refused for that is reported as damaged, and saving it again fixes it.
bool StatesMoreThanItHolds(std::string_view bytes) {
  constexpr std::string_view kZip64EndRecord("PK\x06\x06", 4);
  for (std::size_t at = bytes.find(kZip64EndRecord); at != std::string_view::npos;
       at = bytes.find(kZip64EndRecord, at + 1)) {
    const std::size_t field = at + 4;  // the record's size, 8 bytes little-endian, after the signature
    if (field + 8 > bytes.size()) return true;
    std::uint64_t size = 0;
    for (int i = 7; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(bytes[field + static_cast<std::size_t>(i)]);
    if (size > bytes.size() - (field + 8)) return true;
  }
  return false;
}

}  // namespace

engine::Result<Reader> Reader::Open(std::string_view bytes) {
  if (StatesMoreThanItHolds(bytes))
    return engine::Status::InvalidArgument("not a zip archive or a damaged one: a ZIP64 record states more bytes "
                                           "than the file holds");
  try {
    Poco::MemoryInputStream in(bytes.data(), bytes.size());
    Poco::Zip::ZipArchive archive(in);
    auto headers = std::make_shared<Headers>();
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) headers->emplace(it->first, it->second);
    if (headers->empty()) return engine::Status::InvalidArgument("not a zip archive (no entries)");
    return Reader(bytes, std::move(headers));
  } catch (const Poco::Exception& e) {
    return engine::Status::InvalidArgument("not a zip archive or a damaged one: " + e.displayText());
  } catch (const std::exception& e) {
    return engine::Status::InvalidArgument(std::string("not a zip archive or a damaged one: ") + e.what());
  }
}

std::string Reader::Find(const std::string& name) const {
  if (headers_->count(name) != 0) return name;
  for (const auto& [stored, header] : *headers_)
    if (EqualIgnoringAsciiCase(stored, name)) return stored;
  return "";
}

engine::Result<std::string> Reader::Read(const std::string& stored_name, std::size_t limit) const {
  const auto it = headers_->find(stored_name);
  if (it == headers_->end()) return PartError(stored_name, "missing");
  const Poco::Zip::ZipLocalFileHeader& header = it->second;
  const std::string too_big = "inflates beyond " + std::to_string(limit) + " bytes (a zip bomb?)";
  if (header.isEncrypted()) return PartError(stored_name, "encrypted");
  if (!header.searchCRCAndSizesAfterData() && header.getUncompressedSize() > limit) return PartError(stored_name, too_big);
  try {
    Poco::MemoryInputStream in(bytes_.data(), bytes_.size());
    Poco::Zip::ZipInputStream part(in, header, /*reposition=*/true);
    part.exceptions(std::ios::badbit);  // let Poco's "CRC failure" through instead of a bare badbit
    std::string data;
    std::array<char, 64 * 1024> buffer;
    while (part.read(buffer.data(), buffer.size()) || part.gcount() > 0) {
      data.append(buffer.data(), static_cast<std::size_t>(part.gcount()));
      if (data.size() > limit) return PartError(stored_name, too_big);
    }
    return data;
  } catch (const Poco::Exception& e) {
    return PartError(stored_name, "cannot be read: " + e.displayText());
  } catch (const std::exception& e) {
    return PartError(stored_name, std::string("cannot be read: ") + e.what());
  }
}

}  // namespace incidents::tabular::zip
