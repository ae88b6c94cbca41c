#include "request_vars.h"

#include <optional>
#include <vector>

#include "incidents/engine/civil_date.h"

namespace incidents::notifications::detail {

using namespace incidents::engine;

namespace {

// A decision or proposal, from a decide event's payload or from the request's facts.
struct DecisionFacts {
  std::optional<DecisionOutcome> outcome;
  std::vector<std::string> datasets;
  std::string conditions, valid_until, reason;  // valid_until in ISO form
  std::string document_number, document_date;   // document_date in ISO form
};

std::string PayloadText(const Payload& p, const std::string& key) {
  const auto it = p.find(key);
  return it != p.end() && it->second.is_string() ? it->second.as_string() : std::string();
}

DecisionFacts FromPayload(const Payload& p) {
  DecisionFacts d;
  d.outcome = ParseDecisionOutcome(PayloadText(p, "outcome"));
  if (const auto it = p.find("datasets"); it != p.end() && it->second.is_array())
    for (const JsonValue& item : it->second.as_array())
      if (item.is_string()) d.datasets.push_back(item.as_string());
  d.conditions = PayloadText(p, "conditions");
  d.valid_until = PayloadText(p, "valid_until");
  d.reason = PayloadText(p, "reason");
  d.document_number = PayloadText(p, "document_number");
  d.document_date = PayloadText(p, "document_date");
  return d;
}

DecisionFacts FromGrant(const DataGrant& g) {
  DecisionFacts d;
  d.outcome = g.outcome;
  d.datasets = g.datasets;
  d.conditions = g.conditions.value_or("");
  d.valid_until = g.valid_until ? ToIsoString(*g.valid_until) : "";
  d.reason = g.reason.value_or("");
  d.document_number = g.document_number.value_or("");
  d.document_date = g.document_date ? ToIsoString(*g.document_date) : "";
  return d;
}

// The decision a message about `e` tells of: the decide event's own; else the request's
// decision; else DoICT's proposal awaiting the owning units; else none.
std::optional<DecisionFacts> DecisionOf(const Ticket& t, const TicketEvent& e) {
  if (e.type == EventType::kDecide) return FromPayload(e.payload);
  if (t.request->decision) return FromGrant(*t.request->decision);
  if (t.request->proposal) return FromGrant(*t.request->proposal);
  return std::nullopt;
}

State StateOf(DecisionOutcome o) {
  switch (o) {
    case DecisionOutcome::kGrant: return State::kGranted;
    case DecisionOutcome::kPartial: return State::kPartiallyGranted;
    case DecisionOutcome::kRefuse: return State::kRefused;
  }
  return State::kRefused;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace

std::string LocalDate(const std::string& iso, std::string_view locale) {
  if (locale == "en" || iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

void FillRequestVars(MessageVars& v, const Ticket& t, const TicketEvent& e, const WorkflowCatalog& catalog,
                     std::string_view locale) {
  if (!t.request) return;
  const bool vi = locale != "en";
  const DataRequestFacts& r = *t.request;
  v.requester_name = r.requester_name;  // the name only: the contact is personal data

  std::string due = e.type == EventType::kConsult ? PayloadText(e.payload, "due") : "";
  if (due.empty() && r.opinions_due) due = ToIsoString(*r.opinions_due);
  v.due_date = LocalDate(due, locale);

  const auto decision = DecisionOf(t, e);
  if (!decision) return;
  const DecisionFacts& d = *decision;
  if (d.outcome) {
    v.outcome = std::string(ToString(*d.outcome));
    const State s = StateOf(*d.outcome);
    v.outcome_label = catalog.Has(s) ? catalog.Of(s).In(locale) : v.outcome;
  }
  v.datasets = Joined(d.datasets);
  v.conditions = d.conditions;
  v.valid_until = LocalDate(d.valid_until, locale);
  v.reason = d.reason;

  std::string text;
  auto line = [&](const char* label_vi, const char* label_en, const std::string& value) {
    if (!value.empty()) text += std::string(text.empty() ? "" : "\n") + (vi ? label_vi : label_en) + value;
  };
  line("Kết quả: ", "Outcome: ", v.outcome_label);
  line("Dữ liệu, dịch vụ được chia sẻ: ", "Data or services shared: ", v.datasets);
  line("Điều kiện khai thác, sử dụng: ", "Conditions of use: ", v.conditions);
  line("Thời hạn khai thác, sử dụng đến ngày: ", "Valid until: ", v.valid_until);
  line("Lý do: ", "Reason: ", v.reason);
  if (!d.document_number.empty() || !d.document_date.empty()) {
    std::string doc = vi ? "Văn bản" : "Document";
    if (!d.document_number.empty()) doc += (vi ? " số " : " No. ") + d.document_number;
    if (!d.document_date.empty()) doc += (vi ? " ngày " : " of ") + LocalDate(d.document_date, locale);
    line("", "", doc);
  }
  v.decision_text = text;
}

}  // namespace incidents::notifications::detail
