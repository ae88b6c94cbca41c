// timer_bench: the durable SLA timers (issue 5) with many open tickets, on SQLite.
//
//   timer_bench [--dir DIR] [--tickets 1000,100000,1000000] [--firings 200] [--incidentd PATH] [--keep]
//
// For each ticket count N, on a fresh database file in DIR:
//   fill     N open tickets, each a copy of one real reported ticket (its tickets row with
//            the id rewritten, its ticket_orgs rows and its report event) and its 4 timers
//            (ack_1, ack_2, resolve_1, resolve_2) due between 1 hour and 30 days ahead:
//            raw INSERTs through the sqlite3 C API in ONE transaction (the stores write one
//            ticket per transaction, which is the wrong tool for 4 million rows). The copied
//            events keep the template's hashes, so `incidentctl verify` would reject them;
//            nothing here reads them.
//   start    in a fresh process, the file evicted from the page cache (posix_fadvise
//            DONTNEED): SqliteDatabase::Open (migrations check), a TimerScheduler
//            Start()ed, until its first cycle has armed the wake-up, i.e. until its first
//            TimerStore::NextDue() has returned (seen through a forwarding store). RSS is read
//            from /proc/self/statm before the open, after it, and once armed.
//   claim    one timer made due (untimed), then TimerScheduler::RunOnce() with a no-op fire
//            callback: the claim transaction (SELECT + lease UPDATE, one commit) alone.
//   fire     a real critical ticket filed through TicketService (untimed), its ack_1 timer
//            made due and the service clock set to its ack due, then RunOnce() with
//            TicketService::FireDueTimers: the claim, the sla_breach event's commit (event,
//            snapshot, timers) and the follow-up timer replacement.
//   incidentd (with --incidentd) the real server on that file, evicted again: exec to
//            "listening on" in its log, and its RSS one second later.
//   fsync    the disk's write + fdatasync in the same directory (median of 200): with
//            synchronous=FULL each of the commits above waits for about one of these.
//   normal   claim and fire again with synchronous=NORMAL (WAL: a commit does not wait for the
//            disk), which leaves the CPU and index work, the part that could grow with N.
// Each phase runs in a child process so that one phase's heap does not hide another's.
// Columns: startup/claim/fire with synchronous=FULL (the default); claimN/fireN NORMAL.

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/scheduler/timer_scheduler.h"
#include "incidents/storage/sqlite/sqlite_database.h"
#include "incidents/storage/sqlite/sqlite_directory.h"
#include "incidents/storage/sqlite/sqlite_ticket_store.h"
#include "incidents/storage/sqlite/sqlite_timer_store.h"
#include "incidents/workflows/incident_workflow.h"

using namespace incidents::engine;
using namespace incidents::testing;
using incidents::storage::sqlite::SqliteDatabase;
using incidents::storage::sqlite::SqliteDirectory;
using incidents::storage::sqlite::SqliteTicketStore;
using incidents::storage::sqlite::SqliteTimerStore;
using Steady = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "timer_bench: %s\n", what.c_str());
  std::exit(1);
}
void Must(const Status& st, const char* what) {
  if (!st.ok()) Die(std::string(what) + ": " + st.ToString());
}

long RssBytes() {
  long size = 0, resident = 0;
  std::ifstream in("/proc/self/statm");
  in >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

double Seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }
double Micros(Steady::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

MillisTime NowMs() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }
Timestamp NowS() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

std::uintmax_t DbBytes(const std::string& path) {
  std::uintmax_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += n;
  }
  return total;
}

// Drops the database file's pages from the OS page cache (they are clean after the fill's
// checkpoint), so that a start-up reads from the disk like the first start after a reboot.
void Evict(const std::string& path) {
  for (const char* suffix : {"", "-wal"}) {
    const int fd = open((path + suffix).c_str(), O_RDONLY);
    if (fd < 0) continue;
    fdatasync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
  }
}

// ---------------------------------------------------------------------------------------
// Fill.

struct FillResult {
  double seconds = 0;
  long long timers = 0;
  long long bytes = 0;
};

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("open " + path);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~RawDb() {
    for (auto* s : stmts_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(std::string(sql) + ": " + (err ? err : ""));
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) Die(std::string(sql) + ": " + sqlite3_errmsg(db_));
    stmts_.push_back(s);
    return s;
  }
  void Step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) Die(std::string("step: ") + sqlite3_errmsg(db_));
    sqlite3_reset(s);
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

