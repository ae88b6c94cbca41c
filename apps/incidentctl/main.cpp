// incidentctl: the administrator's command line. Composition root: wiring only.
//
//   incidentctl verify   --database URL [--config FILE] [--no-citations]
//                                           check the directory's and every ticket's hash chain, and replays
//                                           (under the config's workflow settings and regulation file;
//                                           without a regulation file only with --no-citations)
//   incidentctl workflow [NAME] [--config FILE]
//                                           print a workflow's table (incident, the default, or
//                                           data_request), with its citations
//   incidentctl calendar YEAR [--config FILE] [--set KEY=VALUE]...
//                                           the year's days off and make-up working days
//   incidentctl notifications retry --dead --database URL
//                                           dead outbox rows back to pending
//   incidentctl directory import FILE --database URL [--dry-run] [--config FILE]
//   incidentctl directory export FILE --database URL
//                                           orgs, users and focal points from/to CSV or XLSX
//   incidentctl backup FILE --database sqlite:PATH [--force] [--config FILE] [--no-citations]
//                                           an online copy of the live database (incidentd may keep
//                                           writing), verified as `verify` does plus integrity_check,
//                                           renamed to FILE only when complete and verified
//   incidentctl restore FILE --database sqlite:PATH [--force] [--config FILE] [--no-citations]
//                                           FILE verified, then put in place of PATH (stop incidentd
//                                           first; an existing PATH only with --force, kept as
//                                           PATH.replaced-<UTC time>)
//                                           MariaDB/MySQL: both print the mariadb-dump/mariadb lines
//                                           to use instead (docs/backup.md) and exit 2
//
// Exit codes: 0 success, 1 verification failed, 2 bad command line, config or database.

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "backup_command.h"
#include "calendar_command.h"
#include "directory_command.h"
#include "incidents/engine/directory_service.h"
#include "incidents/config/environment_secrets.h"
#include "incidents/config/incidentd_config.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/clock.h"
#include "incidents/storage/database_url.h"
#include "incidents/storage/storage.h"
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/incident_workflow.h"
#include "verify_command.h"

