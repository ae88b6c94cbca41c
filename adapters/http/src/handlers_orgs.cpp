// /api/v1/orgs: the orgs of the directory, each with its focal point and deputy of today.
#include "body_reader.h"
#include "directory_access.h"
#include "directory_view.h"
#include "handlers.h"
#include "incidents/engine/business_calendar.h"
#include "json_body.h"
#include "problem.h"
#include "query_params.h"
#include "recorded_directory_write.h"
#include "representations.h"
#include "text_search.h"

namespace incidents::http {

using namespace incidents::engine;

namespace {

const std::string& OrgId(const ApiRequest& r) { return r.params.at("id"); }

// The org as the API shows it, with its focal point and deputy in force today.
ApiResponse OrgResponse(ApiContext& ctx, int status, const Org& org) {
  auto terms = ctx.services.directory.ListFocalPoints(org.id);
  if (!terms.ok()) return ProblemFromStatus(terms.status());
  auto users = UsersOf(ctx.services.directory, terms.value());
  if (!users.ok()) return ProblemFromStatus(users.status());
  return JsonResponse(status, OrgJson(org, terms.value(), users.value(), LocalDateOf(ctx.services.clock.Now())));
}

}  // namespace

ApiResponse HandleOrgs(ApiContext& ctx, const ApiRequest& r) {
  const std::string q = base::FoldForSearch(QueryText(r, "q"));
  const std::string kind = QueryText(r, "kind");
  if (!kind.empty() && !IsOrgKind(kind))
    return ProblemFromStatus(Status::InvalidValue("query 'kind': unknown kind '" + kind + "'"));
  std::optional<bool> active;
  if (Status st = QueryBool(r, "active", active); !st.ok()) return ProblemFromStatus(st);

  auto orgs = ctx.services.directory.ListOrgs();
  if (!orgs.ok()) return ProblemFromStatus(orgs.status());
  auto all_terms = ctx.services.directory.ListFocalPoints("");
  if (!all_terms.ok()) return ProblemFromStatus(all_terms.status());
  const CivilDate today = LocalDateOf(ctx.services.clock.Now());
  std::vector<FocalPoint> terms;  // today's only: fewer people to look up
  for (FocalPoint& t : all_terms.value())
    if (t.InForceOn(today)) terms.push_back(std::move(t));
  auto users = UsersOf(ctx.services.directory, terms);
  if (!users.ok()) return ProblemFromStatus(users.status());

  JsonValue::Array items;
  for (const Org& o : orgs.value()) {
    if (!kind.empty() && o.kind != kind) continue;
    if (active && o.active != *active) continue;
    if (!MatchesQuery(q, {o.id, o.name, o.short_name})) continue;
    items.push_back(OrgJson(o, terms, users.value(), today));
  }
  return JsonResponse(200, JsonValue::Object{{"items", JsonValue(std::move(items))}});
}

ApiResponse HandleGetOrg(ApiContext& ctx, const ApiRequest& r) {
  auto org = ctx.services.directory.FindOrg(OrgId(r));
  if (!org.ok()) return ProblemFromStatus(org.status());
  if (!org.value()) return ProblemFromStatus(Status::NotFound("no org '" + OrgId(r) + "'"));
  return OrgResponse(ctx, 200, *org.value());
}

ApiResponse HandleCreateOrg(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  Org org;
  org.id = in.RequiredString("id");
  org.name = in.RequiredString("name");
  org.kind = in.RequiredString("kind");
  org.short_name = in.String("short_name").value_or("");
  org.active = in.Bool("active").value_or(true);
  org.successor = in.String("successor").value_or("");
  if (!in.ok()) return ProblemFromStatus(in.status());
  // A new org has no focal-point terms yet (a term names an existing org), so its answer
  // needs nothing from the directory: it can be rendered inside the commit.
  const CivilDate today = LocalDateOf(ctx.services.clock.Now());
  const std::function<ApiResponse(const Org&)> render = [&](const Org& created) {
    ApiResponse resp = JsonResponse(201, OrgJson(created, {}, {}, today));
    resp.SetHeader("Location", "/api/v1/orgs/" + created.id);
    return resp;
  };
  ApiResponse resp = RunRecordedDirectoryWrite<Org>(r, render, [&](const DirectoryAnswerToRecord<Org>* answer) {
    return ctx.services.directory_admin.CreateOrg(r.caller->actor, org, answer);
  });
  if (resp.status == 201) ctx.ForgetDirectoryReads();
  return resp;
}

ApiResponse HandleUpdateOrg(ApiContext& ctx, const ApiRequest& r) {
  if (Status st = MayAdministerDirectory(r.caller->actor); !st.ok()) return ProblemFromStatus(st);
  auto body = ParseJsonObjectBody(r.body);
  if (!body.ok()) return ProblemFromStatus(body.status());
  BodyReader in(body.value());
  OrgPatch patch;
  patch.name = in.String("name", false);
  patch.kind = in.String("kind", false);
  patch.short_name = in.String("short_name");
  patch.successor = in.String("successor");  // null: no successor any more
  patch.active = in.Bool("active");
  if (!in.ok()) return ProblemFromStatus(in.status());
  auto updated = ctx.services.directory_admin.UpdateOrg(r.caller->actor, OrgId(r), patch);
  if (!updated.ok()) return ProblemFromStatus(updated.status());
  ctx.ForgetDirectoryReads();
  return OrgResponse(ctx, 200, updated.value());
}

}  // namespace incidents::http
