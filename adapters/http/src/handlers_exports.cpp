// GET /api/v1/tickets/export and GET /api/v1/data-requests/export (issue 16.3): every
// ticket of the list's filters that the caller may see, as a CSV or XLSX file with
// Vietnamese headers and labels. The filters are the list's own (ParseCaseListQuery), its
// limit and cursor aside; the store's pages are followed to the end. More than
// ApiServerOptions::export_max_rows tickets is 422: the caller narrows the filters. A
// requester's contact details (personal data) are columns for DoICT only, as in the JSON.

#include <map>

#include "case_list_query.h"
#include "decision_labels.h"
#include "downloads.h"
#include "handlers.h"
#include "incidents/engine/access.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/engine/regulation.h"
#include "problem.h"

namespace incidents::http {

using namespace incidents::engine;
using tabular::Cell;
using tabular::Sheet;
using tabular::Text;
using tabular::Whole;

namespace {

// The store's largest page (the list's own limit).
constexpr int kPageSize = 500;

// Names of orgs and people, each looked up once per export. A name the directory cannot
// give now is shown as the id: a name is not worth failing the download.
class Names {
 public:
  explicit Names(Directory& directory) : directory_(directory) {}

  const std::string& Org(const std::string& id) {
    auto [it, added] = orgs_.try_emplace(id, id);
    if (added && !id.empty())
      if (auto org = directory_.FindOrg(id); org.ok() && org.value() && !org.value()->name.empty())
        it->second = org.value()->name;
    return it->second;
  }

  std::string Orgs(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : "; ") + Org(id);
    return out;
  }

  const std::string& Person(const std::string& username) {
    auto [it, added] = people_.try_emplace(username, username);
    if (added && !username.empty())
      if (auto user = directory_.FindUser(username); user.ok() && user.value() && !user.value()->display_name.empty())
        it->second = user.value()->display_name;
    return it->second;
  }

 private:
  Directory& directory_;
  std::map<std::string, std::string> orgs_, people_;
};

Cell OptText(const std::optional<std::string>& text) { return text && !text->empty() ? Text(*text) : Cell(); }
Cell OptTime(const std::optional<Timestamp>& at) { return at ? Cell(*at) : Cell(); }

// One family's file: its name, its columns, and a ticket's row.
struct ExportKind {
  const char* workflow;
  const char* sheet;       // the worksheet, and the file's name in UTF-8
  const char* ascii_stem;  // the file's name in ASCII
};
constexpr ExportKind kTicketExport{kIncidentWorkflow, "Phiếu sự cố", "phieu-su-co"};
constexpr ExportKind kRequestExport{kDataRequestWorkflow, "Yêu cầu khai thác dữ liệu", "yeu-cau-khai-thac-du-lieu"};

std::vector<Cell> IncidentHeader() {
  std::vector<Cell> header;
  for (const char* h : {"Mã", "Tiêu đề", "Loại", "Mức ưu tiên", "Trạng thái", "Phạm vi chia sẻ", "Đơn vị báo cáo",
                        "Đơn vị liên quan", "Dịch vụ", "Người báo cáo", "Người xử lý", "Ngày tạo",
                        "Cập nhật lần cuối", "Ngày giải quyết", "Hạn tiếp nhận (SLA)", "Hạn giải quyết (SLA)",
                        "Số lần quá hạn"})
    header.push_back(Text(h));
  return header;
}

std::vector<Cell> RequestHeader(bool with_contact) {
  std::vector<Cell> header;
  for (const char* h : {"Mã", "Tiêu đề", "Đối tượng yêu cầu", "Trạng thái", "Người yêu cầu", "Tổ chức"})
    header.push_back(Text(h));
  if (with_contact)
    for (const char* h : {"Mã số thuế", "Thư điện tử", "Điện thoại"}) header.push_back(Text(h));
  for (const char* h : {"Mã hồ sơ trên Cổng", "Đơn vị gửi", "Đơn vị quản lý dữ liệu", "Mục đích", "Căn cứ pháp lý",
                        "Có dữ liệu cá nhân", "Người xử lý", "Ngày gửi", "Cập nhật lần cuối", "Hạn quyết định",
                        "Kết quả", "Số văn bản", "Ngày văn bản"})
    header.push_back(Text(h));
  return header;
}

// Labels of the workflow's catalog and regulation, with the id when it has none.
struct CaseLabels {
  const Workflow* workflow;