namespace {

using namespace incidents;

std::string UsageText() {
  return std::string(
    "usage: incidentctl verify --database URL [--config FILE] [--no-citations]\n"
    "       incidentctl workflow [incident|data_request] [--config FILE]\n"
    "       incidentctl calendar YEAR [--config FILE] [--set KEY=VALUE]...\n"
    "       incidentctl notifications retry --dead --database URL\n"
    "       incidentctl directory import FILE --database URL [--dry-run] [--config FILE]\n"
    "       incidentctl directory export FILE --database URL\n"
    "       incidentctl backup FILE --database sqlite:PATH [--force] [--config FILE] [--no-citations]\n"
    "       incidentctl restore FILE --database sqlite:PATH [--force] [--config FILE] [--no-citations]\n"
    "       incidentctl --version | --help\n"
    "FILE (directory): .csv or .xlsx with orgs, users and focal_points (docs/directory-file.md)\n"
    "FILE (backup, restore): a SQLite file; restore needs incidentd stopped (docs/backup.md)\n"
    "URL: sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE\n"
    "--config FILE: incidentd's JSON config (default ") + config::DefaultConfigPath() + " if present)\n";
}

// A command runs on one thread: a few connections are plenty (incidentd's storage.pool_size
// is for its request threads).
constexpr int kPoolSize = 4;

int Usage(const std::string& message) {
  std::cerr << "incidentctl: " << message << "\n" << UsageText();
  return 2;
}

// `--name VALUE` or `--name=VALUE` at args[i]; advances i past the value.
bool TakeValue(const std::vector<std::string>& args, std::size_t& i, const std::string& name, std::string& value) {
  if (args[i] == name && i + 1 < args.size()) {
    value = args[++i];
    return true;
  }
  if (args[i].rfind(name + "=", 0) == 0) {
    value = args[i].substr(name.size() + 1);
    return true;
  }
  return false;
}

engine::Result<std::unique_ptr<storage::Storage>> Open(const std::string& database) {
  auto url = storage::ParseDatabaseUrl(database);
  if (!url.ok()) return url.status();
  // As incidentd: INCIDENTD_DB_PASSWORD wins over the URL's (environment_secrets.h), so that
  // the password need not be on the command line.
  if (url->kind == storage::DatabaseUrl::Kind::kMysql)
    if (auto warning = config::TakeSecretFromEnvironment(config::kDbPasswordEnv, "--database (its password)",
                                                         url->password, [](const char* n) { return std::getenv(n); });
        !warning.empty())
      std::cerr << "incidentctl: " << warning << "\n";
  storage::StorageOptions options;
  options.pool_size = kPoolSize;
  auto store = storage::OpenStorage(url.value(), options);
  if (!store.ok())
    return engine::Status(store.status().code(), "cannot open " + url->Redacted() + ": " + store.status().message());
  return store;
}

int Calendar(const std::vector<std::string>& args) {
  std::string config = config::DefaultConfigPath(), value, year_text;
  bool config_given = false;
  std::vector<std::string> sets;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (TakeValue(args, i, "--config", value)) {
      config = value;
      config_given = true;
    } else if (TakeValue(args, i, "--set", value)) {
      sets.push_back(value);
    } else if (year_text.empty() && args[i].rfind("--", 0) != 0) {
      year_text = args[i];
    } else {
      return Usage("unexpected argument '" + args[i] + "'");
    }
  }
  // The lunar calendar is computed for 1900-2100 (lunar_calendar.h).
  int year = 0;
  auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (year_text.empty() || ec != std::errc() || end != year_text.data() + year_text.size() || year < 1900 ||
      year > 2100)
    return Usage("calendar needs a YEAR from 1900 to 2100" + (year_text.empty() ? "" : ", not '" + year_text + "'"));
  auto cfg = config::LoadConfig(config, config_given, sets);
  if (!cfg.ok()) return Usage(cfg.status().message());
  auto calendar = engine::BusinessCalendar::Create(cfg->calendar);
  if (!calendar.ok()) return Usage("calendar: " + calendar.status().message());
  return apps::PrintCalendarYear(calendar.value(), year, std::cout);
}

int RetryNotifications(const std::vector<std::string>& args) {
  std::string database;
  bool dead = false;
  if (args.size() < 2 || args[1] != "retry") return Usage("notifications needs 'retry --dead --database URL'");
  for (std::size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--dead") dead = true;
    else if (!TakeValue(args, i, "--database", database)) return Usage("unexpected argument '" + args[i] + "'");
  }
  if (!dead) return Usage("notifications retry requeues only dead rows: give --dead");
  if (database.empty()) return Usage("notifications retry needs --database URL");
  auto store = Open(database);
  if (!store.ok()) {
    std::cerr << "incidentctl: " << store.status().message() << "\n";
    return 2;
  }
  engine::SystemClock clock;
  auto n = store.value()->outbox().RequeueDead(clock.Now());
  if (!n.ok()) {
    std::cerr << "incidentctl: cannot requeue: " << n.status().ToString() << "\n";
    return 2;
  }
  std::cout << "requeued " << n.value() << " dead notification" << (n.value() == 1 ? "" : "s") << " to pending\n";
  return 0;
}

int Directory(const std::vector<std::string>& args) {
  if (args.size() < 3 || (args[1] != "import" && args[1] != "export"))
    return Usage("directory needs 'import FILE' or 'export FILE'");
  const bool import = args[1] == "import";
  const std::string path = args[2];
  std::string database, config = config::DefaultConfigPath(), value;
  bool dry_run = false, config_given = false;
  for (std::size_t i = 3; i < args.size(); ++i) {
    if (import && args[i] == "--dry-run") dry_run = true;
    else if (TakeValue(args, i, "--database", database)) continue;
    else if (import && TakeValue(args, i, "--config", value)) config = value, config_given = true;
    else return Usage("unexpected argument '" + args[i] + "'");
  }
  if (database.empty()) return Usage("directory " + args[1] + " needs --database URL");
  auto store = Open(database);
  if (!store.ok()) {
    std::cerr << "incidentctl: " << store.status().message() << "\n";
    return 2;
  }
  if (!import) return apps::RunDirectoryExport(store.value()->directory(), path, std::cout, std::cerr);
  // The workflow section names the coordinating department and the Chairman's office.
  auto cfg = config::LoadConfig(config, config_given, {});
  if (!cfg.ok()) return Usage(cfg.status().message());
  engine::SystemClock clock;
  engine::DirectoryService service(store.value()->directory(), clock, cfg->workflow);
  return apps::RunDirectoryImport(service, path, dry_run, std::cout, std::cerr);
}

