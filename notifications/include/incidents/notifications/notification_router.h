#pragma once
// NotificationRouter: the engine's OutboxPlanner. Turns a committed event into outbox
// rows by the routing rules (routing_rules.h): resolves recipient roles to people (an org's
// focal point on duty on the event's local day, engine::FocalPointOnDuty, of the org's
// successor when it has one; the assignee) and their own contact, and fixes the message's
// variables (message_vars.h) in the configured locale, with the labels of the catalog of
// the ticket's workflow and the event's citation.
//
// It speaks for the workflows whose catalogs it is given (the incident one, and the
// data-sharing requests' since issue 15.3): a ticket of another workflow gets no rows. A
// rule matches only tickets of its own workflow (NotificationRule::workflow). A request's
// requester is reached at the request's own email/phone, which appear in the row's
// recipient only: never in its variables, its key or its recipient_ref ("requester").
// The router logs nothing.
//
// Immutable after construction; thread-safe if the Directory is. The catalogs and the
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
  // `catalogs`: one per workflow the router speaks for, picked by Ticket::workflow ==
  // WorkflowCatalog::workflow(); null entries are ignored.
  NotificationRouter(std::vector<NotificationRule> rules, engine::WorkflowSettings settings,
                     std::vector<const engine::WorkflowCatalog*> catalogs, engine::Directory& directory,
                     std::string locale = "vi");
  // For one workflow only (the incident one, as before issue 15.3).
  NotificationRouter(std::vector<NotificationRule> rules, engine::WorkflowSettings settings,
                     const engine::WorkflowCatalog& catalog, engine::Directory& directory,
                     std::string locale = "vi");

  // The rows for one event: every matching rule's recipients × channels, each
  // (recipient, channel) once; recipients without an address for a channel are skipped.
  engine::Result<std::vector<engine::OutboxRow>> Plan(const engine::Ticket& after,
                                                      const engine::TicketEvent& event) const override;

  // The variables every message of the event shares (org_name is left empty); the labels
  // are empty when the router has no catalog for the ticket's workflow.
  MessageVars EventVars(const engine::Ticket& after, const engine::TicketEvent& event) const;
  // Only the authority members (doict_name, ..., regulation), as the directory names the
  // configured orgs now (an org it does not have is named by its id); the rest empty.
  MessageVars AuthorityVars() const;

  const std::vector<NotificationRule>& rules() const { return rules_; }

 private:
  std::string DisplayName(const std::string& username) const;
  std::string OrgName(const std::string& org_id) const;
  // The catalog of `workflow`, or null when the router has none.
  const engine::WorkflowCatalog* CatalogOf(const std::string& workflow) const;
  std::string PayloadText(const engine::WorkflowCatalog& catalog, const engine::TicketEvent& event) const;
  std::string SignatureText(const engine::TicketEvent& event) const;
  std::string SignerLine(const engine::TicketEvent& event) const;

  std::vector<NotificationRule> rules_;
  engine::WorkflowSettings settings_;
  std::vector<const engine::WorkflowCatalog*> catalogs_;
  engine::Directory& directory_;
  std::string locale_;
};

}  // namespace incidents::notifications
