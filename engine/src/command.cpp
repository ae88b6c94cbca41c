#include "incidents/engine/command.h"

#include <type_traits>

namespace incidents::engine {
namespace {

template <class> inline constexpr bool kAlwaysFalse = false;

JsonValue Opt(const std::optional<std::string>& s) { return s ? JsonValue(*s) : JsonValue(); }

// Reads payload fields, remembering the first error.
class FieldReader {
 public:
  explicit FieldReader(const Payload& p) : p_(p) {}

  std::string Text(const char* name) {
    const JsonValue* v = Get(name);
    if (!v) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' is required"));
      return {};
    }
    if (!v->is_string()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be a string"));
      return {};
    }
    return v->as_string();
  }
  std::optional<std::string> OptText(const char* name) {
    const JsonValue* v = Get(name);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be a string or null"));
      return std::nullopt;
    }
    return v->as_string();
  }
  bool Bool(const char* name) {
    const JsonValue* v = Get(name);
    if (!v) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' is required"));
      return false;
    }
    if (!v->is_bool()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be true or false"));
      return false;
    }
    return v->as_bool();
  }
  std::int64_t Int(const char* name) {
    const JsonValue* v = Get(name);
    if (!v || !v->is_int()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be an integer"));
      return 0;
    }
    return v->as_int();
  }
  std::vector<std::string> OptTextList(const char* name) {
    const JsonValue* v = Get(name);
    std::vector<std::string> out;
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be an array of strings"));
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) {
        Fail(Status::InvalidArgument(std::string("field '") + name + "' must be an array of strings"));
        return {};
      }
      out.push_back(item.as_string());
    }
    return out;
  }
  template <typename E, typename ParseFn>
  E Enum(const char* name, ParseFn parse, E fallback, bool required) {
    const JsonValue* v = Get(name);
    if (!v || v->is_null()) {
      if (required) Fail(Status::InvalidArgument(std::string("field '") + name + "' is required"));
      return fallback;
    }
    if (!v->is_string()) {
      Fail(Status::InvalidArgument(std::string("field '") + name + "' must be a string"));
      return fallback;
    }
    auto parsed = parse(v->as_string());
    if (!parsed) {
      Fail(Status::InvalidValue(std::string("field '") + name + "': unknown value '" + v->as_string() + "'"));
      return fallback;
    }
    return *parsed;
  }

  const Status& status() const { return status_; }

 private:
  const JsonValue* Get(const char* name) const {
    auto it = p_.find(name);
    return it == p_.end() ? nullptr : &it->second;
  }
  void Fail(Status s) {
    if (status_.ok()) status_ = std::move(s);
  }
  const Payload& p_;
  Status status_;
};

}  // namespace

EventType TypeOf(const Command& command) {
  return std::visit(
      [](const auto& c) -> EventType {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ReportCommand>) return EventType::kReport;
        else if constexpr (std::is_same_v<T, AcknowledgeCommand>) return EventType::kAcknowledge;
        else if constexpr (std::is_same_v<T, AssignDoictCommand>) return EventType::kAssignDoict;
        else if constexpr (std::is_same_v<T, RequestPartyFixCommand>) return EventType::kRequestPartyFix;
        else if constexpr (std::is_same_v<T, RequestInfoCommand>) return EventType::kRequestInfo;
        else if constexpr (std::is_same_v<T, ProvideInfoCommand>) return EventType::kProvideInfo;
        else if constexpr (std::is_same_v<T, ReferMinistryCommand>) return EventType::kReferMinistry;
        else if constexpr (std::is_same_v<T, RecordMinistryConclusionCommand>) return EventType::kRecordMinistryConclusion;
        else if constexpr (std::is_same_v<T, EscalateChairmanCommand>) return EventType::kEscalateChairman;
        else if constexpr (std::is_same_v<T, RecordChairmanDecisionCommand>) return EventType::kRecordChairmanDecision;
        else if constexpr (std::is_same_v<T, ResolveCommand>) return EventType::kResolve;
        else if constexpr (std::is_same_v<T, ConfirmCommand>) return EventType::kConfirm;
        else if constexpr (std::is_same_v<T, ReopenCommand>) return EventType::kReopen;
        else if constexpr (std::is_same_v<T, RejectCommand>) return EventType::kReject;
        else if constexpr (std::is_same_v<T, CommentCommand>) return EventType::kComment;
        else if constexpr (std::is_same_v<T, SlaBreachCommand>) return EventType::kSlaBreach;
        else if constexpr (std::is_same_v<T, AutoCloseCommand>) return EventType::kAutoClose;
        else static_assert(kAlwaysFalse<T>, "every command needs an event type");
      },
      command);
}

Command BlankCommand(EventType type) {
  switch (type) {
    case EventType::kReport: return ReportCommand{};
    case EventType::kAcknowledge: return AcknowledgeCommand{};
    case EventType::kAssignDoict: return AssignDoictCommand{};
    case EventType::kRequestPartyFix: return RequestPartyFixCommand{};
    case EventType::kRequestInfo: return RequestInfoCommand{};
    case EventType::kProvideInfo: return ProvideInfoCommand{};
    case EventType::kReferMinistry: return ReferMinistryCommand{};
    case EventType::kRecordMinistryConclusion: return RecordMinistryConclusionCommand{};
    case EventType::kEscalateChairman: return EscalateChairmanCommand{};
    case EventType::kRecordChairmanDecision: return RecordChairmanDecisionCommand{};
    case EventType::kResolve: return ResolveCommand{};
    case EventType::kConfirm: return ConfirmCommand{};
    case EventType::kReopen: return ReopenCommand{};
    case EventType::kReject: return RejectCommand{};
    case EventType::kComment: return CommentCommand{};
    case EventType::kSlaBreach: return SlaBreachCommand{};
    case EventType::kAutoClose: return AutoCloseCommand{};
  }
  return CommentCommand{};
}