int PrintWorkflow(const engine::Workflow& workflow) {
  const auto& table = workflow.Table();
  std::cout << "workflow " << table.name << "\n\nstates:\n";
  for (auto s : table.states)
    std::cout << "  " << engine::ToString(s) << " — " << workflow.Catalog().Of(s).vi << (engine::IsTerminal(s) ? " (terminal)" : "")
              << "\n";
  std::cout << "\ntransitions:\n";
  for (const auto& t : table.transitions) {
    std::cout << "  " << engine::ToString(t.event) << ": ";
    if (t.from.empty()) std::cout << "—";
    for (std::size_t i = 0; i < t.from.size(); ++i) std::cout << (i ? ", " : "") << engine::ToString(t.from[i]);
    std::cout << " -> " << (t.to ? std::string(engine::ToString(*t.to)) : "(unchanged)") << "  by ";
    for (std::size_t i = 0; i < t.actors.size(); ++i) std::cout << (i ? "/" : "") << t.actors[i];
    if (!t.condition.empty()) std::cout << "  if " << t.condition;
    // The citation under the regulation's current version; by case where it depends on the ticket.
    if (const auto& regulation = workflow.settings().citations) {
      const auto rule = *regulation->RuleOf(regulation->current_version(), t.event, table.name);
      if (rule.by == engine::CitationRule::By::kNothing) {
        std::cout << "  [" << engine::VietnameseLegalBasis(rule.always.basis) << "]";
      } else {
        std::cout << "  [by " << engine::ToString(rule.by) << ":";
        for (const auto& [when, c] : rule.cases)
          std::cout << " " << when << " " << (c.basis.empty() ? "-" : engine::VietnameseLegalBasis(c.basis)) << ";";
        std::cout << "]";
      }
    }
    std::cout << "\n";
  }
  return 0;
}

// The incident workflow under the config's settings: its sign-off mode, its authorities and
// its regulation file, whose citations `verify` holds the events to and `workflow` prints.
// The config is `--config FILE`, else config/incidentd.json when present.
// `no_citations` (verify only): --no-citations was given.
engine::Result<engine::WorkflowSettings> WorkflowSettingsOf(const std::vector<std::string>& args, std::string* database,
                                                            bool* no_citations) {
  std::string config = config::DefaultConfigPath(), value;
  bool config_given = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (TakeValue(args, i, "--config", value)) config = value, config_given = true;
    else if (no_citations && args[i] == "--no-citations") *no_citations = true;
    else if (!database || !TakeValue(args, i, "--database", *database))
      return engine::Status::InvalidArgument("unexpected argument '" + args[i] + "'");
  }
  auto cfg = config::LoadConfig(config, config_given, {});
  if (!cfg.ok()) return cfg.status();
  return cfg->workflow;
}

