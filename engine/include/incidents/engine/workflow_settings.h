#pragma once
// WorkflowSettings: the parts of the workflow that are configuration, not code
// (authorities get renamed and merged). Read once at start; immutable afterwards.

#include <chrono>
#include <string>

namespace incidents::engine {

// Who signs off an escalation before it reaches the Chairman (issue 12.3).
enum class EscalationSignoff {
  kNone,      // escalate_chairman goes straight to awaiting_chairman (spec/WORKFLOW.md)
  kDirector,  // DoICT leadership (role director) signs it off first: awaiting_director
};

struct WorkflowSettings {
  std::string doict_org = "stttt";              // Sở Thông tin và Truyền thông
  std::string chairman_office_org = "vp-ubnd";  // Văn phòng UBND tỉnh
  std::chrono::seconds reopen_window = std::chrono::hours(24 * 30);
  std::size_t max_title_chars = 200;
  std::size_t max_text_chars = 20000;
  EscalationSignoff escalation_signoff = EscalationSignoff::kNone;
  // The Chairman (or the office) may send an escalation back to DoICT for more
  // information (return_to_doict). Off by default: the contract's Chairman only decides.
  bool chairman_may_return = false;
};

}  // namespace incidents::engine
