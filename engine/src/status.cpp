#include "incidents/engine/status.h"

namespace incidents::engine {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid-argument";
    case ErrorCode::kInvalidValue: return "invalid-value";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kIllegalTransition: return "illegal-transition";
    case ErrorCode::kVersionConflict: return "version-conflict";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kClaimLost: return "claim-lost";
    case ErrorCode::kRateLimited: return "rate-limited";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(ErrorCodeName(code_)) + ": " + message_;
}

}  // namespace incidents::engine
