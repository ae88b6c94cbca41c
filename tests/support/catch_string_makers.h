#pragma once
// How Catch2 prints the engine's enums in failure messages ("triage", not "1"). Include
// after <catch2/catch.hpp>.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/engine/domain.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"

namespace Catch {
template <>
struct StringMaker<incidents::engine::State> {
  static std::string convert(incidents::engine::State s) { return std::string(incidents::engine::ToString(s)); }
};
template <>
struct StringMaker<incidents::engine::EventType> {
  static std::string convert(incidents::engine::EventType e) { return std::string(incidents::engine::ToString(e)); }
};
template <>
struct StringMaker<incidents::engine::ErrorCode> {
  static std::string convert(incidents::engine::ErrorCode c) { return incidents::engine::ErrorCodeName(c); }
};
template <>
struct StringMaker<incidents::engine::DeliveryStatus> {
  static std::string convert(incidents::engine::DeliveryStatus s) { return std::string(incidents::engine::ToString(s)); }
};
}  // namespace Catch
