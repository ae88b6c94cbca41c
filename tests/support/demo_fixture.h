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
#include "incidents/workflows/data_request_workflow.h"
#include "incidents/workflows/incident_workflow.h"

namespace incidents::testing {

// 2026-01-05T01:00:00Z: Monday 08:00 in Vietnam.
engine::Timestamp DemoStart();

// Actors of the demo directory, by username (stp.reporter, stp.focal, stnmt.reporter,
// stnmt.focal, syt.reporter, stttt.engineer, stttt.coordinator, chairman, admin, and the
// focal points stttt.focal, skhdt.focal, syt.focal, ubnd-prtc.focal, vp-ubnd.focal), and
// of the leadership users below.
engine::Actor DemoActor(const std::string& username);

// The demo province's authorities, as config/incidentd.json names them (the engine has no
// default: WorkflowSettings{} names none).
engine::WorkflowSettings DemoWorkflowSettings();
// The shipped citations file (config/regulations/qd-57-2020-ubnd-ninhthuan.json), read once.
std::shared_ptr<const engine::Regulation> DemoRegulation();

// Users beyond spec/API.md's demo directory, for issue 12.3: stttt.director (director,
// stttt), vice.chairman (chairman, vp-ubnd: a Vice-Chairman signing "KT. Chủ tịch") and
// vp-ubnd.office (office_staff, vp-ubnd). DemoFixture's directory has them too.
std::vector<engine::User> LeadershipUsers();

// The demo orgs, users (password hashes left empty) and focal point terms: each org's
// focal point is the user <org>.focal, reached at focal@<org>.ninhthuan.example and
// +8490000000<n> (n: the org's place in DemoOrgs(), from 1), in office since 2025-01-01.
std::vector<engine::Org> DemoOrgs();
std::vector<engine::User> DemoUsers();
std::vector<engine::FocalPoint> DemoFocalPoints();
// The whole demo directory as one change without history events (to seed a store).
engine::DirectoryChange DemoDirectoryChange(std::int64_t expected_head = 0);
// Fills a directory with DemoOrgs(), DemoUsers() and DemoFocalPoints().
void AddDemoDirectory(InMemoryDirectory& directory);

struct DemoFixture {
  explicit DemoFixture(engine::WorkflowSettings settings = DemoWorkflowSettings());

  ManualClock clock{DemoStart()};
  InMemoryDirectory directory;
  InMemoryTicketStore store;
  workflows::IncidentWorkflow workflow{DemoWorkflowSettings()};
  workflows::DataRequestWorkflow data_requests{DemoWorkflowSettings()};  // added to `service`
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
