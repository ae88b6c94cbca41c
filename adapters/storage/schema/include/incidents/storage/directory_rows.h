#pragma once
// What both SQL backends do alike with the directory's rows (header only, like the
// migrations): the text forms of dates and roles in the columns of migration 5, and the
// chaining of a commit's history events onto the stored head.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/canonical_json.h"
#include "incidents/engine/directory.h"
#include "incidents/engine/status.h"
#include "incidents/engine/ticket_event.h"  // kGenesisHash

namespace incidents::storage {

// A 'YYYY-MM-DD' column; kCorruption naming `where` for anything else.
inline engine::Result<engine::CivilDate> DateColumn(const std::string& text, const std::string& where) {
  auto d = engine::ParseIsoDate(text);
  if (!d) return engine::Status::Corruption(where + ": '" + text + "' is not a date");
  return *d;
}

inline engine::Result<std::optional<engine::CivilDate>> OptDateColumn(const std::optional<std::string>& text,
                                                                       const std::string& where) {
  if (!text) return std::optional<engine::CivilDate>();
  auto d = DateColumn(*text, where);
  if (!d.ok()) return d.status();
  return std::optional<engine::CivilDate>(d.value());
}

inline std::optional<std::string> OptDateText(const std::optional<engine::CivilDate>& d) {
  return d ? std::optional<std::string>(engine::ToIsoString(*d)) : std::nullopt;
}

// Empty text is stored as NULL (actor_org, successor).
inline std::optional<std::string> NullIfEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// A payload column back to the object it was written from; kCorruption naming `where`.
inline engine::Result<engine::Payload> PayloadColumn(const std::string& text, const std::string& where) {
  auto json = engine::ParseJson(text);
  if (!json.ok() || !json->is_object()) return engine::Status::Corruption(where + ": payload is not a JSON object");
  return json->as_object();
}

// The events of a commit as they are appended after the event `head` whose hash is
// `head_hash` (head 0: none, the genesis hash): seq, prev_hash and hash filled in.
inline std::vector<engine::DirectoryEvent> ChainDirectoryEvents(std::vector<engine::DirectoryEvent> events,
                                                                std::int64_t head, std::string head_hash) {
  std::string prev = head == 0 ? std::string(engine::kGenesisHash) : std::move(head_hash);
  for (engine::DirectoryEvent& e : events) {
    e.seq = ++head;
    e.prev_hash = prev;
    e.hash = engine::ComputeDirectoryEventHash(e);
    prev = e.hash;
  }
  return events;
}

}  // namespace incidents::storage
