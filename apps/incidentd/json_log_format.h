#pragma once
// log.format=json: every line incidentd writes is one JSON object,
//
//   {"time":"2027-01-31T08:00:00.000Z","level":"info","logger":"incidentd","line":MESSAGE}
//
// whoever logged it. MESSAGE is the message itself when it is already a JSON object or
// string (the access log and the messages passed through LogText/jsonish are), and
// otherwise the message as a JSON string: the channels, the dispatcher and the timers log
// plain text with quotes, backslashes and new lines in it, and bytes that are not UTF-8
// become U+FFFD. A line therefore always parses, whatever a message holds.

#include <spdlog/logger.h>

namespace incidents::apps {

// Sets that format (times in UTC) on `log`'s sinks, which its clones share.
void UseJsonLogFormat(spdlog::logger& log);

}  // namespace incidents::apps
