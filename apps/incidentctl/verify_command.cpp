#include "verify_command.h"

#include <ostream>
#include <vector>

#include "incidents/engine/audit_chain.h"

namespace incidents::apps {

namespace {

// The directory's history in pages; 0 verified, 1 a broken chain, 2 the store failed.
int VerifyDirectory(engine::Directory& directory, std::ostream& out, std::ostream& err) {
  constexpr int kPage = 1000;
  std::vector<engine::DirectoryEvent> window;  // the last event of the page before, then this page
  std::int64_t after = 0, count = 0;
  while (true) {
    auto page = directory.ListDirectoryEvents(after, kPage);
    if (!page.ok()) {
      err << "incidentctl: cannot read the directory history: " << page.status().ToString() << "\n";
      return 2;
    }
    if (page->empty()) break;
    if (!window.empty()) window.erase(window.begin(), window.end() - 1);
    window.insert(window.end(), page->begin(), page->end());
    if (window.front().seq != 1 && after == 0) {
      out << "FAIL directory history: it starts at event " << window.front().seq << ", not 1\n";
      return 1;
    }
    if (engine::Status st = engine::VerifyDirectoryChain(window); !st.ok()) {
      out << "FAIL directory history: " << st.message() << "\n";
      return 1;
    }
    count += static_cast<std::int64_t>(page->size());
    after = page->back().seq;
  }
  out << "OK: " << count << " directory events verified (hash chain)\n";
  return 0;
}

}  // namespace

int RunVerify(engine::TicketStore& store, engine::Directory& directory,
              const std::vector<const engine::Workflow*>& workflows, std::ostream& out, std::ostream& err) {
  const int directory_code = VerifyDirectory(directory, out, err);
  if (directory_code == 2) return 2;
  auto ids = store.ListTicketIds();
  if (!ids.ok()) {
    err << "incidentctl: cannot list tickets: " << ids.status().ToString() << "\n";
    return 2;
  }
  int bad = 0;
  for (const auto& id : ids.value()) {
    engine::Status st = engine::VerifyTicket(store, workflows, id);
    if (st.ok()) continue;
    if (st.code() != engine::ErrorCode::kCorruption) {
      err << "incidentctl: cannot read ticket " << id << ": " << st.ToString() << "\n";
      return 2;
    }
    out << "FAIL ticket " << id << ": " << st.message() << "\n";
    ++bad;
  }
  if (bad > 0) {
    out << bad << " of " << ids->size() << " tickets failed verification\n";
    return 1;
  }
  out << "OK: " << ids->size() << " tickets verified (hash chains and replay)\n";
  return directory_code;
}

}  // namespace incidents::apps
