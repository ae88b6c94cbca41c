// report_bench: reports and search over a million tickets (issue 16), on SQLite or MariaDB.
//
//   report_bench --database URL [--tickets 1000000] [--threads 4] [--reuse] [--runs 5] [--year 2026]
//
// generate  (skipped with --reuse) N incidents filed and taken through their lives by
//           TicketService over the real store (OpenStorage: snapshot, event, figures row,
//           search index, timers; one transaction per event, as in production; SQLite with
//           synchronous=normal, since durability is not what is measured here), by
//           --threads workers, each with its own clock. Created evenly over 2025-2026
//           (Vietnam time); 70% closed after acknowledge, assign, an occasional comment and
//           resolve; 5% waiting for the reporter then resolved; 5% rejected; 5% escalated
//           and decided by the Chairman; 5% with a party asked to fix; 10% left open.
//           Titles and descriptions are Vietnamese from word lists; "sai lệch" is in 30%.
// report    the year 2026, or --year's (ReportService::Run as DoICT's coordinator: the
//           scan and the fold), grouped by category; then as an agency (stnmt's focal point).
// search    TicketStore::ListTickets for the newest 50 incidents matching "sai lech" (a
//           common phrase, without diacritics), a rare word ("Bác Ái" district), and
//           "sai lech" within March of that year (created_from/created_to).
// The real server's memory on the same database: bench/report_server.py.
// Each timed figure: --runs runs, all printed, and the median.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "demo_fixture.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/report_service.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/storage/storage.h"

using namespace incidents;
using namespace incidents::engine;
using namespace incidents::testing;
using Steady = std::chrono::steady_clock;

