#pragma once
// Scheduled report drafts (issue 16.4; Art. 15.1, 21.3): at the start of each month and
// each quarter, the report of the period just ended is "drafted": the reports page of that
// period (never its figures) is mailed, through the transactional outbox, to DoICT's
// leadership and the Chairman's office, who review it before it is signed.
//
// Durable and exactly once per period: a draft is one row keyed by its period ("2026-11",
// "2026-Q4"), written in the same transaction as its mails (ReportDraftStore::RecordDraft);
// a second record of the period, by another node sharing the database or by a later start,
// is a kConflict that writes nothing. The periods due are always the latest month and the
// latest quarter that have ended (DuePeriods), so a start after downtime drafts what it
// missed, and never a backlog older than those.
//
// Periods are of local (Vietnam, UTC+07:00) dates: a month ends at local midnight of the
// 1st of the next one. Everything here but the ports' implementations is pure; the service
// is thread-safe if its ports are.

#include <optional>
#include <string>
#include <vector>

#include "incidents/engine/civil_date.h"
#include "incidents/engine/clock.h"
#include "incidents/engine/domain.h"
#include "incidents/engine/outbox.h"
#include "incidents/engine/status.h"
#include "incidents/engine/timestamp.h"

namespace incidents::engine {

enum class ReportPeriodKind { kMonth, kQuarter };

// A calendar month or quarter of local dates, both ends included.
struct ReportPeriod {
  ReportPeriodKind kind = ReportPeriodKind::kMonth;
  int year = 1970;
  unsigned number = 1;  // the month 1..12, or the quarter 1..4
  CivilDate from;
  CivilDate to;
  // "2026-11" for a month, "2026-Q4" for a quarter: the draft's key.
  std::string Key() const;
  friend bool operator==(const ReportPeriod&, const ReportPeriod&);
};

// `month` 1..12 / `quarter` 1..4.
ReportPeriod MonthPeriod(int year, unsigned month);
ReportPeriod QuarterPeriod(int year, unsigned quarter);

// The periods whose drafts are due at `now`: the latest month that has ended (the local
// month before the one `now` is in) and the latest quarter that has ended, in that order.
// The same all month long: recording them again is a no-op (RecordDraft's kConflict), and
// so a start at any time drafts what a stopped server missed, but only those two.
std::vector<ReportPeriod> DuePeriods(Timestamp now);

// The next local midnight of the 1st of a month strictly after `now`: when the next
// periods become due.
Timestamp NextPeriodStart(Timestamp now);

// One drafted period, as stored.
struct ReportDraft {
  std::string period;  // ReportPeriod::Key()
  CivilDate from;
  CivilDate to;
  Timestamp created_at;
  friend bool operator==(const ReportDraft&, const ReportDraft&);
};

// Port: the drafts table. Thread-safe implementations; several nodes may share one store.
class ReportDraftStore {
 public:
  virtual ~ReportDraftStore() = default;
  // Inserts the draft and its outbox rows in ONE transaction. kConflict, and nothing
  // written, when a draft of the period exists (whoever wrote it, whenever).
  virtual Status RecordDraft(const ReportDraft& draft, const std::vector<OutboxRow>& mails) = 0;
  // The draft of a period, or nullopt.
  virtual Result<std::optional<ReportDraft>> FindDraft(const std::string& period) = 0;
};

// Port: the mails of a draft (who is told, with which variables). notifications/
// implements it (report_draft_mail.h). Immutable and thread-safe implementations.
class ReportDraftMailPlanner {
 public:
  virtual ~ReportDraftMailPlanner() = default;
  virtual Result<std::vector<OutboxRow>> PlanDraftMails(const ReportPeriod& period, Timestamp at) const = 0;
};

// What one run did with one due period.
struct DraftOutcome {
  std::string period;
  bool recorded = false;  // drafted by this run; false: it was drafted before (or by another node)
  int mails = 0;          // the mails queued by this run
};

// The service incidentd's scheduler calls: records each due period that has no draft.
class ReportDrafts {
 public:
  // The ports and the clock must outlive the service.
  ReportDrafts(ReportDraftStore& store, const ReportDraftMailPlanner& planner, const Clock& clock);

  // For each of DuePeriods(clock.Now()): skips a period already drafted; otherwise plans
  // its mails and records it with them (a kConflict on the way means another node was
  // first: not an error). The first error of a store or a planner is returned; the
  // periods before it stay recorded, and a later run takes up the rest.
  Result<std::vector<DraftOutcome>> RecordDue() const;

 private:
  ReportDraftStore& store_;
  const ReportDraftMailPlanner& planner_;
  const Clock& clock_;
};

// The settings of the "reports.drafts" part of incidentd's configuration
// (report_draft_section.h has the parser).
struct ReportDraftSettings {
  bool enabled = true;                                    // reports.drafts.enabled
  std::vector<Role> doict_roles = {Role::kDirector};      // reports.drafts.doict_roles
  std::vector<Role> chairman_office_roles = {Role::kOfficeStaff};  // reports.drafts.chairman_office_roles
  int retry_minutes = 60;                                 // reports.drafts.retry_minutes: after a failed run
};

}  // namespace incidents::engine
