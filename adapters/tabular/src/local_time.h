#pragma once
// Instants as people in Vietnam read them (private to the library). Pure functions.

#include "incidents/engine/civil_date.h"
#include "incidents/engine/timestamp.h"

namespace incidents::tabular {

struct LocalDateTime {
  engine::CivilDate date;
  int hour = 0, minute = 0, second = 0;
};

// The date and time of day of `at` in Vietnam (UTC+7, no daylight saving time).
LocalDateTime VietnamTimeOf(engine::Timestamp at);

}  // namespace incidents::tabular
