#pragma once
// Regulation: the citations of a workflow's events as versioned data (issue 13). A file
// under config/regulations/ names the regulation (id "qd-57-2020-ubnd-ninhthuan"), the
// Vietnamese gloss of each article, clause and point it cites (taken from its text), and
// one or more versions of the rules that pick each event's citation. Every event records
// the regulation's id and the version it was decided under; replay checks the citation
// against that version, so a later version corrects future events without making the old
// ones look tampered with.
//
// The machine form of a citation is what an event's legal_basis holds: "Art. 16",
// "Art. 17.1", "Art. 11.2b, 12.2" (article, clause, point; several joined by ", "), or ""
// for the province's own procedure, which the regulation does not govern. Vietnamese
// legal form reverses it: "Điều 16", "khoản 1 Điều 17", "điểm b khoản 2 Điều 11".
//
// Immutable after parsing; thread-safe. Pure: no file access (the caller reads the file).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/domain.h"
#include "incidents/engine/json_value.h"
#include "incidents/engine/status.h"

namespace incidents::engine {

struct Ticket;

// One reference: Điều `article`, khoản `clause` (0: the whole article), điểm `point`
// (empty: the whole clause).
struct ArticleRef {
  int article = 0;
  int clause = 0;
  std::string point;
  std::string MachineForm() const;     // "11.2b" (without "Art. ")
  std::string VietnameseForm() const;  // "điểm b khoản 2 Điều 11"
  friend bool operator==(const ArticleRef& a, const ArticleRef& b) {
    return a.article == b.article && a.clause == b.clause && a.point == b.point;
  }
};

// "Art. 11.2b, 12.2" -> its references; "" -> none. kInvalidValue naming the text otherwise.
Result<std::vector<ArticleRef>> ParseLegalBasis(std::string_view basis);
// The Vietnamese legal form of a machine-form citation ("" stays ""); text that is not in
// machine form is returned unchanged.
std::string VietnameseLegalBasis(std::string_view basis);

// What an event rests on: its machine-form citation and, where the articles do not say it
// all (the province's own procedure, its internal service levels), a note.
struct Citation {
  std::string basis;    // machine form; "" when no article governs it
  std::string note_vi;  // "" when none
  std::string note_en;
};

// The citation of one event type: one for every ticket, or one per value of a dimension
// of the ticket (its scope or category, or its workflow: "incident", and a data-sharing
// request by its scope, "data_request.outside_agency" and "data_request.person_or_business")
// or of the event (reject's grounds).
struct CitationRule {
  enum class By { kNothing, kScope, kCategory, kGrounds, kWorkflow };
  By by = By::kNothing;
  Citation always;                        // by kNothing
  std::map<std::string, Citation> cases;  // otherwise: by the dimension's value name
};
std::string_view ToString(CitationRule::By by);

struct RegulationVersion {
  int version = 0;
  std::string note;  // what this version changed, for people
  std::map<EventType, CitationRule> rules;  // every event type
};

class Regulation {
 public:
  // From the file's JSON (config/regulations/README.md): kInvalidValue naming the member
  // for anything malformed: a missing event type or case, a citation not in machine form,
  // an article without a gloss, versions not numbered 1, 2, 3...
  static Result<std::shared_ptr<const Regulation>> FromJson(const JsonValue& json);

  const std::string& id() const { return id_; }
  int current_version() const { return versions_.back().version; }
  const std::vector<RegulationVersion>& versions() const { return versions_; }
  // nullptr for a version this file does not have.
  const RegulationVersion* Version(int version) const;

  // The citation of an event of `type` under `version`, given the ticket as the event
  // leaves it and the event's payload (reject reads grounds and duplicate_of).
  // kCorruption for an unknown version (an event recorded under a version since removed).
  Result<Citation> Cite(int version, EventType type, const Ticket& next, const Payload& payload) const;

  // The rule of `type` under `version` as it applies to tickets of `workflow`: a rule by
  // workflow becomes that workflow's case (by nothing), or its cases by scope; other rules
  // are returned as they are, but for a data-sharing request without the intra_province
  // case of a rule by scope (it never applies to one). none when the version does not cite
  // `type`.
  std::optional<CitationRule> RuleOf(int version, EventType type, const std::string& workflow) const;

  // How people call a value of the scope or the grounds ("intra_province": "Trong nội bộ
  // tỉnh"), from the file's "labels"; nullptr for another dimension (categories are the
  // workflow catalog's) or an unknown value.
  struct CaseLabel {
    std::string vi;
    std::string en;
  };
  const CaseLabel* LabelOf(CitationRule::By by, const std::string& value) const;

  // The gloss of a reference ("11.2b"), or of every reference of a machine-form citation
  // joined by "; ". "" when there is none.
  std::string Gloss(std::string_view basis) const;
  const std::map<std::string, std::string>& glosses() const { return glosses_; }

 private:
  std::string id_;
  std::map<std::string, std::string> glosses_;  // "11.2b" -> Vietnamese text
  std::map<std::string, CaseLabel> scope_labels_, grounds_labels_;
  std::vector<RegulationVersion> versions_;      // 1, 2, ... in order; not empty
};

}  // namespace incidents::engine
