#pragma once
// The "sla" section of incidentd's configuration (config/README.md), parsed into
// SlaTargets. The defaults are DefaultSlaTargets()'s (sla.h):
//
//   targets.<priority>.ack_hours, .resolve_hours   working hours (priority: critical, high,
//                                                  normal, low)
//   auto_close_working_days                        1..365
//   data_request.decision_working_days             1..365: a data request's decision
//                                                  clock (request_clocks.h)
//   time_unit_seconds                              a testing aid: the length in seconds of
//                                                  one "hour" of the targets, 1..3600;
//                                                  leave at 3600 in production

#include "incidents/engine/business_calendar.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/sla.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

inline constexpr char kSlaSection[] = "sla";

// The section with every key at DefaultSlaTargets()'s value (time_unit_seconds 3600).
JsonValue DefaultSlaSection();

// An absent key keeps its default; InvalidValue naming the key otherwise. `calendar` is
// the parsed calendar section: with time_unit_seconds below 3600 the working day that
// auto_close_working_days counts shrinks by the same factor as the hours (the length of
// the calendar's make-up working day × time_unit_seconds / 3600).
Result<SlaTargets> ParseSlaSection(const JsonValue& section, const CalendarRules& calendar);

}  // namespace incidents::engine