// `backup FILE` / `restore FILE` (FILE may come anywhere after the command). The verification
// takes the workflow settings as `verify` does, with the same rule about citations.
int BackupOrRestore(const std::vector<std::string>& args) {
  const bool restore = args[0] == "restore";
  apps::CopyRequest request;
  std::string database, value;
  std::vector<std::string> settings_args = {args[0]};  // --config and --no-citations, for WorkflowSettingsOf
  bool no_citations = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--force") request.force = true;
    else if (TakeValue(args, i, "--database", database)) continue;
    else if (TakeValue(args, i, "--config", value)) settings_args.insert(settings_args.end(), {"--config", value});
    else if (args[i] == "--no-citations") settings_args.push_back(args[i]);
    else if (request.file.empty() && args[i].rfind("--", 0) != 0) request.file = args[i];
    else return Usage("unexpected argument '" + args[i] + "'");
  }
  if (database.empty() || request.file.empty()) return Usage(args[0] + " needs FILE and --database sqlite:PATH");
  auto url = storage::ParseDatabaseUrl(database);
  if (!url.ok()) return Usage(url.status().message());
  if (url->kind == storage::DatabaseUrl::Kind::kMysql) {
    std::cerr << apps::MariadbAdvice(url.value(), restore);
    return 2;
  }
  request.database = url->path;
  auto settings = WorkflowSettingsOf(settings_args, nullptr, &no_citations);
  if (!settings.ok()) return Usage(settings.status().message());
  if (!settings->citations && !no_citations)
    return Usage(args[0] + " verifies as verify does: it needs the regulation file (workflow.regulation.file in "
                 "--config FILE, default " + config::DefaultConfigPath() + "), or --no-citations");
  if (!settings->citations)
    std::cerr << "incidentctl: no regulation file (workflow.regulation.file): citations are not checked\n";
  const workflows::IncidentWorkflow workflow(settings.value());
  const workflows::DataRequestWorkflow data_requests(settings.value());
  return restore ? apps::RunRestore(request, {&workflow, &data_requests}, std::cout, std::cerr)
                 : apps::RunBackup(request, {&workflow, &data_requests}, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << UsageText();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "incidentctl " INCIDENTS_VERSION "\n";
    return 0;
  }
  const std::string command = args[0];
  if (command == "calendar") return Calendar(args);
  if (command == "notifications") return RetryNotifications(args);
  if (command == "directory") return Directory(args);
  if (command == "backup" || command == "restore") return BackupOrRestore(args);
  if (command != "verify" && command != "workflow") return Usage("unknown command '" + command + "'");
  std::string database;
  bool no_citations = false;
  const bool verify = command == "verify";
  // `workflow NAME`: which workflow to print.
  std::string shown = engine::kIncidentWorkflow;
  if (!verify && args.size() > 1 && args[1].rfind("--", 0) != 0) {
    shown = args[1];
    if (shown != engine::kIncidentWorkflow && shown != engine::kDataRequestWorkflow)
      return Usage("unknown workflow '" + shown + "': " + engine::kIncidentWorkflow + " or " +
                   engine::kDataRequestWorkflow);
    args.erase(args.begin() + 1);
  }
  auto settings = WorkflowSettingsOf(args, verify ? &database : nullptr, verify ? &no_citations : nullptr);
  if (!settings.ok()) return Usage(settings.status().message());
  // A verify that silently skipped the citations would pass a history whose legal bases
  // were rewritten: without the regulation file it runs only when asked to.
  if (verify && !settings->citations && !no_citations)
    return Usage("verify needs the regulation file (workflow.regulation.file in --config FILE, default " +
                 config::DefaultConfigPath() +
                 ") to check each event's citation; --no-citations checks the chains and replay without them");
  if (!settings->citations)
    std::cerr << "incidentctl: no regulation file (workflow.regulation.file): citations are not checked\n";
  const workflows::IncidentWorkflow workflow(settings.value());
  const workflows::DataRequestWorkflow data_requests(settings.value());
  if (command == "workflow")
    return PrintWorkflow(shown == engine::kDataRequestWorkflow ? static_cast<const engine::Workflow&>(data_requests)
                                                               : workflow);
  if (database.empty()) return Usage("verify needs --database URL");
  auto store = Open(database);
  if (!store.ok()) {
    std::cerr << "incidentctl: " << store.status().message() << "\n";
    return 2;
  }
  return apps::RunVerify(store.value()->tickets(), store.value()->directory(), {&workflow, &data_requests}, std::cout,
                         std::cerr);
}
