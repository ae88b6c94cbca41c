#pragma once
// WorkflowSettings: the parts of the workflow that are configuration, not code
// (authorities get renamed and merged). Read once at start; immutable afterwards.
//
// The authorities of Chapter V are named here by org id only: their names are the
// directory's, looked up when a label, a page or a message needs them, so renaming an org
// in the directory renames it everywhere with no code change. The ids, the province and
// the regulation have no built-in value (each province sets its own; config/incidentd.json
// sets the demo's): empty means "not set", and incidentd refuses to start while one is
// (CheckAuthorities, workflow_section.h).

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "incidents/engine/regulation.h"

namespace incidents::engine {

// Who signs off an escalation before it reaches the Chairman (issue 12.3).
enum class EscalationSignoff {
  kNone,      // escalate_chairman goes straight to awaiting_chairman (spec/WORKFLOW.md)
  kDirector,  // DoICT leadership (role director) signs it off first: awaiting_director
};

struct WorkflowSettings {
  std::string doict_org;            // the coordinating department (Art. 17; DoICT, since 2025 the DoST)
  std::string chairman_office_org;  // the Office of the Provincial People's Committee
  std::string ministry_org;         // the ministry consulted under Art. 17.3 (kind "ministry")
  std::string province;             // the province's name as a proper name, without "tỉnh"
  // The regulation the citations (legal_basis) are articles of, as a message cites it
  // after "Căn cứ: khoản 1 Điều 17": its title, number, date and issuer. Kept apart from
  // `province`: a merger renames the province, not the issuer of a regulation in force.
  // Config keys regulation.vi and regulation.en.
  std::string regulation_vi;
  std::string regulation_en;
  // The citations of the events, as versioned data (regulation.h): read from the file
  // `regulation_file` (config key regulation.file) names, at start, by the app's config
  // loader (apps/config). Null: events cite nothing (tests of the
  // machine alone); incidentd refuses to start without it (CheckAuthorities).
  std::string regulation_file;
  std::shared_ptr<const Regulation> citations;
  std::chrono::seconds reopen_window = std::chrono::hours(24 * 30);
  std::size_t max_title_chars = 200;
  std::size_t max_text_chars = 20000;

  // The regulation in `locale` ("en" gives English, anything else Vietnamese).
  const std::string& RegulationTitle(std::string_view locale) const {
    return locale == "en" ? regulation_en : regulation_vi;
  }

  EscalationSignoff escalation_signoff = EscalationSignoff::kNone;
  // The Chairman (or the office) may send an escalation back to DoICT for more
  // information (return_to_doict). Off by default: the contract's Chairman only decides.
  bool chairman_may_return = false;
};

}  // namespace incidents::engine