namespace {

// Each worker's own "now": TicketService reads the clock of the thread that calls it.
thread_local Timestamp tl_now;
class WorkerClock final : public Clock {
 public:
  Timestamp Now() const override { return tl_now; }
};

Timestamp At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

const char* kDatasets[] = {"hộ tịch",     "đất đai",        "dân cư",      "doanh nghiệp",  "bảo hiểm xã hội",
                           "giáo dục",    "y tế",           "thuế",        "giao thông",    "tài nguyên nước",
                           "khí tượng",   "quy hoạch",      "xây dựng",    "lao động",      "hộ kinh doanh"};
const char* kPlaces[] = {"Phan Rang - Tháp Chàm", "Ninh Hải", "Ninh Phước", "Ninh Sơn", "Thuận Bắc", "Thuận Nam",
                         "Bác Ái"};
const char* kServices[] = {"lgsp.hotich.tracuu", "lgsp.datdai.tracuu", "lgsp.dancu.xacthuc", "lgsp.dkkd.tracuu",
                           "lgsp.bhxh.tracuu",   "dvc.nopho so",       "lgsp.thue.tracuu",   "lgsp.yte.tiemchung",
                           "csdl.quyhoach",      "csdl.xaydung"};
struct Reporter {
  const char* username;
  const char* party;
};
const Reporter kReporters[] = {{"stp.reporter", "stnmt"},  {"stnmt.reporter", "stp"}, {"syt.reporter", "stnmt"},
                               {"skhdt.focal", "stp"},     {"stnmt.focal", "syt"}};

// The title of ticket i: "Sai lệch dữ liệu" in 30%, other Vietnamese phrases otherwise;
// the place names give rare words (Bác Ái: 1 in 7 of the titles with a place).
std::string TitleOf(std::uint64_t i) {
  const std::string dataset = kDatasets[i % 15];
  const std::string place = kPlaces[(i / 15) % 7];
  switch (i % 10) {
    case 0: case 1: case 2: return "Sai lệch dữ liệu " + dataset + " tại " + place;
    case 3: case 4: return "Mất kết nối dịch vụ " + dataset;
    case 5: return "Chậm đồng bộ dữ liệu " + dataset + " huyện " + place;
    case 6: return "Không khớp mã định danh trong dữ liệu " + dataset;
    case 7: return "Lỗi xác thực khi gọi dịch vụ " + dataset;
    case 8: return "Dữ liệu " + dataset + " bị trùng lặp";
    default: return "Yêu cầu cập nhật danh mục " + dataset;
  }
}

std::string DescriptionOf(std::uint64_t i) {
  return "Phát hiện lúc " + std::to_string(7 + i % 10) + " giờ; ảnh hưởng đến hồ sơ số " + std::to_string(i * 7919 % 100000) +
         " của đơn vị. Đề nghị kiểm tra và phản hồi.";
}

bool Ok(const Result<Ticket>& r, const char* what) {
  if (r.ok()) return true;
  std::fprintf(stderr, "%s: %s\n", what, r.status().ToString().c_str());
  return false;
}

// Files ticket `i` created at `created` and takes it through its life.
bool Live(TicketService& service, std::uint64_t i, Timestamp created) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const Reporter& who = kReporters[i % 5];
  ReportCommand r;
  r.category = static_cast<Category>(i % 5);
  r.priority = static_cast<Priority>((i / 5) % 4);
  r.title = TitleOf(i);
  r.description = DescriptionOf(i);
  r.parties = {who.party};
  r.service = std::string(kServices[(i / 3) % 10]);
  tl_now = created;
  auto t = service.Report(DemoActor(who.username), r);
  if (!Ok(t, "report")) return false;
  const std::string id = t->id;
  const Actor eng = DemoActor("stttt.engineer"), coord = DemoActor("stttt.coordinator");
  const auto step = [&](const Actor& a, const Command& c, std::chrono::seconds after) {
    tl_now += after;
    return Ok(service.Apply(a, id, c), "event");
  };
  const unsigned life = i % 20;
  if (life >= 18) return true;  // left open as reported
  if (!step(eng, AcknowledgeCommand{}, minutes(20 + i % 200))) return false;
  if (life == 17) return true;  // open, in triage
  switch (life) {
    case 14:
      return step(eng, AssignDoictCommand{}, hours(1)) &&
             step(eng, RequestInfoCommand{"Đề nghị gửi thêm nhật ký"}, hours(1)) &&
             step(DemoActor(who.username), ProvideInfoCommand{"Đã gửi nhật ký kèm theo"}, hours(20 + i % 30)) &&
             step(eng, ResolveCommand{"Đã khắc phục"}, hours(4));
    case 15: return step(coord, RejectCommand{"Không thuộc phạm vi xử lý"}, hours(2));
    case 16:
      return step(coord, EscalateChairmanCommand{"Vượt thẩm quyền của Sở"}, hours(3)) &&
             step(DemoActor("chairman"), RecordChairmanDecisionCommand{"Giao các đơn vị phối hợp khắc phục", true},
                  hours(30 + i % 50));
    case 13: return step(eng, RequestPartyFixCommand{who.party, "Đề nghị đơn vị kiểm tra lại dữ liệu"}, hours(2));
    default:
      if (!step(eng, AssignDoictCommand{}, hours(1))) return false;
      if (i % 3 == 0 && !step(eng, CommentCommand{"Đang rà soát sai lệch với đơn vị cung cấp"}, hours(2))) return false;
      return step(eng, ResolveCommand{"Đã đối soát và cập nhật"}, hours(4 + i % 60)) &&
             step(DemoActor(who.username), ConfirmCommand{}, hours(24));
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string Runs(const std::vector<double>& v) {
  std::ostringstream out;
  for (std::size_t i = 0; i < v.size(); ++i) out << (i ? " / " : "") << v[i];
  return out.str();
}

template <typename F>
std::vector<double> TimeRuns(int runs, F&& f) {
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Steady::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  std::uint64_t tickets = 1'000'000;
  int threads = 4, runs = 5;
  bool reuse = false;
  int year_number = 2026;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--database") url = next();
    else if (a == "--tickets") tickets = std::stoull(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--runs") runs = std::stoi(next());
    else if (a == "--reuse") reuse = true;
    else if (a == "--year") year_number = std::stoi(next());
    else {
      std::fprintf(stderr, "usage: report_bench --database URL [--tickets N] [--threads T] [--runs R] [--reuse] "
                           "[--year Y]\n");
      return 2;
    }
  }
  auto parsed = storage::ParseDatabaseUrl(url);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
    return 2;
  }
  storage::StorageOptions options;
  options.sqlite_synchronous = "normal";
  options.pool_size = threads + 2;
  auto opened = storage::OpenStorage(parsed.value(), options);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
    return 1;
  }
  storage::Storage& store = *opened.value();
  if (store.directory().ListOrgs().value().empty() && !store.directory().Commit(DemoDirectoryChange()).ok()) return 1;

