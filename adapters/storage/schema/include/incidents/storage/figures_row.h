#pragma once
// The ticket_figures table (migration 12, issue 16) as both SQL backends read and write it
// (header only, like the migrations): its columns in order, each one's type, and the
// conversions of engine::TicketFigures to and from a row of nullable values, so that the
// two stores differ only in how they bind and read a value.

#include <chrono>
#include <cstdint>
#include <limits>
#include <string_view>
#include <optional>
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/report.h"
#include "incidents/engine/status.h"

namespace incidents::storage {

// One column's value: NULL, an integer or a text.
using FigureValue = std::variant<std::monostate, std::int64_t, std::string>;

struct FigureColumn {
  const char* name;
  bool text;  // else an integer
};

inline const std::vector<FigureColumn>& FigureColumns() {
  static const std::vector<FigureColumn> kColumns = {
      {"ticket_id", true},          {"workflow", true},           {"category", true},
      {"priority", true},           {"service", true},            {"reporter_org", true},
      {"parties", true},            {"state", true},              {"created_at", false},
      {"acknowledged_at", false},   {"resolved_at", false},       {"closed_at", false},
      {"ack_working_s", false},     {"ack_late", false},          {"resolve_working_s", false},
      {"resolve_late", false},      {"wait_reporter_s", false},   {"wait_ministry_s", false},
      {"wait_chairman_s", false},   {"reopens", false},           {"escalations", false},
      {"escalated_at", false},      {"chairman_decision", true},  {"chairman_decided_at", false},
      {"chairman_requires_action", false}, {"decision", true},    {"decision_working_s", false},
      {"decision_late", false},     {"scope", true},              {"last_resolved_at", false},
  };
  return kColumns;
}

// "ticket_id, workflow, ..." in FigureColumns' order.
inline std::string FigureColumnList() {
  std::string out;
  for (const FigureColumn& c : FigureColumns()) out += std::string(out.empty() ? "" : ", ") + c.name;
  return out;
}

// "workflow = <before>workflow<after>, ..." for every column but the key: before
// "excluded." (SQLite's upsert), or "VALUES(" and ")" (MySQL's).
inline std::string FigureUpdateList(const std::string& before, const std::string& after) {
  std::string out;
  for (const FigureColumn& c : FigureColumns()) {
    if (std::string(c.name) == "ticket_id") continue;
    out += std::string(out.empty() ? "" : ", ") + c.name + " = " + before + c.name + after;
  }
  return out;
}

namespace figures_detail {

inline FigureValue Time(const std::optional<engine::Timestamp>& t) {
  if (!t) return {};
  return std::int64_t{t->time_since_epoch().count()};
}
inline FigureValue Int(const std::optional<std::int64_t>& v) { return v ? FigureValue(*v) : FigureValue(); }
inline FigureValue Flag(const std::optional<bool>& v) { return v ? FigureValue(std::int64_t{*v ? 1 : 0}) : FigureValue(); }
inline FigureValue Text(const std::optional<std::string>& v) { return v ? FigureValue(*v) : FigureValue(); }

}  // namespace figures_detail

// Org ids never contain a comma (directory rules), so the parties are kept comma-joined.
// closed_at of a ticket still open: the column is part of the table's key (migration 12),
// so it is never NULL, and the open tickets sort after every closed one.
inline constexpr std::int64_t kStillOpen = std::numeric_limits<std::int64_t>::max();

inline std::vector<FigureValue> FigureRow(const engine::TicketFigures& f) {
  using namespace figures_detail;
  std::string parties;
  for (const std::string& p : f.parties) parties += (parties.empty() ? "" : ",") + p;
  return {f.ticket_id,
          f.workflow,
          std::string(engine::ToString(f.category)),
          std::string(engine::ToString(f.priority)),
          Text(f.service),
          f.reporter_org,
          parties,
          std::string(engine::ToString(f.state)),
          std::int64_t{f.created_at.time_since_epoch().count()},
          Time(f.acknowledged_at),
          Time(f.resolved_at),
          f.closed_at ? Time(f.closed_at) : FigureValue(kStillOpen),
          Int(f.ack_working_s),
          Flag(f.ack_late),
          Int(f.resolve_working_s),
          Flag(f.resolve_late),
          f.wait_reporter_s,
          f.wait_ministry_s,
          f.wait_chairman_s,
          std::int64_t{f.reopens},
          std::int64_t{f.escalations},
          Time(f.escalated_at),
          Text(f.chairman_decision),
          Time(f.chairman_decided_at),
          Flag(f.chairman_requires_action),
          f.decision ? FigureValue(std::string(engine::ToString(*f.decision))) : FigureValue(),
          Int(f.decision_working_s),
          Flag(f.decision_late),
          std::string(engine::ToString(f.scope)),
          Time(f.last_resolved_at)};
}

// The row back, read column by column through `row` (indices in FigureColumns' order):
//   bool Null(int i); std::int64_t Int(int i); Text(int i) giving a string or string_view.
// Into `f`, whose strings keep their capacity from one row to the next (a scan reads a
// million rows). kCorruption for a value that is not of its column's kind.
template <typename Row>
engine::Status ReadFigures(Row& row, engine::TicketFigures& f) {
  using engine::Timestamp;
  const auto time = [&](int i) -> std::optional<Timestamp> {
    if (row.Null(i)) return std::nullopt;
    return Timestamp(std::chrono::seconds(row.Int(i)));
  };
  const auto num = [&](int i) -> std::optional<std::int64_t> {
    if (row.Null(i)) return std::nullopt;
    return row.Int(i);
  };
  const auto flag = [&](int i) -> std::optional<bool> {
    if (row.Null(i)) return std::nullopt;
    return row.Int(i) != 0;
  };
  const auto text_into = [&](int i, std::string& out) {
    const auto v = row.Text(i);
    out.assign(v.data(), v.size());
  };
  const auto opt_text_into = [&](int i, std::optional<std::string>& out) {
    if (row.Null(i)) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    text_into(i, *out);
  };
  text_into(0, f.ticket_id);
  text_into(1, f.workflow);
  const auto category = engine::ParseCategory(row.Text(2));
  const auto priority = engine::ParsePriority(row.Text(3));
  opt_text_into(4, f.service);
  text_into(5, f.reporter_org);
  f.parties.clear();
  {
    const auto parties = row.Text(6);
    const std::string_view all(parties.data(), parties.size());
    for (std::size_t at = 0; at < all.size();) {
      const std::size_t comma = std::min(all.find(',', at), all.size());
      if (comma > at) f.parties.emplace_back(all.substr(at, comma - at));
      at = comma + 1;
    }
  }
  const auto state = engine::ParseState(row.Text(7));
  f.created_at = Timestamp(std::chrono::seconds(row.Int(8)));
  f.acknowledged_at = time(9);
  f.resolved_at = time(10);
  f.closed_at = time(11);
  if (f.closed_at && f.closed_at->time_since_epoch().count() == kStillOpen) f.closed_at.reset();
  f.ack_working_s = num(12);
  f.ack_late = flag(13);
  f.resolve_working_s = num(14);
  f.resolve_late = flag(15);
  f.wait_reporter_s = row.Int(16);
  f.wait_ministry_s = row.Int(17);
  f.wait_chairman_s = row.Int(18);
  f.reopens = static_cast<int>(row.Int(19));
  f.escalations = static_cast<int>(row.Int(20));
  f.escalated_at = time(21);
  opt_text_into(22, f.chairman_decision);
  f.chairman_decided_at = time(23);
  f.chairman_requires_action = flag(24);
  f.decision.reset();
  bool bad = !category || !priority || !state;
  if (!row.Null(25)) {
    f.decision = engine::ParseDecisionOutcome(row.Text(25));
    bad = bad || !f.decision;
  }
  f.decision_working_s = num(26);
  f.decision_late = flag(27);
  const auto scope = engine::ParseScope(row.Text(28));
  f.last_resolved_at = time(29);
  bad = bad || !scope;
  if (bad) return engine::Status::Corruption("ticket_figures row of " + f.ticket_id + " is malformed");
  f.category = *category;
  f.priority = *priority;
  f.state = *state;
  f.scope = *scope;
  return {};
}

}  // namespace incidents::storage
