// incidentctl: the administrator's command line. Composition root: wiring only.
//
//   incidentctl verify   --database URL     check every ticket's hash chain and replay
//   incidentctl workflow                    print the incident workflow table

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "incidents/storage/database_url.h"
#include "incidents/storage/storage.h"
#include "incidents/workflows/incident_workflow.h"
#include "verify_command.h"

namespace {

using namespace incidents;

constexpr char kUsage[] =
    "usage: incidentctl verify --database URL\n"
    "       incidentctl workflow\n"
    "URL: sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE\n";

int PrintWorkflow(const engine::Workflow& workflow) {
  const auto& table = workflow.Table();
  std::cout << "workflow " << table.name << "\n\nstates:\n";
  for (auto s : table.states)
    std::cout << "  " << engine::ToString(s) << " — " << engine::LabelVi(s) << (engine::IsTerminal(s) ? " (terminal)" : "")
              << "\n";
  std::cout << "\ntransitions:\n";
  for (const auto& t : table.transitions) {
    std::cout << "  " << engine::ToString(t.event) << ": ";
    if (t.from.empty()) std::cout << "—";
    for (std::size_t i = 0; i < t.from.size(); ++i) std::cout << (i ? ", " : "") << engine::ToString(t.from[i]);
    std::cout << " -> " << (t.to ? std::string(engine::ToString(*t.to)) : "(unchanged)") << "  by ";
    for (std::size_t i = 0; i < t.actors.size(); ++i) std::cout << (i ? "/" : "") << t.actors[i];
    if (!t.condition.empty()) std::cout << "  if " << t.condition;
    std::cout << "  [" << t.legal_basis << "]\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  workflows::IncidentWorkflow workflow;
  const std::string command = args[0];
  if (command == "workflow") return PrintWorkflow(workflow);
  if (command != "verify") {
    std::cerr << "incidentctl: unknown command '" << command << "'\n" << kUsage;
    return 2;
  }
  std::string database;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--database" && i + 1 < args.size()) {
      database = args[++i];
    } else if (args[i].rfind("--database=", 0) == 0) {
      database = args[i].substr(11);
    } else {
      std::cerr << "incidentctl: unexpected argument '" << args[i] << "'\n" << kUsage;
      return 2;
    }
  }
  if (database.empty()) {
    std::cerr << "incidentctl: verify needs --database URL\n" << kUsage;
    return 2;
  }
  auto url = storage::ParseDatabaseUrl(database);
  if (!url.ok()) {
    std::cerr << "incidentctl: " << url.status().message() << "\n";
    return 2;
  }
  auto store = storage::OpenStorage(url.value(), {});
  if (!store.ok()) {
    std::cerr << "incidentctl: cannot open " << url->Redacted() << ": " << store.status().message() << "\n";
    return 2;
  }
  return apps::RunVerify(store.value()->tickets(), workflow, std::cout, std::cerr);
}
