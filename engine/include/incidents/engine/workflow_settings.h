#pragma once
// WorkflowSettings: the parts of the workflow that are configuration, not code
// (authorities get renamed and merged). Read once at start; immutable afterwards.

#include <chrono>
#include <string>

namespace incidents::engine {

struct WorkflowSettings {
  std::string doict_org = "stttt";              // Sở Thông tin và Truyền thông
  std::string chairman_office_org = "vp-ubnd";  // Văn phòng UBND tỉnh
  std::chrono::seconds reopen_window = std::chrono::hours(24 * 30);
  std::size_t max_title_chars = 200;
  std::size_t max_text_chars = 20000;
};

}  // namespace incidents::engine
