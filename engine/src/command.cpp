#include "incidents/engine/command.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "incidents/base/utf8.h"

namespace incidents::engine {
namespace {

template <class> inline constexpr bool kAlwaysFalse = false;

// Nothing but spaces, tabs and line breaks.
bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

template <class T> struct IsOptionalText : std::false_type {};
template <> struct IsOptionalText<std::optional<std::string>> : std::true_type {};
template <class T> struct IsOptionalDate : std::false_type {};
template <> struct IsOptionalDate<std::optional<CivilDate>> : std::true_type {};
template <class T> struct IsOptionalEnum : std::false_type {};
template <class E> struct IsOptionalEnum<std::optional<E>> : std::is_enum<E> {};

// The enums a payload may carry, by their names in domain.h.
std::optional<Category> ParseName(std::string_view s, Category*) { return ParseCategory(s); }
std::optional<Priority> ParseName(std::string_view s, Priority*) { return ParsePriority(s); }
std::optional<SlaClockKind> ParseName(std::string_view s, SlaClockKind*) { return ParseSlaClockKind(s); }
std::optional<SignedAs> ParseName(std::string_view s, SignedAs*) { return ParseSignedAs(s); }
std::optional<Scope> ParseName(std::string_view s, Scope*) { return ParseScope(s); }
std::optional<RejectGrounds> ParseName(std::string_view s, RejectGrounds*) { return ParseRejectGrounds(s); }
std::optional<DecisionOutcome> ParseName(std::string_view s, DecisionOutcome*) { return ParseDecisionOutcome(s); }
template <class E>
std::vector<std::string> EnumNames() {
  std::vector<std::string> out;
  if constexpr (std::is_same_v<E, Category>)
    for (Category c : kAllCategories) out.emplace_back(ToString(c));
  else if constexpr (std::is_same_v<E, Priority>)
    for (Priority p : kAllPriorities) out.emplace_back(ToString(p));
  else if constexpr (std::is_same_v<E, SlaClockKind>)
    for (SlaClockKind k : {SlaClockKind::kAck, SlaClockKind::kResolve, SlaClockKind::kDecision, SlaClockKind::kConsultation})
      out.emplace_back(ToString(k));
  else if constexpr (std::is_same_v<E, SignedAs>)
    for (SignedAs a : {SignedAs::kChairman, SignedAs::kViceChairman}) out.emplace_back(ToString(a));
  else if constexpr (std::is_same_v<E, Scope>)
    for (Scope v : kAllScopes) out.emplace_back(ToString(v));
  else if constexpr (std::is_same_v<E, RejectGrounds>)
    for (RejectGrounds g : {RejectGrounds::kOutOfScope, RejectGrounds::kStateSecret, RejectGrounds::kInternalData})
      out.emplace_back(ToString(g));
  else if constexpr (std::is_same_v<E, DecisionOutcome>)
    for (DecisionOutcome o : kAllDecisionOutcomes) out.emplace_back(ToString(o));
  else
    static_assert(kAlwaysFalse<E>, "a payload enum needs its names");
  return out;
}

Status Invalid(const char* name, const char* what) {
  return Status::InvalidArgument(std::string("field '") + name + "' " + what);
}

// Reads one field of a payload into the command; the first error wins.
template <class C, class M>
Status ReadField(const Payload& p, const Field<C, M>& f, C& c) {
  const auto it = p.find(f.name);
  const JsonValue* v = it == p.end() ? nullptr : &it->second;
  M& out = c.*f.member;
  if constexpr (std::is_same_v<M, std::string>) {
    if (!v) return Invalid(f.name, "is required");
    if (!v->is_string()) return Invalid(f.name, "must be a string");
    out = v->as_string();
  } else if constexpr (IsOptionalText<M>::value) {
    if (!v || v->is_null()) return {};
    if (!v->is_string()) return Invalid(f.name, "must be a string or null");
    out = v->as_string();
  } else if constexpr (IsOptionalDate<M>::value) {
    if (!v || v->is_null()) return {};
    if (!v->is_string()) return Invalid(f.name, "must be a date YYYY-MM-DD or null");
    out = ParseIsoDate(v->as_string());
    if (!out)
      return Status::InvalidValue(std::string("field '") + f.name + "' must be a date YYYY-MM-DD, not '" +
                                  v->as_string() + "'");
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!v) return f.required ? Invalid(f.name, "is required") : Status();  // else the member's default stands
    if (!v->is_bool()) return Invalid(f.name, "must be true or false");
    out = v->as_bool();
  } else if constexpr (std::is_same_v<M, int>) {
    if (!v || !v->is_int()) return Invalid(f.name, "must be an integer");
    if (v->as_int() < f.min || v->as_int() > f.max)
      return Status::InvalidValue(std::string("field '") + f.name + "' must be from " + std::to_string(f.min) +
                                  " to " + std::to_string(f.max));
    out = static_cast<int>(v->as_int());
  } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
    if (!v || v->is_null()) return {};
    if (!v->is_array()) return Invalid(f.name, "must be an array of strings");
    out.clear();
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) return Invalid(f.name, "must be an array of strings");
      out.push_back(item.as_string());
    }
  } else if constexpr (std::is_enum_v<M>) {
    if (!v || v->is_null()) return f.required ? Invalid(f.name, "is required") : Status();
    if (!v->is_string()) return Invalid(f.name, "must be a string");
    const auto parsed = ParseName(v->as_string(), static_cast<M*>(nullptr));
    if (!parsed)
      return Status::InvalidValue(std::string("field '") + f.name + "': unknown value '" + v->as_string() + "'");
    out = *parsed;
  } else if constexpr (IsOptionalEnum<M>::value) {
    if (!v || v->is_null()) return {};
    if (!v->is_string()) return Invalid(f.name, "must be a string or null");
    const auto parsed = ParseName(v->as_string(), static_cast<typename M::value_type*>(nullptr));
    if (!parsed)
      return Status::InvalidValue(std::string("field '") + f.name + "': unknown value '" + v->as_string() + "'");
    out = *parsed;
  } else {
    static_assert(kAlwaysFalse<M>, "no JSON mapping for this member type");
  }
  return {};
}

