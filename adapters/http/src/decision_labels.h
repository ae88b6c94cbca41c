#pragma once
// The Vietnamese names of a data request's decision outcomes in the files people download
// (the exports and reports of issue 16), as the pages name them (web/assets/i18n.js,
// dr_outcome_*). The workflow catalog names states, categories and priorities; outcomes
// are not in it.

#include <string_view>

#include "incidents/engine/domain.h"

namespace incidents::http {

constexpr std::string_view DecisionOutcomeLabel(engine::DecisionOutcome o) {
  switch (o) {
    case engine::DecisionOutcome::kGrant: return "Đồng ý chia sẻ";
    case engine::DecisionOutcome::kPartial: return "Đồng ý chia sẻ một phần";
    case engine::DecisionOutcome::kRefuse: return "Từ chối chia sẻ";
  }
  return "";
}

}  // namespace incidents::http