  std::string Of(State s) const {
    return workflow && workflow->Catalog().Has(s) ? workflow->Catalog().Of(s).vi : std::string(ToString(s));
  }
  std::string Of(Category c) const {
    if (workflow)
      if (auto it = workflow->Catalog().categories().find(c); it != workflow->Catalog().categories().end())
        return it->second.vi;
    return std::string(ToString(c));
  }
  std::string Of(Priority p) const {
    return workflow && workflow->Catalog().Has(p) ? workflow->Catalog().Of(p).vi : std::string(ToString(p));
  }
  std::string Of(Scope s) const {
    const std::string id(ToString(s));
    if (workflow && workflow->settings().citations)
      if (const auto* l = workflow->settings().citations->LabelOf(CitationRule::By::kScope, id)) return l->vi;
    return id;
  }
};

std::vector<Cell> IncidentRow(const Ticket& t, const CaseLabels& labels, Names& names) {
  return {Text(t.id),
          Text(t.title),
          Text(labels.Of(t.category)),
          Text(labels.Of(t.priority)),
          Text(labels.Of(t.state)),
          Text(labels.Of(t.scope)),
          Text(names.Org(t.reporter_org)),
          Text(names.Orgs(t.parties)),
          OptText(t.service),
          Text(names.Person(t.reporter)),
          t.assignee ? Text(names.Person(*t.assignee)) : Cell(),
          Cell(t.created_at),
          Cell(t.updated_at),
          OptTime(t.resolved_at),
          OptTime(t.sla.ack_due),
          OptTime(t.sla.resolve_due),
          Whole(static_cast<std::int64_t>(t.sla.breaches.size()))};
}

std::vector<Cell> RequestRow(const Ticket& t, const CaseLabels& labels, Names& names, bool with_contact) {
  static const DataRequestFacts kNone;
  const DataRequestFacts& f = t.request ? *t.request : kNone;
  std::vector<Cell> row{Text(t.id),           Text(t.title), Text(labels.Of(t.scope)),
                        Text(labels.Of(t.state)), Text(f.requester_name), OptText(f.organisation)};
  if (with_contact) {
    row.push_back(OptText(f.tax_code));
    row.push_back(OptText(f.email));
    row.push_back(OptText(f.phone));
  }
  const std::optional<DataGrant>& d = f.decision;
  const std::vector<Cell> rest{
      OptText(f.portal_reference), Text(names.Org(t.reporter_org)), Text(names.Orgs(f.owners)), Text(f.purpose),
      Text(f.legal_basis), Text(f.personal_data ? "Có" : "Không"),
      t.assignee ? Text(names.Person(*t.assignee)) : Cell(), Cell(t.created_at), Cell(t.updated_at),
      OptTime(t.sla.resolve_due), d ? Text(std::string(DecisionOutcomeLabel(d->outcome))) : Cell(),
      d ? OptText(d->document_number) : Cell(), d && d->document_date ? Cell(*d->document_date) : Cell()};
  row.insert(row.end(), rest.begin(), rest.end());
  return row;
}

ApiResponse Export(ApiContext& ctx, const ApiRequest& r, const ExportKind& kind) {
  const std::string format_text = r.query.count("format") ? r.query.at("format") : "";
  const auto format = ParseSheetFormat(format_text.empty() ? "xlsx" : format_text);
  if (!format)
    return ProblemFromStatus(Status::InvalidValue("query 'format' must be csv or xlsx, not '" + format_text + "'"));
  // The list's filters; its page size and cursor are the export's own.
  ApiRequest filters = r;
  filters.query.erase("limit");
  filters.query.erase("cursor");
  TicketQuery q;
  if (auto problem = ParseCaseListQuery(ctx, filters, kind.workflow, q)) return *problem;
  q.limit = kPageSize;
  q.before.reset();

  const Actor& actor = r.caller->actor;
  const bool request = std::string_view(kind.workflow) == kDataRequestWorkflow;
  const bool with_contact = request && SeesRequesterContact(actor, ctx.services.tickets.settings());
  const CaseLabels labels{ctx.services.tickets.WorkflowNamed(kind.workflow)};
  Names names(ctx.services.directory);
  const std::size_t cap = ctx.options.export_max_rows;
  Sheet sheet{kind.sheet, {request ? RequestHeader(with_contact) : IncidentHeader()}};
  while (true) {
    auto page = ctx.services.tickets.List(actor, q);
    if (!page.ok()) return ProblemFromStatus(page.status());
    if (sheet.rows.size() - 1 + page->items.size() > cap)
      return ProblemFromStatus(Status::InvalidValue("the export has more than " + std::to_string(cap) +
                                                    " tickets; narrow the filters and export again"));
    for (const Ticket& t : page->items)
      sheet.rows.push_back(request ? RequestRow(t, labels, names, with_contact) : IncidentRow(t, labels, names));
    if (!page->next || page->items.empty()) break;
    q.before = page->next;
  }
  const std::string today = ToIsoString(LocalDateOf(ctx.services.clock.Now()));
  std::vector<Sheet> sheets;
  sheets.push_back(std::move(sheet));  // not copied: 100 000 rows are a few hundred MB
  return SheetsDownload(sheets, *format, std::string(kind.ascii_stem) + "-" + today,
                        std::string(kind.sheet) + " " + today);
}

}  // namespace

ApiResponse HandleExportTickets(ApiContext& ctx, const ApiRequest& r) { return Export(ctx, r, kTicketExport); }
ApiResponse HandleExportDataRequests(ApiContext& ctx, const ApiRequest& r) { return Export(ctx, r, kRequestExport); }

}  // namespace incidents::http
