// incidentd: the server. Composition root: reads the configuration, opens the database,
// wires the engine, the workflow and the HTTP API together, and waits for SIGTERM/SIGINT.
// SIGHUP is logged and ignored: the configuration is read at start only (a service
// manager's reload, or a closed terminal, must not stop the server).
//
// Exit codes: 0 after a clean stop; 2 for a bad command line or config, an unreachable
// database, or a busy port (one clear line on stderr).

#include <signal.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "demo_loader.h"
#include "json_log_format.h"
#include "notifications_wiring.h"
#include "incidents/config/environment_secrets.h"
#include "incidents/config/incidentd_config.h"
#include "incidents/config/install_layout.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/canonical_json.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/directory_service.h"
#include "incidents/engine/public_request_service.h"
#include "incidents/engine/request_clocks.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/workflow_section.h"
#include "incidents/http/api_server.h"
#include "incidents/notifications/confirmation_mail.h"
#include "incidents/notifications/report_draft_mail.h"
#include "incidents/notifications/notification_router.h"
#include "incidents/scheduler/report_draft_scheduler.h"
#include "incidents/scheduler/timer_scheduler.h"
#include "incidents/storage/database_url.h"
#include "incidents/storage/storage.h"
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/incident_workflow.h"

namespace {

using namespace incidents;

// The defaults shown are the configuration's own.
std::string Usage() {
  const config::IncidentdConfig d;
  return "usage: incidentd [--config FILE] [--listen HOST:PORT] [--database URL] [--demo] [--set KEY=VALUE]...\n"
         "  --config FILE      JSON config (default " + config::DefaultConfigPath() +
         " if present; every key has a default)\n"
         "  --listen HOST:PORT address to serve (default " + d.listen + "; port 0 picks a free port)\n"
         "  --database URL     sqlite:PATH (default " + d.database + ") or mysql://USER:PASSWORD@HOST:PORT/DB\n"
         "  --demo             on an empty database, load the demo directory (demo_file, default " + d.demo_file +
         ")\n"
         "  --set KEY=VALUE    override one config key by its dotted path\n"
         "  --print-config     print the effective configuration as JSON (secrets hidden) and exit\n"
         "  --version          print the version and exit\n"
         "  --help             print this help and exit\n";
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "incidentd: error: %s\n", message.c_str());
  return 2;
}

struct Flags {
  std::string config = config::DefaultConfigPath();
  bool config_given = false;
  bool demo = false;
  bool print_config = false;
  bool version = false;
  // --set KEY=VALUE in order; --listen and --database are `listen=` and `database=`.
  std::vector<std::string> sets;
};

// Returns an empty string on success, else the error.
std::string ParseFlags(int argc, char** argv, Flags& f, bool& help) {
  std::vector<std::string> a(argv + 1, argv + argc);
  std::optional<std::string> listen, database;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string name = a[i], value;
    const bool has_inline = name.rfind("--", 0) == 0 && name.find('=') != std::string::npos;
    if (has_inline) {
      value = name.substr(name.find('=') + 1);
      name = name.substr(0, name.find('='));
    }
    auto take = [&]() -> bool {
      if (has_inline) return true;
      if (i + 1 >= a.size()) return false;
      value = a[++i];
      return true;
    };
    if (name == "--help" || name == "-h") help = true;
    else if (name == "--demo") f.demo = true;
    else if (name == "--print-config") f.print_config = true;
    else if (name == "--version") f.version = true;
    else if (name == "--config") { if (!take()) return "--config needs a FILE"; f.config = value; f.config_given = true; }
    else if (name == "--listen") { if (!take()) return "--listen needs HOST:PORT"; listen = value; }
    else if (name == "--database") { if (!take()) return "--database needs a URL"; database = value; }
    else if (name == "--set") { if (!take()) return "--set needs KEY=VALUE"; f.sets.push_back(value); }
    else return "unknown argument '" + a[i] + "'";
  }
  // The flags win over any --set of the same key.
  if (listen) f.sets.push_back("listen=" + *listen);
  if (database) f.sets.push_back("database=" + *database);
  return {};
}