template <class C, class M>
JsonValue WriteField(const Field<C, M>& f, const C& c) {
  const M& v = c.*f.member;
  if constexpr (IsOptionalText<M>::value) return v ? JsonValue(*v) : JsonValue();
  else if constexpr (IsOptionalDate<M>::value) return v ? JsonValue(ToIsoString(*v)) : JsonValue();
  else if constexpr (std::is_same_v<M, std::vector<std::string>>) return JsonValue(JsonValue::Array(v.begin(), v.end()));
  else if constexpr (std::is_same_v<M, int>) return JsonValue(std::int64_t{v});
  else if constexpr (std::is_enum_v<M>) return JsonValue(std::string(ToString(v)));
  else if constexpr (IsOptionalEnum<M>::value) return v ? JsonValue(std::string(ToString(*v))) : JsonValue();
  else return JsonValue(v);
}

template <class C, class M>
FieldSpec SpecOf(const Field<C, M>& f) {
  FieldSpec s;
  s.name = f.name;
  s.limit = f.limit;
  s.ref = f.ref;
  if constexpr (std::is_same_v<M, std::string>) {
    s.type = "string";
    s.required = true;
    s.non_blank = f.required;
  } else if constexpr (IsOptionalText<M>::value) {
    s.type = "string";
    s.nullable = true;
  } else if constexpr (IsOptionalDate<M>::value) {
    s.type = "string";
    s.nullable = true;
    s.format = "date";
  } else if constexpr (std::is_same_v<M, bool>) {
    s.type = "boolean";
    s.required = f.required;
  } else if constexpr (std::is_same_v<M, int>) {
    s.type = "integer";
    s.required = true;
    s.min = f.min;
    s.max = f.max;
  } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
    s.type = "array";
    s.nullable = true;
  } else if constexpr (std::is_enum_v<M>) {
    s.type = "string";
    s.required = f.required;
    s.nullable = !f.required;
    s.values = EnumNames<M>();
  } else if constexpr (IsOptionalEnum<M>::value) {
    s.type = "string";
    s.nullable = true;
    s.values = EnumNames<typename M::value_type>();
  }
  return s;
}

