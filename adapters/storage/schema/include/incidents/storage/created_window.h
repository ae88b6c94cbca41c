#pragma once
// The creation-date window of the ticket list (migration 15), shared by the SQLite and
// MariaDB stores: a list with created_from / created_to first reads the smallest and
// largest position of the tickets created in that range from the index tickets_created,
// then walks only those positions. That read costs the number of tickets in the range
// (about 18 ms for 42,000 on SQLite, 400 ms for 1,000,000: bench/RESULTS.md), so a range
// holding more than this many is walked newest first and filtered, as without a window.
// A range that wide is usually recent (this year, this quarter), where the newest-first
// walk finds its page at once.

#include <cstdint>

namespace incidents::storage {

inline constexpr std::int64_t kCreatedWindowLimit = 100'000;

}  // namespace incidents::storage
