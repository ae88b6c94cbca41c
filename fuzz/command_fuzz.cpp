// Command-from-payload: what every event POST and every replayed event goes through. The
// first byte picks the event type, the rest is the JSON body. What maps to a command
// writes a payload (ToPayload, the recorded form) that maps back to the same command.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/command.h"

using namespace incidents::engine;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const EventType type = kAllEventTypes[data[0] % kAllEventTypes.size()];
  auto json = ParseJson(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!json.ok() || !json->is_object()) return 0;
  auto command = CommandFromPayload(type, json->as_object());
  if (!command.ok()) {
    FUZZ_CHECK(!command.status().message().empty());
    return 0;
  }
  FUZZ_CHECK(TypeOf(command.value()) == type);
  const Payload recorded = ToPayload(command.value());
  auto back = CommandFromPayload(type, recorded);
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back.value() == command.value());
  FUZZ_CHECK(ToPayload(back.value()) == recorded);
  return 0;
}