// Calls fn(field) for every field of command struct C.
template <class C, class Fn>
void ForEachField(Fn&& fn) {
  std::apply([&](const auto&... field) { (fn(field), ...); }, C::Fields());
}

// Calls fn(C{}) for the command struct whose kType is `type`.
template <class Fn>
void WithCommandType(EventType type, Fn&& fn) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((std::variant_alternative_t<I, Command>::kType == type ? (fn(std::variant_alternative_t<I, Command>{}), 0) : 0),
     ...);
  }(std::make_index_sequence<std::variant_size_v<Command>>());
}

std::size_t MaxChars(TextLimit limit, const TextLimits& limits) {
  switch (limit) {
    case TextLimit::kTitle: return limits.title;
    case TextLimit::kText: return limits.text;
    case TextLimit::kNone: break;
  }
  return std::numeric_limits<std::size_t>::max();
}

}  // namespace

EventType TypeOf(const Command& command) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kType; }, command);
}

Command BlankCommand(EventType type) {
  Command out;
  WithCommandType(type, [&](auto blank) { out = std::move(blank); });
  return out;
}

Payload ToPayload(const Command& command) {
  return std::visit(
      [](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        Payload p;
        ForEachField<C>([&](const auto& f) { p.emplace(f.name, WriteField(f, c)); });
        return p;
      },
      command);
}

Result<Command> CommandFromPayload(EventType type, const Payload& payload) {
  Command out = BlankCommand(type);
  Status status;
  std::visit(
      [&](auto& c) {
        using C = std::decay_t<decltype(c)>;
        ForEachField<C>([&](const auto& f) {
          if (status.ok()) status = ReadField(payload, f, c);
        });
      },
      out);
  if (!status.ok()) return status;
  return out;
}

std::vector<FieldSpec> PayloadFields(EventType type) {
  std::vector<FieldSpec> out;
  WithCommandType(type, [&](auto blank) {
    ForEachField<decltype(blank)>([&](const auto& f) { out.push_back(SpecOf(f)); });
  });
  return out;
}

void NormalizeCommand(Command& command, const std::string& caller) {
  std::visit(
      [&](auto& c) {
        using C = std::decay_t<decltype(c)>;
        ForEachField<C>([&](const auto& f) {
          auto& v = c.*f.member;
          using M = std::decay_t<decltype(v)>;
          if constexpr (IsOptionalText<M>::value) {
            if (f.blank_is_absent && v && IsBlank(*v)) v.reset();
            if ((f.ref == FieldRef::kDoictStaff || f.ref == FieldRef::kChairman) && !v) v = caller;
          } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
            std::vector<std::string> unique;
            for (auto& item : v)
              if (std::find(unique.begin(), unique.end(), item) == unique.end()) unique.push_back(std::move(item));
            v = std::move(unique);
          }
        });
      },
      command);
}

Status CheckCommandValues(const Command& command, const TextLimits& limits) {
  Status status;
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        ForEachField<C>([&](const auto& f) {
          const auto& v = c.*f.member;
          using M = std::decay_t<decltype(v)>;
          if (!status.ok()) return;
          if constexpr (std::is_same_v<M, int>) {
            if (v < f.min || v > f.max)
              status = Status::InvalidValue(std::string("field '") + f.name + "' must be from " +
                                            std::to_string(f.min) + " to " + std::to_string(f.max));
            return;
          }
          const std::string* text = nullptr;
          if constexpr (std::is_same_v<M, std::string>) text = &v;
          else if constexpr (IsOptionalText<M>::value) text = v ? &*v : nullptr;
          if (!text) return;
          const std::string field(f.name);
          if (!base::utf8::IsValid(*text)) status = Status::InvalidValue("field '" + field + "' is not valid UTF-8");
          else if (f.required && std::is_same_v<M, std::string> && IsBlank(*text))
            status = Status::InvalidValue("field '" + field + "' must not be empty");
          else if (base::utf8::Length(*text) > MaxChars(f.limit, limits))
            status = Status::InvalidValue("field '" + field + "' is longer than " +
                                          std::to_string(MaxChars(f.limit, limits)) + " characters");
        });
      },
      command);
  return status;
}

