// Focal points (Chapter VI, Art. 18): who is focal point of each org on a day, their terms,
// appointments, absence, and the list's submission and approval (18.3), with the list as
// CSV or XLSX for the National Data Portal (18.4).
#include <algorithm>
#include <limits>

#include "body_reader.h"
#include "directory_access.h"
#include "directory_view.h"
#include "focal_point_sheet.h"
#include "handlers.h"
#include "incidents/engine/business_calendar.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"
#include "json_body.h"
#include "problem.h"
#include "query_params.h"
#include "recorded_directory_write.h"
#include "representations.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

const std::string& OrgId(const ApiRequest& r) { return r.params.at("id"); }

ApiResponse Download(std::string body, const std::string& content_type, const std::string& filename) {
  ApiResponse resp;
  resp.content_type = content_type;
  resp.body = std::move(body);
  resp.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return resp;
}

// One term as the API shows it, naming its org and person.
ApiResponse TermResponse(ApiContext& ctx, int status, const FocalPoint& term) {
  auto org = ctx.services.directory.FindOrg(term.org);
  if (!org.ok()) return ProblemFromStatus(org.status());
  auto users = UsersOf(ctx.services.directory, {term});
  if (!users.ok()) return ProblemFromStatus(users.status());
  return JsonResponse(status, TermJson(term, org.value() ? &*org.value() : nullptr, users.value()));
}

// The list's status as the API shows it (pure: it may render inside a commit).
ApiResponse ListResponse(const FocalPointList& list) { return JsonResponse(200, FocalPointListJson(list)); }

}  // namespace