std::string Text(sqlite3_stmt* s, int col) {
  const auto* p = sqlite3_column_text(s, col);
  return p ? reinterpret_cast<const char*>(p) : "";
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

FillResult Fill(const std::string& path, long long tickets) {
  const auto t0 = Steady::now();
  std::string template_id;
  {
    auto db = SqliteDatabase::Open(path);
    if (!db.ok()) Die(db.status().ToString());
    SqliteDirectory directory(*db.value());
    Must(directory.Commit(DemoDirectoryChange()), "directory");
    SqliteTicketStore store(*db.value());
    ManualClock clock(NowS());
    incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    ReportCommand r;
    r.category = Category::kDataDiscrepancy;
    r.title = "Dữ liệu hộ tịch sai lệch giữa hai hệ thống";
    r.description = "Số liệu khai sinh tháng 10 trên hệ thống tỉnh khác số liệu trên hệ thống của Bộ. " + std::string(300, 'x');
    r.parties = {"stnmt"};
    r.priority = Priority::kNormal;
    auto t = service.Report(DemoActor("stp.reporter"), r);
    if (!t.ok()) Die(t.status().ToString());
    template_id = t->id;
  }
  RawDb raw(path);
  // The template's rows.
  std::vector<std::string> ticket_cols, event_cols;
  std::vector<std::string> orgs;
  {
    auto* q = raw.Prepare(
        "SELECT state, category, priority, reporter_org, assignee, version, created_at, updated_at, snapshot "
        "FROM tickets WHERE id = ?1");
    sqlite3_bind_text(q, 1, template_id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(q) != SQLITE_ROW) Die("no template ticket");
    for (int i = 0; i < 9; ++i) ticket_cols.push_back(Text(q, i));
    sqlite3_reset(q);
    auto* o = raw.Prepare("SELECT org_id FROM ticket_orgs WHERE ticket_id = ?1");
    sqlite3_bind_text(o, 1, template_id.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(o) == SQLITE_ROW) orgs.push_back(Text(o, 0));
    sqlite3_reset(o);
    auto* e = raw.Prepare(
        "SELECT seq, type, actor, actor_org, at, from_state, to_state, payload, legal_basis, prev_hash, hash "
        "FROM ticket_events WHERE ticket_id = ?1 AND seq = 1");
    sqlite3_bind_text(e, 1, template_id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(e) != SQLITE_ROW) Die("no template event");
    for (int i = 0; i < 11; ++i) event_cols.push_back(Text(e, i));
    sqlite3_reset(e);
  }
  auto* ins_ticket = raw.Prepare(
      "INSERT INTO tickets (id, state, category, priority, reporter_org, assignee, version, created_at, updated_at, "
      "snapshot) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9)");
  auto* ins_org = raw.Prepare("INSERT INTO ticket_orgs (ticket_id, org_id) VALUES (?1, ?2)");
  auto* ins_event = raw.Prepare(
      "INSERT INTO ticket_events (ticket_id, seq, type, actor, actor_org, at, from_state, to_state, payload, "
      "legal_basis, prev_hash, hash) VALUES (?1, 1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9, ?10)");
  auto* ins_timer = raw.Prepare("INSERT INTO timers (ticket_id, kind, due_ms) VALUES (?1, ?2, ?3)");
  std::mt19937_64 rng(42);
  const std::int64_t now_ms = NowMs().time_since_epoch().count();
  std::uniform_int_distribution<std::int64_t> offset(3600 * 1000LL, 30 * 86400 * 1000LL);
  const std::int64_t hour = 3600 * 1000LL;
  const std::pair<const char*, std::int64_t> kinds[] = {
      {"ack_1", 0}, {"ack_2", 4 * hour}, {"resolve_1", 40 * hour}, {"resolve_2", 80 * hour}};
  FillResult result;
  raw.Exec("BEGIN");
  for (long long i = 0; i < tickets; ++i) {
    const std::string id = "INC-2026-" + std::to_string(10000000 + i);
    const std::string snapshot = Replace(ticket_cols[8], template_id, id);
    auto bind = [](sqlite3_stmt* s, int col, const std::string& v) {
      sqlite3_bind_text(s, col, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    };
    bind(ins_ticket, 1, id);
    for (int c = 0; c < 4; ++c) bind(ins_ticket, 2 + c, ticket_cols[c]);
    for (int c = 5; c < 8; ++c) sqlite3_bind_int64(ins_ticket, 1 + c, std::stoll(ticket_cols[c]));
    bind(ins_ticket, 9, snapshot);
    raw.Step(ins_ticket);
    for (const auto& org : orgs) {
      bind(ins_org, 1, id);
      bind(ins_org, 2, org);
      raw.Step(ins_org);
    }
    bind(ins_event, 1, id);
    bind(ins_event, 2, event_cols[1]);
    bind(ins_event, 3, event_cols[2]);
    bind(ins_event, 4, event_cols[3]);
    sqlite3_bind_int64(ins_event, 5, std::stoll(event_cols[4]));
    bind(ins_event, 6, event_cols[6]);
    bind(ins_event, 7, event_cols[7]);
    bind(ins_event, 8, event_cols[8]);
    bind(ins_event, 9, event_cols[9]);
    bind(ins_event, 10, event_cols[10]);
    raw.Step(ins_event);
    const std::int64_t base = now_ms + offset(rng);
    for (const auto& [kind, delta] : kinds) {
      bind(ins_timer, 1, id);
      sqlite3_bind_text(ins_timer, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64(ins_timer, 3, base + delta);
      raw.Step(ins_timer);
      ++result.timers;
    }
  }
  raw.Exec("UPDATE counters SET value = 100000000 WHERE name = 'ticket'");
  raw.Exec("COMMIT");
  raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  result.seconds = Seconds(Steady::now() - t0);
  result.bytes = static_cast<long long>(DbBytes(path));
  return result;
}

// ---------------------------------------------------------------------------------------
// Measure.

// Forwards to the real store and tells when the first NextDue() has returned: the moment
// the scheduler's first cycle arms its wake-up.
class ObservedTimerStore final : public TimerStore {
 public:
  explicit ObservedTimerStore(TimerStore& inner) : inner_(inner) {}
  Result<std::vector<ScheduledTimer>> ClaimDueTimers(MillisTime now, int limit, std::chrono::milliseconds lease) override {
    return inner_.ClaimDueTimers(now, limit, lease);
  }
  Result<std::optional<MillisTime>> NextDue() override {
    auto r = inner_.NextDue();
    std::lock_guard lock(mu_);
    if (!armed_) {
      armed_ = Steady::now();
      first_ = r;
    }
    cv_.notify_all();
    return r;
  }
  Status ReplaceTimers(const std::string& id, const std::vector<DueTimer>& timers) override {
    return inner_.ReplaceTimers(id, timers);
  }
  Result<std::int64_t> CountTimers() override { return inner_.CountTimers(); }

  Steady::time_point WaitArmed(Result<std::optional<MillisTime>>& first) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return armed_.has_value(); });
    first = first_;
    return *armed_;
  }

 private:
  TimerStore& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Steady::time_point> armed_;
  Result<std::optional<MillisTime>> first_{std::optional<MillisTime>()};
};

