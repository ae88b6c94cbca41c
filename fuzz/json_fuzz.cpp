// The engine's JSON parser (every request body, the config, stored payloads) and the
// canonical writer the audit hashes are computed over. Any input: no crash, no hang, no
// sanitizer report; what parses writes canonical text that parses back to the same value
// and writes again byte for byte (the hash of an event must not depend on a round trip).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "incidents/engine/canonical_json.h"

using namespace incidents::engine;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseJson(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(!parsed.status().message().empty());
    return 0;
  }
  const std::string canonical = ToCanonicalJson(parsed.value());
  auto again = ParseJson(canonical);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again.value() == parsed.value());
  FUZZ_CHECK(ToCanonicalJson(again.value()) == canonical);
  return 0;
}
