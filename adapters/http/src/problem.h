#pragma once
// RFC 9457 problem documents: every error the API returns is one of these, never an HTML
// page or a stack trace.

#include <string>

#include "api_types.h"
#include "incidents/engine/status.h"

namespace incidents::http {

// type = "urn:datashare-incidents:problem:" + type_name, so that `type` ends with the
// name (spec/API.md: "illegal-transition", "version-conflict").
ApiResponse Problem(int status, const std::string& type_name, const std::string& title, const std::string& detail);

// A problem for an engine status. Internal errors get a generic detail: the message is
// for the log, not for the client.
ApiResponse ProblemFromStatus(const engine::Status& status);

}  // namespace incidents::http