struct MeasureResult {
  double startup_s = 0;      // open + Start + first cycle armed
  double open_s = 0;         // SqliteDatabase::Open alone
  double arm_s = 0;          // Start() to armed
  long rss_before = 0, rss_open = 0, rss_armed = 0;
  long long next_due_ms_ahead = 0;  // the armed wake-up, ms after start (sanity)
  long long timers = 0;
  double claim_median_us = 0, claim_p90_us = 0;
  double fire_median_us = 0, fire_p90_us = 0;
  int fire_ok = 0;  // firings that left exactly one level-1 breach
  double fsync_us = 0;  // the disk's write + fdatasync, median
};

// The disk's own commit cost in the same run and directory: write 4 KiB and fdatasync, the
// median of 200; with synchronous=FULL each commit waits for about one of these.
double FsyncMedianUs(const std::string& dir) {
  const std::string path = dir + "/timer_bench.fsync";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) Die("open " + path);
  char block[4096];
  std::memset(block, 'x', sizeof block);
  std::vector<double> us;
  for (int i = 0; i < 200; ++i) {
    const auto a = Steady::now();
    if (pwrite(fd, block, sizeof block, (i % 16) * 4096) != static_cast<ssize_t>(sizeof block)) Die("pwrite");
    fdatasync(fd);
    us.push_back(Micros(Steady::now() - a));
  }
  close(fd);
  std::filesystem::remove(path);
  return Percentile(us, 0.5);
}

