#pragma once
// Multi-row statements with few distinct texts (internal): used by the search index
// (ticket_words and ticket_search_comments rows) and the ticket commit (ticket_orgs,
// outbox and timers rows).

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace incidents::storage::mysql {

// The values of a statement go in batches of one of these sizes, the last padded by
// repeating its last value (the statements using this ignore a repeat: INSERT IGNORE,
// ON DUPLICATE KEY UPDATE, IN): so that only these few statement texts are prepared and
// cached per connection (mysql_statements.h), whatever the number of values.
inline constexpr std::size_t kBatchSizes[] = {8, 32, 128, 400};

// Calls `run(text, batch)` for each batch of `values` (none when empty); `text(n)` is the
// statement for n values, and `batch` holds n values.
// (`run`'s type is not deduced: Value comes from `values`, and a lambda converts.)
template <typename Value>
void InBatches(const std::vector<Value>& values, const std::function<std::string(std::size_t)>& text,
               const std::type_identity_t<std::function<void(const std::string&, const std::vector<Value>&)>>& run) {
  for (std::size_t at = 0; at < values.size();) {
    const std::size_t left = values.size() - at;
    std::size_t size = kBatchSizes[std::size(kBatchSizes) - 1];
    for (std::size_t s : kBatchSizes)
      if (s >= left) {
        size = s;
        break;
      }
    const std::size_t n = std::min(size, left);
    std::vector<Value> batch(values.begin() + static_cast<std::ptrdiff_t>(at),
                             values.begin() + static_cast<std::ptrdiff_t>(at + n));
    batch.resize(size, batch.back());
    run(text(size), batch);
    at += n;
  }
}

// For rows a repeat would not leave alone (a second outbox row with the same key is an
// error, not a no-op): batches of at most kMaxExactBatch values, each with the statement
// for exactly its count, so at most that many texts are cached. A commit's few rows (its
// notifications, its timers) go in one statement.
inline constexpr std::size_t kMaxExactBatch = 16;

template <typename Value>
void InExactBatches(
    std::span<const Value> values, const std::function<std::string(std::size_t)>& text,
    const std::type_identity_t<std::function<void(const std::string&, std::span<const Value>)>>& run) {
  for (std::size_t at = 0; at < values.size();) {
    const std::size_t n = std::min(kMaxExactBatch, values.size() - at);
    run(text(n), values.subspan(at, n));
    at += n;
  }
}

// "(?, ?), (?, ?), ..." : `rows` groups of `row` (e.g. "(?, ?)"), comma-separated.
inline std::string RepeatedRows(const std::string& row, std::size_t rows) {
  std::string out;
  for (std::size_t k = 0; k < rows; ++k) out += k ? ", " + row : row;
  return out;
}

}  // namespace incidents::storage::mysql
