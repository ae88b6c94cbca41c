#pragma once
// Status and Result<T>: how errors cross the engine's API (no exceptions do).
// Value types; not synchronised, copy freely.

#include <string>
#include <utility>
#include <variant>

namespace incidents::engine {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,    // a missing or mistyped field (HTTP 400)
  kInvalidValue,       // well-formed but invalid: unknown org, empty title (HTTP 422)
  kUnauthenticated,    // no or bad credentials (HTTP 401)
  kForbidden,          // the caller sees the ticket but may not do this (HTTP 403)
  kNotFound,           // no such thing, or not visible to the caller (HTTP 404)
  kIllegalTransition,  // the event is not allowed in the current state (HTTP 409)
  kVersionConflict,    // a stale expected_version or a lost race (HTTP 409)
  kConflict,           // another kind of conflict, e.g. a duplicate key (HTTP 409)
  // The Idempotency-Key claim a request presented is no longer its own: answered, abandoned,
  // released or taken over by a retry (IdempotencyStore). HTTP 409 request-in-flight.
  kClaimLost,
  kRateLimited,        // too many attempts; try later (HTTP 429)
  kUnavailable,        // the database cannot be reached (HTTP 503)
  kCorruption,         // stored data fails a check (hash chain, replay)
  kInternal,           // a bug or an unexpected library failure (HTTP 500)
};

// Stable lower-case name of a code, e.g. "illegal-transition"; used in problem types.
const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
  static Status InvalidValue(std::string m) { return {ErrorCode::kInvalidValue, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {ErrorCode::kUnauthenticated, std::move(m)}; }
  static Status Forbidden(std::string m) { return {ErrorCode::kForbidden, std::move(m)}; }
  static Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status IllegalTransition(std::string m) { return {ErrorCode::kIllegalTransition, std::move(m)}; }
  static Status VersionConflict(std::string m) { return {ErrorCode::kVersionConflict, std::move(m)}; }
  static Status Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Status ClaimLost(std::string m) { return {ErrorCode::kClaimLost, std::move(m)}; }
  static Status RateLimited(std::string m) { return {ErrorCode::kRateLimited, std::move(m)}; }
  static Status Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
  static Status Corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }
  static Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "illegal-transition: reject is not allowed in state closed"
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  // By value, so that `for (auto& x : f().value())` keeps what it iterates alive.
  T value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace incidents::engine