MeasureResult Measure(const std::string& path, int firings, const std::string& synchronous) {
  MeasureResult m;
  Evict(path);  // a cold start: the file is not in the page cache
  const incidents::scheduler::SchedulerSettings settings{std::chrono::milliseconds(30000), std::chrono::hours(1), 100};
  m.rss_before = RssBytes();
  const auto t0 = Steady::now();
  incidents::storage::sqlite::SqliteOptions options;
  options.synchronous = synchronous;
  auto db = SqliteDatabase::Open(path, options);
  if (!db.ok()) Die(db.status().ToString());
  SqliteTimerStore timers(*db.value());
  m.open_s = Seconds(Steady::now() - t0);
  m.rss_open = RssBytes();
  {
    ObservedTimerStore observed(timers);
    incidents::scheduler::TimerScheduler scheduler(
        observed, [](const std::string&) { return Status(); }, settings, nullptr);
    const auto t1 = Steady::now();
    scheduler.Start();
    Result<std::optional<MillisTime>> first{std::optional<MillisTime>()};
    const auto armed = observed.WaitArmed(first);
    m.startup_s = Seconds(armed - t0);
    m.arm_s = Seconds(armed - t1);
    m.rss_armed = RssBytes();
    if (!first.ok() || !first.value()) Die("the first NextDue found nothing");
    m.next_due_ms_ahead = (first.value()->time_since_epoch() - NowMs().time_since_epoch()).count();
    scheduler.Stop();
  }
  m.timers = timers.CountTimers().value();
  m.fsync_us = FsyncMedianUs(std::filesystem::path(path).parent_path().string());

  // One firing, claim only: a due timer of a ticket that does not exist, a no-op fire.
  {
    incidents::scheduler::TimerScheduler scheduler(
        timers, [](const std::string&) { return Status(); }, settings, nullptr);
    std::vector<double> us;
    for (int i = 0; i < firings; ++i) {
      const std::string id = "INC-BENCH-CLAIM-" + std::to_string(i);
      Must(timers.ReplaceTimers(id, {{TimerKind::kAckLevel1, NowS() - std::chrono::seconds(1)}}), "replace");
      const auto a = Steady::now();
      const int n = scheduler.RunOnce();
      us.push_back(Micros(Steady::now() - a));
      if (n != 1) Die("claim: RunOnce fired " + std::to_string(n) + " timers, not 1");
    }
    m.claim_median_us = Percentile(us, 0.5);
    m.claim_p90_us = Percentile(us, 0.9);
  }

  // One real firing: a real ticket's ack_1 breach through TicketService::FireDueTimers.
  {
    SqliteTicketStore store(*db.value());
    SqliteDirectory directory(*db.value());
    ManualClock clock(NowS());
    incidents::workflows::IncidentWorkflow workflow{incidents::testing::DemoWorkflowSettings()};
    TicketService service(store, directory, workflow, clock, workflow.settings());
    BusinessCalendar calendar;
    SlaPolicy sla(calendar, DefaultSlaTargets());
    service.SetSlaPolicy(&sla, &timers);
    std::vector<std::string> ids;
    for (int i = 0; i < firings; ++i) {
      ReportCommand r;
      r.category = Category::kConnectionFailure;
      r.title = "Dịch vụ chia sẻ dữ liệu ngừng " + std::to_string(i);
      r.description = "Không gọi được API của hệ thống.";
      r.priority = Priority::kCritical;
      auto t = service.Report(DemoActor("stp.reporter"), r);
      if (!t.ok()) Die(t.status().ToString());
      ids.push_back(t->id);
    }
    incidents::scheduler::TimerScheduler scheduler(
        timers, [&](const std::string& id) { return service.FireDueTimers(id); }, settings, nullptr);
    std::vector<double> us;
    for (const auto& id : ids) {
      const Ticket t = store.LoadTicket(id).value();
      Timestamp ack_due{};
      for (const auto& d : sla.PendingTimers(t))
        if (d.kind == TimerKind::kAckLevel1) ack_due = d.due;
      clock.Set(ack_due);  // the service sees the ack clock exactly at its target
      Must(timers.ReplaceTimers(id, {{TimerKind::kAckLevel1, NowS() - std::chrono::seconds(1)}}), "replace");
      const auto a = Steady::now();
      const int n = scheduler.RunOnce();
      us.push_back(Micros(Steady::now() - a));
      if (n != 1) Die("fire: RunOnce fired " + std::to_string(n) + " timers, not 1");
      const Ticket after = store.LoadTicket(id).value();
      if (after.sla.breaches.size() == 1 && after.sla.breaches[0].level == 1) ++m.fire_ok;
    }
    m.fire_median_us = Percentile(us, 0.5);
    m.fire_p90_us = Percentile(us, 0.9);
  }
  return m;
}