  WorkerClock clock;
  workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  TicketService service{store.tickets(), store.directory(), workflow, clock, workflow.settings()};
  BusinessCalendar calendar;
  SlaPolicy policy(calendar, DefaultSlaTargets());
  service.SetSlaPolicy(&policy, &store.timers());

  const Timestamp begin = At("2024-12-31T17:00:00Z"), end = At("2026-12-31T17:00:00Z");  // 2025-2026 local
  if (!reuse) {
    std::atomic<std::uint64_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    const auto t0 = Steady::now();
    std::vector<std::thread> workers;
    for (int w = 0; w < threads; ++w)
      workers.emplace_back([&] {
        for (std::uint64_t i; !failed && (i = next++) < tickets;) {
          const Timestamp created = begin + std::chrono::seconds((end - begin).count() * static_cast<std::int64_t>(i) /
                                                                 static_cast<std::int64_t>(tickets));
          if (!Live(service, i, created)) failed = true;
          if (const std::uint64_t d = ++done; d % 100'000 == 0)
            std::fprintf(stderr, "  %llu tickets, %.0f s\n", static_cast<unsigned long long>(d),
                         std::chrono::duration<double>(Steady::now() - t0).count());
        }
      });
    for (auto& w : workers) w.join();
    if (failed) return 1;
    const double s = std::chrono::duration<double>(Steady::now() - t0).count();
    std::printf("generate: %llu tickets in %.0f s (%.0f tickets/s) with %d threads\n",
                static_cast<unsigned long long>(tickets), s, tickets / s, threads);
  }

  ReportService reports(store.reports(), workflow.settings());
  ReportQuery year;
  year.from = {year_number, 1, 1};
  year.to = {year_number, 12, 31};
  year.group_by = ReportGrouping::kCategory;
  Report last;
  const auto year_ms = TimeRuns(runs, [&] {
    auto r = reports.Run(DemoActor("stttt.coordinator"), year);
    if (!r.ok()) std::fprintf(stderr, "report: %s\n", r.status().ToString().c_str());
    else last = std::move(r.value());
  });
  std::printf("report year %d (DoICT): %s ms; median %.0f ms; opened %lld, resolved %lld, open at end %lld\n",
              year_number, Runs(year_ms).c_str(), Median(year_ms), static_cast<long long>(last.totals.opened),
              static_cast<long long>(last.totals.resolved), static_cast<long long>(last.totals.open));
  const auto agency_ms = TimeRuns(runs, [&] { (void)reports.Run(DemoActor("stnmt.focal"), year); });
  std::printf("report year %d (an agency): %s ms; median %.0f ms\n", year_number, Runs(agency_ms).c_str(),
              Median(agency_ms));

  const auto search = [&](const char* label, TicketQuery q) {
    q.workflow = "incident";
    q.limit = 50;
    std::size_t found = 0;
    const auto ms = TimeRuns(runs, [&] {
      auto page = store.tickets().ListTickets(q);
      if (!page.ok()) std::fprintf(stderr, "search: %s\n", page.status().ToString().c_str());
      else found = page->items.size();
    });
    std::printf("search %s: %s ms; median %.1f ms; %zu on the first page\n", label, Runs(ms).c_str(), Median(ms), found);
  };
  TicketQuery common;
  common.text = "sai lech";
  search("\"sai lech\" (30% of tickets)", common);
  TicketQuery rare;
  rare.text = "Bac Ai";
  search("\"Bac Ai\" (1 in 7 titles with a place)", rare);
  TicketQuery march = common;
  const std::string y = std::to_string(year_number);
  march.created_from = At((y + "-02-28T17:00:00Z").c_str());
  march.created_to = At((y + "-03-31T17:00:00Z").c_str());
  search(("\"sai lech\" created in " + y + "-03").c_str(), march);
  TicketQuery agency = common;
  agency.visible_to = "syt";
  search("\"sai lech\" as an agency (syt)", agency);

  return 0;
}
