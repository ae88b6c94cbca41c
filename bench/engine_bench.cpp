// engine_bench: events applied per second by the engine, (1) in memory (workflow +
// hashing + snapshot copies, no I/O) and (2) durable on SQLite with synchronous=FULL, one
// writer, beside (3) the disk's own fsync rate measured in the same run on the same
// directory, which bounds (2).
//
//   engine_bench [--dir DIR] [--seconds S] [--fsync-only]
//
// Each ticket goes through a realistic life: report, acknowledge, assign_doict, three
// comments, resolve, confirm (8 events). One thread; prints one line per figure.

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "demo_fixture.h"
#include "in_memory_directory.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"

using namespace incidents::engine;
using namespace incidents::testing;
using Clock_ = std::chrono::steady_clock;

namespace {

constexpr int kEventsPerTicket = 8;

// Keeps only each ticket's latest snapshot and counts events: the in-memory figure is
// about the engine (workflow, validation, hashing, snapshot copies), not about a fake
// store's growing maps. Single-threaded use only.
class LatestSnapshotStore final : public TicketStore {
 public:
  Result<std::int64_t> AllocateTicketNumber() override { return ++number_; }
  Result<Ticket> LoadTicket(const std::string& id) override {
    auto it = tickets_.find(id);
    if (it == tickets_.end()) return Status::NotFound(id);
    return it->second;
  }
  Status Commit(const TicketCommit& c) override {
    auto& slot = tickets_[c.snapshot.id];
    if (slot.version != c.expected_version) return Status::VersionConflict(c.snapshot.id);
    slot = c.snapshot;
    if (slot.state == State::kClosed) tickets_.erase(c.snapshot.id);  // its life is over
    return {};
  }
  Result<std::vector<TicketEvent>> LoadHistory(const std::string&) override { return std::vector<TicketEvent>{}; }
  Result<std::vector<std::string>> ListTicketIds() override { return std::vector<std::string>{}; }
  Result<TicketPage> ListTickets(const TicketQuery&) override { return TicketPage{}; }
  Result<std::vector<std::pair<State, std::int64_t>>> CountByState() override {
    return std::vector<std::pair<State, std::int64_t>>{};
  }

 private:
  std::int64_t number_ = 0;
  std::unordered_map<std::string, Ticket> tickets_;
};

bool Must(const Status& st) {
  if (!st.ok()) {
    std::fprintf(stderr, "engine_bench: %s\n", st.ToString().c_str());
    std::exit(1);
  }
  return true;
}

// Runs ticket lifecycles until `seconds` pass; returns events per second.
double RunLifecycles(TicketService& service, double seconds, long* events_out) {
  const Actor reporter = DemoActor("stp.reporter"), engineer = DemoActor("stttt.engineer");
  ReportCommand report;
  report.category = Category::kDataDiscrepancy;
  report.title = "Dữ liệu hộ tịch sai lệch giữa hai hệ thống";
  report.description = std::string(400, 'x');
  report.parties = {"stnmt"};
  long events = 0;
  const auto start = Clock_::now();
  const auto stop = start + std::chrono::duration<double>(seconds);
  while (Clock_::now() < stop) {
    auto t = service.Report(reporter, report);
    Must(t.status());
    const std::string id = t->id;
    Must(service.Apply(engineer, id, AcknowledgeCommand{}).status());
    Must(service.Apply(engineer, id, AssignDoictCommand{}).status());
    for (int i = 0; i < 3; ++i)
      Must(service.Apply(engineer, id, CommentCommand{"Đang kiểm tra nhật ký kết nối LGSP"}).status());
    Must(service.Apply(engineer, id, ResolveCommand{"Đã khởi động lại dịch vụ"}).status());
    Must(service.Apply(reporter, id, ConfirmCommand{}).status());
    events += kEventsPerTicket;
  }
  const double elapsed = std::chrono::duration<double>(Clock_::now() - start).count();
  *events_out = events;
  return events / elapsed;
}

// 4 KiB appended and fdatasync'ed per iteration, like a WAL commit.
double FsyncRate(const std::string& dir, double seconds) {
  const std::string path = dir + "/fsync-probe.bin";
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  if (fd < 0) return 0;
  char block[4096];
  std::memset(block, 'f', sizeof block);
  long n = 0;
  const auto start = Clock_::now();
  const auto stop = start + std::chrono::duration<double>(seconds);
  while (Clock_::now() < stop) {
    if (::write(fd, block, sizeof block) != sizeof block || ::fdatasync(fd) != 0) break;
    ++n;
  }
  const double elapsed = std::chrono::duration<double>(Clock_::now() - start).count();
  ::close(fd);
  ::unlink(path.c_str());
  return n / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "bench-tmp";
  double seconds = 3;
  bool fsync_only = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--fsync-only")) fsync_only = true;
    else {
      std::fprintf(stderr, "usage: engine_bench [--dir DIR] [--seconds S] [--fsync-only]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(dir);
  if (fsync_only) {
    std::printf("disk_fdatasync_per_s %.0f\n", FsyncRate(dir, seconds));
    return 0;
  }

  // (1) In memory.
  {
    InMemoryDirectory directory;
    AddDemoDirectory(directory);
    LatestSnapshotStore store;
    SystemClock clock;
    incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    long events = 0;
    const double rate = RunLifecycles(service, seconds, &events);
    std::printf("in_memory_events_per_s %.0f (%ld events)\n", rate, events);
  }
  // (2) Durable on SQLite, synchronous=FULL.
  double durable = 0;
  {
    const std::string path = dir + "/engine-bench.db";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    auto db = incidents::storage::sqlite::SqliteDatabase::Open(path);
    Must(db.status());
    incidents::storage::sqlite::SqliteTicketStore store(*db.value());
    incidents::storage::sqlite::SqliteDirectory directory(*db.value());
    Must(directory.Commit(DemoDirectoryChange()));
    SystemClock clock;
    incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    long events = 0;
    durable = RunLifecycles(service, seconds, &events);
    std::printf("sqlite_full_events_per_s %.0f (%ld events, synchronous level %d)\n", durable, events,
                db.value()->SynchronousLevel().value());
    db.value().reset();
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
  // (3) The disk's own limit.
  const double fsyncs = FsyncRate(dir, seconds);
  std::printf("disk_fdatasync_per_s %.0f\n", fsyncs);
  std::printf("durable_vs_fsync_ratio %.2f\n", fsyncs > 0 ? durable / fsyncs : 0.0);
  return 0;
}