// Runs `fn` in a child process and returns what it wrote to the pipe.
template <class R, class F>
R InChild(F fn) {
  int fds[2];
  if (pipe(fds) != 0) Die("pipe");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    close(fds[0]);
    const R r = fn();
    if (write(fds[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) _exit(3);
    _exit(0);
  }
  close(fds[1]);
  R r{};
  const ssize_t n = read(fds[0], &r, sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (n != static_cast<ssize_t>(sizeof r) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("child failed");
  return r;
}

// The real server on the file: exec to "listening on", and its RSS then.
struct ServerResult {
  double listening_s = 0;
  long rss = 0;
};

ServerResult StartIncidentd(const std::string& binary, const std::string& dir, const std::string& path) {
  const std::string config = dir + "/timer_bench.config.json";
  std::ofstream(config) << "{}";
  const std::string log = dir + "/timer_bench.incidentd.log";
  std::filesystem::remove(log);  // never read the previous run's "listening on"
  Evict(path);
  const auto t0 = Steady::now();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(binary.c_str(), binary.c_str(), "--config", config.c_str(), "--database", ("sqlite:" + path).c_str(),
          "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  ServerResult r;
  while (true) {
    std::ifstream in(log);
    std::stringstream s;
    s << in.rdbuf();
    if (s.str().find("listening on") != std::string::npos) break;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) Die("incidentd exited: " + s.str());
    if (Steady::now() - t0 > std::chrono::seconds(120)) Die("incidentd did not listen within 120 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  r.listening_s = Seconds(Steady::now() - t0);
  std::this_thread::sleep_for(std::chrono::seconds(1));  // its first timer cycle has run by now
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  r.rss = resident * sysconf(_SC_PAGESIZE);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = std::filesystem::temp_directory_path().string(), incidentd;
  std::vector<long long> counts{1000, 100000, 1000000};
  int firings = 200;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--dir") dir = next();
    else if (a == "--firings") firings = std::stoi(next());
    else if (a == "--incidentd") incidentd = next();
    else if (a == "--keep") keep = true;
    else if (a == "--tickets") {
      counts.clear();
      std::stringstream s(next());
      for (std::string item; std::getline(s, item, ',');) counts.push_back(std::stoll(item));
    } else {
      Die("usage: timer_bench [--dir DIR] [--tickets N,N,...] [--firings N] [--incidentd PATH] [--keep]");
    }
  }
  std::printf("%9s %9s %7s %8s | %9s %8s %8s | %7s %7s %9s %8s | %8s %8s %8s %8s %8s | %8s %8s | %8s %7s\n", "tickets",
              "timers", "fill_s", "db_MB", "startup_s", "open_s", "arm_s", "rss0_MB", "rss_MB", "growth_KB",
              "B/timer", "claim_us", "p90", "fire_us", "p90", "fsync_us", "claimN", "fireN", "srv_up_s", "srv_MB");
  for (long long n : counts) {
    const std::string path = dir + "/timer_bench_" + std::to_string(n) + ".db";
    RemoveDb(path);
    const FillResult fill = InChild<FillResult>([&] { return Fill(path, n); });
    const MeasureResult m = InChild<MeasureResult>([&] { return Measure(path, firings, "full"); });
    const MeasureResult nm = InChild<MeasureResult>([&] { return Measure(path, firings, "normal"); });
    ServerResult srv;
    if (!incidentd.empty()) srv = StartIncidentd(incidentd, dir, path);
    if (m.fire_ok != firings || nm.fire_ok != firings) Die("a real firing did not leave exactly one level-1 breach");
    const double per_timer = static_cast<double>(m.rss_armed - m.rss_open) / static_cast<double>(fill.timers);
    std::printf("%9lld %9lld %7.1f %8.1f | %9.4f %8.4f %8.4f | %7.1f %7.1f %9.1f %8.4f | %8.0f %8.0f %8.0f %8.0f %8.0f | %8.0f %8.0f | %8.3f %7.1f\n",
                n, fill.timers, fill.seconds, fill.bytes / 1e6, m.startup_s, m.open_s, m.arm_s, m.rss_open / 1e6,
                m.rss_armed / 1e6, (m.rss_armed - m.rss_open) / 1024.0, per_timer, m.claim_median_us, m.claim_p90_us,
                m.fire_median_us, m.fire_p90_us, m.fsync_us, nm.claim_median_us, nm.fire_median_us, srv.listening_s,
                srv.rss / 1e6);
    std::fflush(stdout);
    if (m.next_due_ms_ahead <= 0)  // the fill's timers are all due 1 h to 30 days after it
      std::fprintf(stderr, "timer_bench: warning: armed for %lld ms ahead\n", m.next_due_ms_ahead);
    if (!keep) RemoveDb(path);
  }
  return 0;
}