ApiResponse HandleFocalPoints(ApiContext& ctx, const ApiRequest& r) {
  CivilDate on = LocalDateOf(ctx.services.clock.Now());
  if (Status st = QueryDate(r, "on", on); !st.ok()) return ProblemFromStatus(st);
  const std::string format = QueryText(r, "format").empty() ? "json" : QueryText(r, "format");
  if (format != "json" && format != "csv" && format != "xlsx")
    return ProblemFromStatus(Status::InvalidValue("query 'format' must be json, csv or xlsx, not '" + format + "'"));

  auto orgs = ctx.services.directory.ListOrgs();
  if (!orgs.ok()) return ProblemFromStatus(orgs.status());
  auto all_terms = ctx.services.directory.ListFocalPoints("");
  if (!all_terms.ok()) return ProblemFromStatus(all_terms.status());
  // Every org's focal point, then its deputy, in force that day; orgs in id order.
  std::vector<FocalPoint> terms;
  for (const Org& o : orgs.value())
    for (FocalPointRole role : {FocalPointRole::kFocal, FocalPointRole::kDeputy})
      if (const FocalPoint* t = TermInForce(all_terms.value(), o.id, role, on)) terms.push_back(*t);
  auto users = UsersOf(ctx.services.directory, terms);
  if (!users.ok()) return ProblemFromStatus(users.status());

  // The files for the National Data Portal (18.4): one sheet, named by the day.
  const std::string filename = "dau-moi-" + ToIsoString(on);
  if (format == "csv" || format == "xlsx") {
    const tabular::Table sheet{filename, FocalPointSheet(terms, orgs.value(), users.value())};
    if (format == "csv") return Download(tabular::WriteCsv(sheet), "text/csv; charset=utf-8", filename + ".csv");
    auto xlsx = tabular::WriteXlsx(std::vector<tabular::Table>{sheet});
    if (!xlsx.ok()) return ProblemFromStatus(xlsx.status());
    return Download(std::move(xlsx).value(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    filename + ".xlsx");
  }

  auto list = ctx.services.directory.GetFocalPointList();
  if (!list.ok()) return ProblemFromStatus(list.status());
  JsonValue::Array items;
  for (const FocalPoint& t : terms) {
    const Org* org = nullptr;
    for (const Org& o : orgs.value())
      if (o.id == t.org) org = &o;
    items.push_back(TermJson(t, org, users.value()));
  }
  return JsonResponse(200, JsonValue::Object{{"on", ToIsoString(on)},
                                             {"list", FocalPointListJson(list.value())},
                                             {"items", JsonValue(std::move(items))}});
}

ApiResponse HandleOrgFocalPoints(ApiContext& ctx, const ApiRequest& r) {
  auto org = ctx.services.directory.FindOrg(OrgId(r));
  if (!org.ok()) return ProblemFromStatus(org.status());
  if (!org.value()) return ProblemFromStatus(Status::NotFound("no org '" + OrgId(r) + "'"));
  auto terms = ctx.services.directory.ListFocalPoints(OrgId(r));
  if (!terms.ok()) return ProblemFromStatus(terms.status());
  auto users = UsersOf(ctx.services.directory, terms.value());
  if (!users.ok()) return ProblemFromStatus(users.status());
  std::vector<FocalPoint> newest_first = terms.value();
  std::stable_sort(newest_first.begin(), newest_first.end(), [](const FocalPoint& a, const FocalPoint& b) {
    if (a.since != b.since) return b.since < a.since;
    return a.id > b.id;
  });
  JsonValue::Array items;
  for (const FocalPoint& t : newest_first) items.push_back(TermJson(t, &*org.value(), users.value()));
  return JsonResponse(200, JsonValue::Object{{"items", JsonValue(std::move(items))}});
}

ApiResponse HandleAppointFocalPoint(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayManageFocalPoints(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  FocalPointAppointment a;
  a.username = in.RequiredString("username");
  a.position = in.RequiredString("position");
  a.since = in.RequiredDate("since");
  a.decision_ref = in.RequiredString("decision_ref");
  a.decision_date = in.Date("decision_date");
  if (auto role = in.String("role", false); role && in.ok()) {
    auto parsed = ParseFocalPointRole(*role);
    if (!parsed) in.Fail(Status::InvalidValue("field 'role' must be focal or deputy, not '" + *role + "'"));
    else a.role = *parsed;
  }
  if (!in.ok()) return ProblemFromStatus(in.status());
  // The answer names the org and the person: read them now, so that it can be rendered
  // inside the commit (RunRecordedDirectoryWrite). An unknown org or person is refused by
  // the appointment itself.
  auto org = ctx.services.directory.FindOrg(OrgId(r));
  if (!org.ok()) return ProblemFromStatus(org.status());
  FocalPoint named;
  named.username = a.username;
  auto users = UsersOf(ctx.services.directory, {named});
  if (!users.ok()) return ProblemFromStatus(users.status());
  const std::function<ApiResponse(const FocalPoint&)> render = [&](const FocalPoint& term) {
    return JsonResponse(201, TermJson(term, org.value() ? &*org.value() : nullptr, users.value()));
  };
  return RunRecordedDirectoryWrite<FocalPoint>(r, render, [&](const DirectoryAnswerToRecord<FocalPoint>* answer) {
    return ctx.services.directory_admin.AppointFocalPoint(r.caller->actor, OrgId(r), a, answer);
  });
}

ApiResponse HandleSetFocalPointAbsent(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayManageFocalPoints(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  const bool absent = in.RequiredBool("absent");
  if (!in.ok()) return ProblemFromStatus(in.status());
  auto term = ctx.services.directory_admin.SetFocalPointAbsent(r.caller->actor, OrgId(r), absent);
  if (!term.ok()) return ProblemFromStatus(term.status());
  return TermResponse(ctx, 200, term.value());
}

ApiResponse HandleSubmitFocalPointList(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayManageFocalPoints(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  return RunRecordedDirectoryWrite<FocalPointList>(
      r, ListResponse, [&](const DirectoryAnswerToRecord<FocalPointList>* answer) {
        return ctx.services.directory_admin.SubmitFocalPointList(r.caller->actor, answer);
      });
}

ApiResponse HandleApproveFocalPointList(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayApproveFocalPointList(ctx, r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  const std::string decision_ref = in.RequiredString("decision_ref");
  const CivilDate decision_date = in.RequiredDate("decision_date");
  if (!in.ok()) return ProblemFromStatus(in.status());
  return RunRecordedDirectoryWrite<FocalPointList>(
      r, ListResponse, [&](const DirectoryAnswerToRecord<FocalPointList>* answer) {
        return ctx.services.directory_admin.ApproveFocalPointList(r.caller->actor, decision_ref, decision_date,
                                                                  answer);
      });
}

}  // namespace incidents::http
