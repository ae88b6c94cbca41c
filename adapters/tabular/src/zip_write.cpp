// Writing a zip archive of stored entries (zip.h), after PKWARE's APPNOTE.TXT 6.3:
// a local header and the data for each entry, then the central directory, then its end
// record. All numbers little-endian.

#include <cstdint>

#include <Poco/Checksum.h>

#include "zip.h"

namespace incidents::tabular::zip {
namespace {

constexpr std::uint16_t kVersion = 20;          // 2.0: what readers need for these entries
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kDosTime = 0;           // 00:00:00
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01

void Put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}

void Put32(std::string& out, std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((v >> shift) & 0xFF);
}

std::uint32_t Crc32(const std::string& data) {
  Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
  crc.update(data.data(), static_cast<unsigned>(data.size()));
  return crc.checksum();
}

// The fields a local header and a central directory header share, from "version needed".
void PutCommonFields(std::string& out, const Entry& entry, std::uint32_t crc) {
  Put16(out, kVersion);
  Put16(out, 0);  // general purpose flags: none (names are ASCII)
  Put16(out, kMethodStored);
  Put16(out, kDosTime);
  Put16(out, kDosDate);
  Put32(out, crc);
  Put32(out, static_cast<std::uint32_t>(entry.data.size()));  // compressed size
  Put32(out, static_cast<std::uint32_t>(entry.data.size()));  // uncompressed size
  Put16(out, static_cast<std::uint16_t>(entry.name.size()));
  Put16(out, 0);  // extra field length
}

}  // namespace

std::string WriteStored(const std::vector<Entry>& entries) {
  std::string out, directory;
  for (const auto& entry : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = Crc32(entry.data);

    Put32(out, 0x04034b50);  // local file header
    PutCommonFields(out, entry, crc);
    out += entry.name;
    out += entry.data;

    Put32(directory, 0x02014b50);  // central directory file header
    Put16(directory, kVersion);    // version made by: 2.0, MS-DOS attributes
    PutCommonFields(directory, entry, crc);
    Put16(directory, 0);  // file comment length
    Put16(directory, 0);  // disk number start
    Put16(directory, 0);  // internal file attributes
    Put32(directory, 0);  // external file attributes
    Put32(directory, offset);
    directory += entry.name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  Put32(out, 0x06054b50);  // end of central directory record
  Put16(out, 0);           // this disk
  Put16(out, 0);           // the disk with the central directory
  Put16(out, static_cast<std::uint16_t>(entries.size()));
  Put16(out, static_cast<std::uint16_t>(entries.size()));
  Put32(out, static_cast<std::uint32_t>(directory.size()));
  Put32(out, directory_offset);
  Put16(out, 0);  // comment length
  return out;
}

}  // namespace incidents::tabular::zip