Payload ToPayload(const Command& command) {
  return std::visit(
      [](const auto& c) -> Payload {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ReportCommand>) {
          JsonValue::Array parties(c.parties.begin(), c.parties.end());
          return {{"category", std::string(ToString(c.category))},
                  {"title", c.title},
                  {"description", c.description},
                  {"priority", std::string(ToString(c.priority))},
                  {"parties", JsonValue(std::move(parties))},
                  {"service", Opt(c.service)}};
        } else if constexpr (std::is_same_v<T, AcknowledgeCommand> || std::is_same_v<T, AutoCloseCommand>) {
          return {};
        } else if constexpr (std::is_same_v<T, AssignDoictCommand>) {
          return {{"assignee", Opt(c.assignee)}};
        } else if constexpr (std::is_same_v<T, RequestPartyFixCommand>) {
          return {{"party", c.party}, {"instructions", c.instructions}};
        } else if constexpr (std::is_same_v<T, RequestInfoCommand> || std::is_same_v<T, ReferMinistryCommand>) {
          return {{"question", c.question}};
        } else if constexpr (std::is_same_v<T, ProvideInfoCommand>) {
          return {{"answer", c.answer}};
        } else if constexpr (std::is_same_v<T, RecordMinistryConclusionCommand>) {
          return {{"conclusion", c.conclusion}};
        } else if constexpr (std::is_same_v<T, EscalateChairmanCommand> || std::is_same_v<T, ReopenCommand>) {
          return {{"reason", c.reason}};
        } else if constexpr (std::is_same_v<T, RecordChairmanDecisionCommand>) {
          return {{"decision", c.decision}, {"requires_action", c.requires_action}};
        } else if constexpr (std::is_same_v<T, ResolveCommand>) {
          return {{"resolution", c.resolution}};
        } else if constexpr (std::is_same_v<T, ConfirmCommand>) {
          return {{"feedback", Opt(c.feedback)}};
        } else if constexpr (std::is_same_v<T, RejectCommand>) {
          return {{"reason", c.reason}, {"duplicate_of", Opt(c.duplicate_of)}};
        } else if constexpr (std::is_same_v<T, CommentCommand>) {
          return {{"body", c.body}};
        } else if constexpr (std::is_same_v<T, SlaBreachCommand>) {
          return {{"clock", std::string(ToString(c.clock))}, {"level", std::int64_t{c.level}}};
        } else {
          static_assert(kAlwaysFalse<T>, "every command needs a payload mapping");
        }
      },
      command);
}

Result<Command> CommandFromPayload(EventType type, const Payload& payload) {
  FieldReader r(payload);
  Command out = BlankCommand(type);
  switch (type) {
    case EventType::kReport: {
      ReportCommand c;
      c.category = r.Enum("category", ParseCategory, Category::kOther, /*required=*/true);
      c.title = r.Text("title");
      c.description = r.Text("description");
      c.priority = r.Enum("priority", ParsePriority, Priority::kNormal, /*required=*/false);
      c.parties = r.OptTextList("parties");
      c.service = r.OptText("service");
      out = std::move(c);
      break;
    }
    case EventType::kAcknowledge:
    case EventType::kAutoClose:
      break;
    case EventType::kAssignDoict: out = AssignDoictCommand{r.OptText("assignee")}; break;
    case EventType::kRequestPartyFix: {
      RequestPartyFixCommand c;
      c.party = r.Text("party");
      c.instructions = r.Text("instructions");
      out = std::move(c);
      break;
    }
    case EventType::kRequestInfo: out = RequestInfoCommand{r.Text("question")}; break;
    case EventType::kProvideInfo: out = ProvideInfoCommand{r.Text("answer")}; break;
    case EventType::kReferMinistry: out = ReferMinistryCommand{r.Text("question")}; break;
    case EventType::kRecordMinistryConclusion: out = RecordMinistryConclusionCommand{r.Text("conclusion")}; break;
    case EventType::kEscalateChairman: out = EscalateChairmanCommand{r.Text("reason")}; break;
    case EventType::kRecordChairmanDecision: {
      RecordChairmanDecisionCommand c;
      c.decision = r.Text("decision");
      c.requires_action = r.Bool("requires_action");
      out = std::move(c);
      break;
    }
    case EventType::kResolve: out = ResolveCommand{r.Text("resolution")}; break;
    case EventType::kConfirm: out = ConfirmCommand{r.OptText("feedback")}; break;
    case EventType::kReopen: out = ReopenCommand{r.Text("reason")}; break;
    case EventType::kReject: {
      RejectCommand c;
      c.reason = r.Text("reason");
      c.duplicate_of = r.OptText("duplicate_of");
      out = std::move(c);
      break;
    }
    case EventType::kComment: out = CommentCommand{r.Text("body")}; break;
    case EventType::kSlaBreach: {
      SlaBreachCommand c;
      c.clock = r.Enum("clock", ParseSlaClockKind, SlaClockKind::kAck, /*required=*/true);
      const std::int64_t level = r.Int("level");
      if (r.status().ok() && (level < 1 || level > 2))
        return Status::InvalidValue("field 'level' must be 1 or 2");
      c.level = static_cast<int>(level);
      out = c;
      break;
    }
  }
  if (!r.status().ok()) return r.status();
  return out;
}

}  // namespace incidents::engine
