// The config loader: any JSON tree given as incidentd's configuration is either a
// configuration or an error naming what is wrong; never a crash. (The file's text goes
// through the JSON parser, json_fuzz.cpp.)

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "incidents/config/incidentd_config.h"
#include "incidents/engine/canonical_json.h"

using namespace incidents;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto tree = engine::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!tree.ok()) return 0;
  auto config = config::ParseConfig(tree.value());
  if (!config.ok()) FUZZ_CHECK(!config.status().message().empty());
  return 0;
}
