#pragma once
// How Catch2 prints the engine's enums in failure messages ("triage", not "1"). Include
// after <catch2/catch.hpp>.

#include <catch2/catch.hpp>

#include <string>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/directory.h"
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
template <>
struct StringMaker<incidents::engine::CivilDate> {
  static std::string convert(incidents::engine::CivilDate d) { return incidents::engine::ToIsoString(d); }
};
template <>
struct StringMaker<incidents::engine::FocalPointRole> {
  static std::string convert(incidents::engine::FocalPointRole r) { return std::string(incidents::engine::ToString(r)); }
};
}  // namespace Catch
