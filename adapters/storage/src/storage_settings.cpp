#include "incidents/storage/storage_settings.h"

#include "incidents/engine/config_section.h"

namespace incidents::storage {

engine::JsonValue DefaultStorageSection() {
  const StorageOptions defaults;
  return engine::JsonValue::Object{{"sqlite_synchronous", defaults.sqlite_synchronous},
                                   {"pool_size", defaults.pool_size},
                                   {"busy_timeout_ms", defaults.busy_timeout_ms}};
}

engine::Result<StorageOptions> ParseStorageSection(const engine::JsonValue& section) {
  engine::ConfigSection s(section, kStorageSection);
  StorageOptions options;
  if (auto v = s.OneOf("sqlite_synchronous", {"full", "normal", "extra"})) options.sqlite_synchronous = *v;
  if (auto v = s.Int("pool_size", 1, 64)) options.pool_size = static_cast<int>(*v);
  if (auto v = s.Int("busy_timeout_ms", 0, 600000)) options.busy_timeout_ms = static_cast<int>(*v);
  if (!s.ok()) return s.status();
  return options;
}

}  // namespace incidents::storage