namespace {

// The rules between the fields of a data-sharing request's commands.
Status CheckDataRequestRules(const Command& command) {
  if (const auto* submit = std::get_if<SubmitCommand>(&command)) {
    if (submit->scope == Scope::kIntraProvince)
      return Status::InvalidValue(
          "field 'scope' must be outside_agency or person_or_business: agencies of the province share through the "
          "platform (Art. 11)");
    if (submit->period_from && submit->period_to && *submit->period_to < *submit->period_from)
      return Status::InvalidValue("field 'period_to' is before 'period_from'");
  } else if (const auto* consult = std::get_if<ConsultCommand>(&command)) {
    if (consult->units.empty()) return Status::InvalidValue("field 'units' must name at least one unit to consult");
    if (!consult->due) return Status::InvalidValue("field 'due' is required: the date the opinions are due");
  } else if (const auto* decide = std::get_if<DecideCommand>(&command)) {
    const bool grants = decide->outcome != DecisionOutcome::kRefuse;
    if (grants && decide->datasets.empty())
      return Status::InvalidValue("field 'datasets' must name what is shared when the outcome is " +
                                  std::string(ToString(decide->outcome)));
    if (grants && !decide->valid_until)
      return Status::InvalidValue("field 'valid_until' is required when the outcome is " +
                                  std::string(ToString(decide->outcome)));
    if (decide->outcome != DecisionOutcome::kGrant && !decide->reason)
      return Status::InvalidValue("field 'reason' is required when the outcome is " +
                                  std::string(ToString(decide->outcome)) + ": the requester is told why");
  }
  return {};
}

}  // namespace

Status CheckCommandRules(const Command& command, const std::string& caller) {
  if (Status st = CheckDataRequestRules(command); !st.ok()) return st;
  // A decision recorded on its signer's behalf names the signed document.
  const auto on_behalf = [&](const auto& d) -> Status {
    if (!d.signer || *d.signer == caller) return {};
    const std::string who = "a decision recorded on behalf of '" + *d.signer + "'";
    if (!d.document_number) return Status::InvalidValue("field 'document_number' is required for " + who);
    if (!d.document_date) return Status::InvalidValue("field 'document_date' is required for " + who);
    return {};
  };
  if (const auto* d = std::get_if<RecordChairmanDecisionCommand>(&command)) return on_behalf(*d);
  if (const auto* d = std::get_if<DecideCommand>(&command)) return on_behalf(*d);
  return {};
}

std::vector<FieldReference> CommandReferences(const Command& command) {
  std::vector<FieldReference> out;
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        ForEachField<C>([&](const auto& f) {
          if (f.ref == FieldRef::kNone) return;
          const auto& v = c.*f.member;
          using M = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<M, std::string>) out.push_back({f.ref, f.name, &v});
          else if constexpr (IsOptionalText<M>::value) {
            if (v) out.push_back({f.ref, f.name, &*v});
          } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
            for (const auto& item : v) out.push_back({f.ref, f.name, &item});
          }
        });
      },
      command);
  return out;
}

std::string_view ToString(TextLimit limit) {
  switch (limit) {
    case TextLimit::kTitle: return "title";
    case TextLimit::kText: return "text";
    case TextLimit::kNone: break;
  }
  return "none";
}

std::string_view ToString(FieldRef ref) {
  switch (ref) {
    case FieldRef::kOrg: return "org";
    case FieldRef::kPartyOrg: return "party_org";
    case FieldRef::kDoictStaff: return "doict_staff";
    case FieldRef::kOtherTicket: return "ticket";
    case FieldRef::kChairman:
    case FieldRef::kSigner: return "chairman";
    case FieldRef::kNone: break;
  }
  return "none";
}

}  // namespace incidents::engine