// This machine's host name, "" when unknown: with the listen port, the default name of
// this node among those sharing a database (http::NodeName, http.node_id).
std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return host;
}

// Whether the host of `url` (scheme://host[:port]/...) is this machine only: 127.0.0.0/8,
// localhost or [::1].
bool IsLoopbackUrl(const std::string& url) {
  const auto scheme_end = url.find("://");
  const std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  const std::string host = rest.rfind("[::1]", 0) == 0 ? "[::1]" : rest.substr(0, rest.find_first_of(":/"));
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  bool help = false;
  if (std::string err = ParseFlags(argc, argv, flags, help); !err.empty()) {
    std::fprintf(stderr, "%s", Usage().c_str());
    return Fail(err);
  }
  if (help) {
    std::printf("%s", Usage().c_str());
    return 0;
  }
  if (flags.version) {
    std::printf("incidentd %s\n", INCIDENTS_VERSION);
    return 0;
  }
  // Block the signals main waits for in every thread (sigwait below).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // The configuration, parsed once; each component below gets its own section.
  auto tree = config::LoadConfigTree(flags.config, flags.config_given, flags.sets);
  if (!tree.ok()) return Fail(tree.status().message());
  auto parsed = config::ParseConfig(tree.value());
  if (!parsed.ok()) return Fail(parsed.status().message());
  const config::IncidentdConfig& cfg = parsed.value();
  if (flags.print_config) {
    // The tree holds --listen and --database already (ParseFlags made them --set); the
    // database URL is shown without its password, and one that does not parse as its error
    // (which never quotes the password).
    engine::JsonValue shown = tree.value();
    auto printed_url = storage::ParseDatabaseUrl(cfg.database);
    shown.as_object()["database"] =
        printed_url.ok() ? printed_url->Redacted() : "(invalid) " + printed_url.status().message();
    std::printf("%s\n", config::PrintableConfig(shown).c_str());
    return 0;
  }
  // The authorities have no built-in names or ids: each province configures its own.
  if (engine::Status st = engine::CheckAuthorities(cfg.workflow); !st.ok()) return Fail(st.message());

  auto log = cfg.log_stream == "stdout" ? spdlog::stdout_logger_mt("incidentd") : spdlog::stderr_logger_mt("incidentd");
  log->set_level(spdlog::level::from_str(cfg.log_level));
  if (cfg.http.log_format == "json")
    apps::UseJsonLogFormat(*log);  // json_log_format.h: every line parses, whoever logs it
  else
    log->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  // In JSON format every line's message is itself a JSON value.
  auto jsonish = [&](const std::string& msg) {
    return cfg.http.log_format == "json" ? engine::ToCanonicalJson(engine::JsonValue(msg)) : msg;
  };

  // The mails' links and the set-password page name public_url, and behind a proxy it is
  // the origin the pages' changes must come from: a loopback one reaches this machine only.
  if (IsLoopbackUrl(cfg.public_url))
    log->warn(jsonish("config: public_url is " + cfg.public_url +
                      ", which only this machine can open: links in mail point there; set it to the address "
                      "people use (e.g. https://suco.example.gov.vn)"));

  auto url = storage::ParseDatabaseUrl(cfg.database);
  if (!url.ok()) return Fail(url.status().message());
  // Secrets from the environment win over the configuration (environment_secrets.h).
  const config::EnvLookup getenv = [](const char* name) { return std::getenv(name); };
  if (url->kind == storage::DatabaseUrl::Kind::kMysql)
    if (auto warning = config::TakeSecretFromEnvironment(config::kDbPasswordEnv, "database (its password)",
                                                         url->password, getenv);
        !warning.empty())
      log->warn(jsonish(warning));
  // notifications.email.password and notifications.sms.token from INCIDENTD_SMTP_PASSWORD and
  // INCIDENTD_SMS_TOKEN (config/README.md): secrets kept out of the file and the process list.
  apps::ApplySecretsFromEnvironment(parsed.value().notifications, getenv, log.get());
  auto store = storage::OpenStorage(url.value(), cfg.storage);
  if (!store.ok()) return Fail("cannot open the database " + url->Redacted() + ": " + store.status().message());

  auto calendar = engine::BusinessCalendar::Create(cfg.calendar);
  if (!calendar.ok()) return Fail("calendar: " + calendar.status().message());

  engine::SystemClock clock;
  // Administration of the directory (orgs, users, passwords, focal points).
  engine::DirectoryService directory_admin(store.value()->directory(), clock, cfg.workflow);
  if (flags.demo) {
    bool loaded = false;
    if (auto st = apps::LoadDemoDirectory(cfg.demo_file, directory_admin, &loaded); !st.ok())
      return Fail(st.message());
    log->info(jsonish(loaded ? "demo directory loaded from " + cfg.demo_file
                             : "demo directory not loaded: the database already has orgs"));
  }

  // An authority the directory does not have yet (a new database before its first import)
  // is named by its id until it is added.
  for (const auto& [key, id] : {std::pair<std::string, std::string>{"doict_org", cfg.workflow.doict_org},
                                {"chairman_office_org", cfg.workflow.chairman_office_org},
                                {"ministry_org", cfg.workflow.ministry_org}}) {
    auto org = store.value()->directory().FindOrg(id);
    if (org.ok() && !org.value())
      log->warn(jsonish("config: 'workflow." + key + "' is '" + id + "', an org the directory does not have"));
  }

  workflows::IncidentWorkflow workflow(cfg.workflow);
  workflows::DataRequestWorkflow data_requests(cfg.workflow);
  engine::TicketService tickets(store.value()->tickets(), store.value()->directory(), workflow, clock, cfg.workflow);
  tickets.AddWorkflow(data_requests);
  engine::SlaPolicy sla(calendar.value(), cfg.sla);
  tickets.SetSlaPolicy(&sla, &store.value()->timers());
  engine::RequestClocks request_clocks(calendar.value(), cfg.sla);
  tickets.SetClocks(engine::kDataRequestWorkflow, &request_clocks, &store.value()->timers());
  (void)store.value()->sessions().PurgeExpiredSessions(clock.Now());
  // The Idempotency-Key claims this node left in flight died with its previous process:
  // released, their retries need not wait for the in-flight limit. Only under a name that
  // is this node's alone and the same across its restarts (http.node_id, or host:port).
  http::ApiServerOptions http_options = cfg.http;
  http_options.node = http::NodeName(cfg.http, HostName());
  if (http_options.node.empty())
    log->warn(jsonish("idempotency: no claims in flight are released at start, and this node's claims name no "
                      "node: listening on port 0 (or with no host name), it has no name that outlives the "
                      "process; set http.node_id to one unique to this node"));
  else if (auto released = store.value()->idempotency().ReleaseInFlight(http_options.node); !released.ok())
    log->warn(jsonish("idempotency: the claims of node " + http_options.node +
                      " cannot be released: " + released.status().message()));
  else if (released.value() > 0)
    log->info(jsonish("idempotency: released " + std::to_string(released.value()) + " claims in flight of node " +
                      http_options.node));

  // Notifications: routing rules produce outbox rows in each event's transaction; the
  // dispatcher sends them. The router labels each ticket with its own workflow's catalog.
  notifications::NotificationRouter router(cfg.notifications.rules, cfg.workflow,
                                          {&workflow.Catalog(), &data_requests.Catalog()},
                                          store.value()->directory(), cfg.notifications.locale);
  tickets.SetOutboxPlanner(&router);
  notifications::NotificationSettings notification_settings = cfg.notifications;
  notification_settings.dispatcher.authorities_now = [&router] { return router.AuthorityVars(); };
  auto dispatcher = apps::MakeDispatcher(notification_settings, store.value()->outbox(), log);
  if (!dispatcher.ok()) return Fail(dispatcher.status().message());
  tickets.AddCommitListener(dispatcher.value().get());
  dispatcher.value()->Start();

  // Requests from people and businesses without an account (issue 15.2): held until the
  // requester confirms the address through the mail the router plans; the unconfirmed
  // ones past their time are dropped at each start.
  notifications::ConfirmationMail confirmation_mail(router, cfg.notifications.locale);
  engine::PublicRequestService public_requests(store.value()->public_requests(), tickets, confirmation_mail, clock);
  (void)store.value()->public_requests().PurgeExpiredPublicRequests(clock.Now());

  http::Metrics metrics;  // counts every committed event, the timers' included
  tickets.AddCommitListener(&metrics);

  // Durable SLA timers: fired through the engine as actor `system`.
  scheduler::TimerScheduler timers(
      store.value()->timers(), [&tickets](const std::string& id) { return tickets.FireDueTimers(id); },
      cfg.scheduler, log);
  tickets.AddCommitListener(&timers);
  timers.Start();

  // The scheduled report drafts (issue 16.4): the last month's and quarter's reports,
  // drafted once per period across the nodes and mailed as a link, at start and on the
  // 1st of each month; a failed run is logged and tried again (reports.drafts).
  notifications::ReportDraftMail draft_mail(router, store.value()->directory(), cfg.workflow, cfg.report_drafts,
                                            cfg.public_url, cfg.notifications.locale);
  engine::ReportDrafts report_drafts(store.value()->report_drafts(), draft_mail, clock);
  scheduler::ReportDraftScheduler draft_scheduler([&report_drafts] { return report_drafts.RecordDue(); },
                                                  std::chrono::minutes(cfg.report_drafts.retry_minutes), log);
  if (cfg.report_drafts.enabled) {
    draft_scheduler.RunOnce();  // before listening: what is due is drafted by then
    draft_scheduler.Start();
  }

  // Reports of a period, read from the figures the commits write (issue 16). The tickets
  // stored before the figures existed get theirs now, once (a no-op after: one read).
  engine::ReportService reports(store.value()->reports(), tickets.settings());
  for (std::int64_t backfilled = 0;;) {
    auto written = tickets.BackfillFigures(store.value()->reports(), 500);
    if (!written.ok()) return Fail("report figures backfill: " + written.status().message());
    if (written.value() == 0) {
      if (backfilled > 0) log->info(jsonish("report figures written for " + std::to_string(backfilled) +
                                            " tickets stored before them"));
      break;
    }
    backfilled += written.value();
  }

  http::ApiServices services{tickets,
                             store.value()->tickets(),
                             store.value()->directory(),
                             store.value()->sessions(),
                             store.value()->idempotency(),
                             clock,
                             calendar.value(),
                             directory_admin,
                             &store.value()->outbox(),
                             &metrics,
                             apps::MakeAccountMailer(cfg.notifications.email, log),
                             [&store]() -> engine::Result<std::vector<http::TicketCount>> {
                               auto counts = store.value()->CountTickets();  // one GROUP BY
                               if (!counts.ok()) return counts.status();
                               std::vector<http::TicketCount> out;
                               for (const storage::TicketCount& c : counts.value())
                                 out.push_back({c.workflow, c.state, c.count});
                               return out;
                             },
                             &public_requests,
                             &reports,
                             [&store] { return store.value()->Ping(); }};
  auto server = http::ApiServer::Start(http_options, services, log);
  if (!server.ok()) return Fail(server.status().message());
  log->info(jsonish("listening on " + server.value()->address() + " (database " + url->Redacted() + ")"));
  log->info(jsonish("files from " + config::InstallLayout::Here().data_dir +
                    (config::InstallLayout::Here().installed ? "" : " (the source tree: not installed)")));
  log->flush();

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) == 0 && signal_number == SIGHUP) {
    log->info(jsonish("received SIGHUP: nothing is reloaded (the configuration is read at start); "
                      "restart incidentd to apply a change"));
    log->flush();
  }
  log->info(jsonish(std::string("received ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT") +
                    ": finishing requests in flight"));
  server.value()->Stop(std::chrono::milliseconds(cfg.shutdown_grace_ms));
  timers.Stop();
  draft_scheduler.Stop();
  dispatcher.value()->Stop();
  log->info(jsonish("stopped"));
  log->flush();
  spdlog::shutdown();
  return 0;
}
