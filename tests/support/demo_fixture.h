#pragma once
// DemoFixture: the demo directory of spec/API.md (orgs and users) in memory, a manual
// clock, the incident workflow and a TicketService over an InMemoryTicketStore, plus
// helpers that drive a ticket to any state. Not thread-safe to set up; the service it
// holds is.

#include <memory>
#include <string>
#include <vector>

#include "in_memory_directory.h"
#include "in_memory_ticket_store.h"
#include "manual_clock.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/ticket_service.h"
#include "incidents/workflows/incident_workflow.h"

namespace incidents::testing {

// 2026-01-05T01:00:00Z: Monday 08:00 in Vietnam.
engine::Timestamp DemoStart();

// Actors of the demo directory, by username (stp.reporter, stp.focal, stnmt.reporter,
// stnmt.focal, syt.reporter, stttt.engineer, stttt.coordinator, chairman, admin), and
// of the leadership users below.
engine::Actor DemoActor(const std::string& username);

// Users beyond spec/API.md's demo directory, for issue 12.3: stttt.director (director,
// stttt), vice.chairman (chairman, vp-ubnd: a Vice-Chairman signing "KT. Chủ tịch") and
// vp-ubnd.office (office_staff, vp-ubnd). DemoFixture's directory has them too.
std::vector<engine::User> LeadershipUsers();

// The demo orgs and users (password hashes left empty).
std::vector<engine::Org> DemoOrgs();
std::vector<engine::User> DemoUsers();
// Fills a directory with DemoOrgs() and DemoUsers().
void AddDemoDirectory(InMemoryDirectory& directory);

struct DemoFixture {
  explicit DemoFixture(engine::WorkflowSettings settings = {});

  ManualClock clock{DemoStart()};
  InMemoryDirectory directory;
  InMemoryTicketStore store;
  workflows::IncidentWorkflow workflow;
  engine::TicketService service;

  // Files a ticket as stp.reporter with stnmt as party; returns its id.
  std::string File(engine::Priority priority = engine::Priority::kNormal);
  // Applies a command as `username`; REQUIREs success. Returns the new snapshot.
  engine::Ticket Do(const std::string& username, const std::string& id, const engine::Command& command);
  // Drives a freshly filed ticket into `state` through a legal path; returns its id. An
  // escalation is made from triage by stttt.coordinator, and with director sign-off
  // signed off by stttt.director; awaiting_director needs director sign-off.
  std::string TicketIn(engine::State state);
};

}  // namespace incidents::testing
