#pragma once
// NotificationRouter: the engine's OutboxPlanner. Turns a committed event into outbox
// rows by the routing rules (routing_rules.h): resolves recipient roles to people (an org's
// focal point on duty on the event's local day, engine::FocalPointOnDuty, of the org's
// successor when it has one; the assignee) and their own contact, and fixes the message's
// variables (message_vars.h) in the configured locale, with the workflow catalog's labels
// and citation.
//
// Immutable after construction; thread-safe if the Directory is. The catalog and the
// directory must outlive the router.

#include <string>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/event_catalog.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/workflow_settings.h"
#include "incidents/notifications/message_vars.h"
#include "incidents/notifications/routing_rules.h"

namespace incidents::notifications {

class NotificationRouter final : public engine::OutboxPlanner {
 public:
  NotificationRouter(std::vector<NotificationRule> rules, engine::WorkflowSettings settings,
                     const engine::WorkflowCatalog& catalog, engine::Directory& directory,
                     std::string locale = "vi");

  // The rows for one event: every matching rule's recipients × channels, each
  // (recipient, channel) once; recipients without an address for a channel are skipped.
  engine::Result<std::vector<engine::OutboxRow>> Plan(const engine::Ticket& after,
                                                      const engine::TicketEvent& event) const override;

  // The variables every message of the event shares (org_name is left empty).
  MessageVars EventVars(const engine::Ticket& after, const engine::TicketEvent& event) const;
  // Only the authority members (doict_name, ..., regulation), as the directory names the
  // configured orgs now (an org it does not have is named by its id); the rest empty.
  MessageVars AuthorityVars() const;

  const std::vector<NotificationRule>& rules() const { return rules_; }

 private:
  std::string DisplayName(const std::string& username) const;
  std::string OrgName(const std::string& org_id) const;
  std::string PayloadText(const engine::TicketEvent& event) const;
  std::string SignatureText(const engine::TicketEvent& event) const;

  std::vector<NotificationRule> rules_;
  engine::WorkflowSettings settings_;
  const engine::WorkflowCatalog& catalog_;
  engine::Directory& directory_;
  std::string locale_;
};

}  // namespace incidents::notifications
