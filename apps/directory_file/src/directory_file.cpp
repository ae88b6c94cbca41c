#include "incidents/directory_file/directory_file.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "incidents/engine/civil_date.h"
#include "incidents/tabular/csv.h"
#include "incidents/tabular/xlsx.h"

namespace incidents::directory_file {

using namespace incidents::engine;

namespace {

struct Spec {
  const char* sheet;      // the XLSX sheet, and ImportProblem::section
  const char* csv_table;  // the value of the CSV's `table` column
  std::vector<std::string> columns;
  std::vector<std::string> required;
};

const Spec kOrgs{"orgs", "org", {"id", "name", "short_name", "kind", "active", "successor"}, {"id", "name", "kind"}};
const Spec kUsers{"users",
                  "user",
                  {"username", "display_name", "org", "roles", "email", "phone", "active", "password"},
                  {"username", "display_name", "org", "roles"}};
const Spec kFocal{"focal_points",
                  "focal_point",
                  {"org", "role", "username", "position", "since", "decision_ref", "decision_date"},
                  {"org", "username", "position", "since", "decision_ref"}};
const Spec* const kSpecs[] = {&kOrgs, &kUsers, &kFocal};

std::string ColumnLetter(std::size_t index) {
  std::string out;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), char('A' + (n - 1) % 26));
  return out;
}

std::string Trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One row of a table, by column name.
struct Record {
  const Spec* spec = nullptr;
  std::map<std::string, std::string> cells;
  RowOrigin origin;
};

class Problems {
 public:
  explicit Problems(std::vector<FileProblem>& out) : out_(out) {}
  void Add(const RowOrigin& origin, const std::string& column, std::string reason) {
    out_.push_back({origin.where, Named(origin, column), std::move(reason)});
  }
  static std::string Named(const RowOrigin& origin, const std::string& column) {
    if (column.empty()) return "";
    auto it = std::find(origin.header.begin(), origin.header.end(), column);
    return it == origin.header.end() ? column
                                     : ColumnLetter(static_cast<std::size_t>(it - origin.header.begin())) + " (" + column + ")";
  }

 private:
  std::vector<FileProblem>& out_;
};

std::optional<bool> ParseBool(const std::string& text) {
  const std::string t = Lower(Trim(text));
  if (t.empty() || t == "1" || t == "true" || t == "yes" || t == "có" || t == "x") return true;
  if (t == "0" || t == "false" || t == "no" || t == "không") return false;
  return std::nullopt;
}

// YYYY-MM-DD, DD/MM/YYYY (how Vietnamese write dates), or a spreadsheet's date serial.
std::optional<CivilDate> ParseDate(const std::string& text) {
  const std::string t = Trim(text);
  if (auto iso = ParseIsoDate(t)) return iso;
  unsigned d = 0, m = 0;
  int y = 0;
  char s1 = 0, s2 = 0;
  std::istringstream in(t);
  if (in >> d >> s1 >> m >> s2 >> y && s1 == '/' && s2 == '/' && in.peek() == EOF) {
    CivilDate date{y, m, d};
    if (IsValidDate(date)) return date;
  }
  long serial = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), serial);
  if (ec == std::errc() && p == t.data() + t.size() && serial > 0 && serial < 2958466)
    return AddDays(CivilDate{1899, 12, 30}, serial);  // the 1900 date system
  return std::nullopt;
}

// The header's problems; false when the table cannot be read at all.
bool CheckHeader(const std::vector<std::string>& header, const std::vector<std::string>& known,
                 const std::vector<std::string>& required, const RowOrigin& origin, Problems& problems) {
  bool ok = true;
  for (const std::string& name : header)
    if (!name.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      problems.Add(origin, name, "unknown column; the columns are " + list);
      ok = false;
    }
  for (const std::string& name : required)
    if (std::find(header.begin(), header.end(), name) == header.end()) {
      problems.Add(origin, "", "the column '" + name + "' is missing");
      ok = false;
    }
  return ok;
}

bool Blank(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) { return Trim(c).empty(); });
}

std::vector<Record> RecordsOfSheet(const tabular::Table& t, const Spec& spec, Problems& problems) {
  std::vector<Record> out;
  if (t.rows.empty()) return out;
  std::vector<std::string> header;
  for (const auto& h : t.rows[0]) header.push_back(Lower(Trim(h)));
  RowOrigin head{"sheet " + t.name + ", row 1", header};
  if (!CheckHeader(header, spec.columns, spec.required, head, problems)) return out;
  for (std::size_t i = 1; i < t.rows.size(); ++i) {
    if (Blank(t.rows[i])) continue;
    Record r{&spec, {}, {"sheet " + t.name + ", row " + std::to_string(i + 1), header}};
    for (std::size_t c = 0; c < t.rows[i].size() && c < header.size(); ++c)
      if (!header[c].empty()) r.cells[header[c]] = Trim(t.rows[i][c]);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> CsvColumns() {
  std::vector<std::string> all{"table"};
  for (const Spec* s : kSpecs)
    for (const auto& c : s->columns)
      if (std::find(all.begin(), all.end(), c) == all.end()) all.push_back(c);
  return all;
}

std::vector<Record> RecordsOfCsv(const tabular::Table& t, Problems& problems) {
  std::vector<Record> out;
  if (t.rows.empty()) return out;
  std::vector<std::string> header;
  for (const auto& h : t.rows[0]) header.push_back(Lower(Trim(h)));
  RowOrigin head{"row 1", header};
  if (!CheckHeader(header, CsvColumns(), {"table"}, head, problems)) return out;
  for (std::size_t i = 1; i < t.rows.size(); ++i) {
    if (Blank(t.rows[i])) continue;
    Record r{nullptr, {}, {"row " + std::to_string(i + 1), header}};
    for (std::size_t c = 0; c < t.rows[i].size() && c < header.size(); ++c)
      if (!header[c].empty()) r.cells[header[c]] = Trim(t.rows[i][c]);
    const std::string table = Lower(r.cells["table"]);
    for (const Spec* s : kSpecs)
      if (table == s->csv_table || table == s->sheet) r.spec = s;
    if (!r.spec) {
      problems.Add(r.origin, "table", "must be org, user or focal_point");
      continue;
    }
    bool ok = true;
    for (const auto& [name, value] : r.cells)
      if (name != "table" && !value.empty() &&
          std::find(r.spec->columns.begin(), r.spec->columns.end(), name) == r.spec->columns.end()) {
        problems.Add(r.origin, name, std::string("does not apply to a ") + r.spec->csv_table + " row; leave it empty");
        ok = false;
      }
    for (const auto& name : r.spec->required)
      if (r.cells[name].empty()) {
        problems.Add(r.origin, name, "is required");
        ok = false;
      }
    if (ok) out.push_back(std::move(r));
  }
  return out;
}

std::optional<Org> OrgOf(Record& r, Problems& problems) {
  Org o;
  o.id = r.cells["id"];
  o.name = r.cells["name"];
  o.short_name = r.cells["short_name"];
  o.kind = r.cells["kind"];
  o.successor = r.cells["successor"];
  auto active = ParseBool(r.cells["active"]);
  if (!active) {
    problems.Add(r.origin, "active", "must be 1 or 0 (true/false, có/không)");
    return std::nullopt;
  }
  o.active = *active;
  return o;
}

std::optional<DirectoryImport::UserRow> UserOf(Record& r, Problems& problems, const PasswordHasher& hash) {
  DirectoryImport::UserRow row;
  User& u = row.user;
  u.username = r.cells["username"];
  u.display_name = r.cells["display_name"];
  u.org = r.cells["org"];
  u.email = r.cells["email"];
  u.phone = r.cells["phone"];
  bool ok = true;
  std::string roles = r.cells["roles"];
  std::replace_if(roles.begin(), roles.end(), [](char c) { return c == ',' || c == ';' || c == '\t'; }, ' ');
  std::istringstream words(roles);
  for (std::string name; words >> name;) {
    if (auto role = ParseRole(Lower(name))) {
      u.roles.insert(*role);
    } else {
      std::string list;
      for (Role known : kAllRoles) list += (list.empty() ? "" : ", ") + std::string(ToString(known));
      problems.Add(r.origin, "roles", "unknown role '" + name + "'; the roles are " + list);
      ok = false;
    }
  }
  auto active = ParseBool(r.cells["active"]);
  if (!active) {
    problems.Add(r.origin, "active", "must be 1 or 0 (true/false, có/không)");
    ok = false;
  } else {
    u.active = *active;
  }
  if (const std::string& pw = r.cells["password"]; !pw.empty()) {
    u.password_hash = hash(pw);
    row.has_password = true;
  }
  if (!ok) return std::nullopt;
  return row;
}

std::optional<DirectoryImport::FocalPointRow> FocalOf(Record& r, Problems& problems) {
  DirectoryImport::FocalPointRow row;
  row.org = r.cells["org"];
  FocalPointAppointment& a = row.appointment;
  a.username = r.cells["username"];
  a.position = r.cells["position"];
  a.decision_ref = r.cells["decision_ref"];
  bool ok = true;
  const std::string role = Lower(r.cells["role"]);
  if (auto parsed = ParseFocalPointRole(role.empty() ? "focal" : role)) {
    a.role = *parsed;
  } else {
    problems.Add(r.origin, "role", "must be focal or deputy");
    ok = false;
  }
  if (auto since = ParseDate(r.cells["since"])) {
    a.since = *since;
  } else {
    problems.Add(r.origin, "since", "must be a date such as 2026-01-15 or 15/01/2026");
    ok = false;
  }
  if (const std::string& d = r.cells["decision_date"]; !d.empty()) {
    if (auto date = ParseDate(d)) a.decision_date = *date;
    else {
      problems.Add(r.origin, "decision_date", "must be a date such as 2026-01-15 or 15/01/2026");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return row;
}

}  // namespace

std::string FileProblem::ToString() const {
  return where + (column.empty() ? "" : ", column " + column) + ": " + reason;
}

ParsedDirectory ParseDirectoryTables(const std::vector<tabular::Table>& tables, const PasswordHasher& hash) {
  ParsedDirectory out;
  Problems problems(out.problems);
  std::vector<Record> records;
  for (const tabular::Table& t : tables) {
    const bool csv = !t.rows.empty() && !t.rows[0].empty() && Lower(Trim(t.rows[0][0])) == "table";
    std::vector<Record> got;
    if (csv) {
      got = RecordsOfCsv(t, problems);
    } else {
      const Spec* spec = nullptr;
      for (const Spec* s : kSpecs)
        if (Lower(Trim(t.name)) == s->sheet) spec = s;
      if (!spec) {
        if (!t.rows.empty())
          out.problems.push_back({"sheet " + t.name, "", "unknown sheet; the sheets are orgs, users and focal_points"});
        continue;
      }
      got = RecordsOfSheet(t, *spec, problems);
    }
    records.insert(records.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
  }
  for (Record& r : records) {
    if (r.spec == &kOrgs) {
      if (auto o = OrgOf(r, problems)) out.import.orgs.push_back(*o), out.org_rows.push_back(r.origin);
    } else if (r.spec == &kUsers) {
      if (auto u = UserOf(r, problems, hash)) out.import.users.push_back(*u), out.user_rows.push_back(r.origin);
    } else if (auto f = FocalOf(r, problems)) {
      out.import.focal_points.push_back(*f), out.focal_rows.push_back(r.origin);
    }
  }
  return out;
}

std::vector<FileProblem> LocateProblems(const std::vector<ImportProblem>& problems, const ParsedDirectory& parsed) {
  std::vector<FileProblem> out;
  for (const ImportProblem& p : problems) {
    const std::vector<RowOrigin>& rows = p.section == "orgs"    ? parsed.org_rows
                                         : p.section == "users" ? parsed.user_rows
                                                                : parsed.focal_rows;
    const RowOrigin origin = p.row < rows.size() ? rows[p.row] : RowOrigin{p.section + " row " + std::to_string(p.row + 1), {}};
    // The service's messages begin with the field: "'org': no org 'x'", "'kind' must ...".
    std::string reason = p.message;
    const std::string quoted = "'" + p.field + "'";
    if (!p.field.empty() && reason.rfind(quoted, 0) == 0) {
      reason = reason.substr(quoted.size());
      if (reason.rfind(": ", 0) == 0) reason = reason.substr(2);
      else if (!reason.empty() && reason[0] == ' ') reason = reason.substr(1);
    }
    out.push_back({origin.where, Problems::Named(origin, p.field), reason});
  }
  return out;
}

std::vector<tabular::Table> DirectoryTables(const std::vector<Org>& orgs, const std::vector<User>& users,
                                            const std::vector<FocalPoint>& terms) {
  tabular::Table o{kOrgs.sheet, {kOrgs.columns}};
  for (const Org& org : orgs)
    o.rows.push_back({org.id, org.name, org.short_name, org.kind, org.active ? "1" : "0", org.successor});
  tabular::Table u{kUsers.sheet, {kUsers.columns}};
  for (const User& user : users)
    u.rows.push_back({user.username, user.display_name, user.org, FormatRoleList(user.roles), user.email, user.phone,
                      user.active ? "1" : "0", ""});
  tabular::Table f{kFocal.sheet, {kFocal.columns}};
  std::vector<FocalPoint> sorted = terms;
  std::stable_sort(sorted.begin(), sorted.end(), [](const FocalPoint& a, const FocalPoint& b) {
    return std::tie(a.org, a.role, a.since) < std::tie(b.org, b.role, b.since);
  });
  for (const FocalPoint& t : sorted)
    f.rows.push_back({t.org, std::string(ToString(t.role)), t.username, t.position, ToIsoString(t.since), t.decision_ref,
                      t.decision_date ? ToIsoString(*t.decision_date) : ""});
  return {o, u, f};
}

tabular::Table JoinForCsv(const std::vector<tabular::Table>& tables) {
  const std::vector<std::string> columns = CsvColumns();
  tabular::Table out{"directory", {columns}};
  for (const tabular::Table& t : tables) {
    const Spec* spec = nullptr;
    for (const Spec* s : kSpecs)
      if (t.name == s->sheet) spec = s;
    if (!spec || t.rows.empty()) continue;
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
      std::vector<std::string> row(columns.size());
      row[0] = spec->csv_table;
      for (std::size_t c = 0; c < t.rows[0].size() && c < t.rows[i].size(); ++c) {
        auto at = std::find(columns.begin(), columns.end(), t.rows[0][c]);
        if (at != columns.end()) row[static_cast<std::size_t>(at - columns.begin())] = t.rows[i][c];
      }
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

namespace {
bool EndsWith(const std::string& path, const char* ext) {
  const std::string lower = Lower(path);
  const std::string e(ext);
  return lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0;
}
}  // namespace

Result<std::vector<tabular::Table>> ReadDirectoryFile(const std::string& path) {
  const bool csv = EndsWith(path, ".csv"), xlsx = EndsWith(path, ".xlsx");
  if (!csv && !xlsx) return Status::InvalidArgument(path + ": the file must end in .csv or .xlsx");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Unavailable("cannot read " + path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (csv) {
    auto table = tabular::ReadCsv(bytes.str(), "directory");
    if (!table.ok()) return Status::InvalidArgument(path + ": " + table.status().message());
    return std::vector<tabular::Table>{std::move(table).value()};
  }
  auto sheets = tabular::ReadXlsx(bytes.str());
  if (!sheets.ok()) return Status::InvalidArgument(path + ": " + sheets.status().message());
  return std::move(sheets).value();
}

Status WriteDirectoryFile(const std::string& path, const std::vector<tabular::Table>& tables) {
  const bool csv = EndsWith(path, ".csv"), xlsx = EndsWith(path, ".xlsx");
  if (!csv && !xlsx) return Status::InvalidArgument(path + ": the file must end in .csv or .xlsx");
  auto bytes = csv ? Result<std::string>(tabular::WriteCsv(JoinForCsv(tables))) : tabular::WriteXlsx(tables);
  if (!bytes.ok()) return Status(bytes.status().code(), path + ": " + bytes.status().message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !out.write(bytes->data(), static_cast<std::streamsize>(bytes->size())) || !out.flush())
    return Status::Unavailable("cannot write " + path);
  return {};
}

Result<FileImport> ImportDirectoryFile(DirectoryService& service, const Actor& actor, const std::string& path,
                                       bool dry_run, const PasswordHasher& hash) {
  auto tables = ReadDirectoryFile(path);
  if (!tables.ok()) return tables.status();
  ParsedDirectory parsed = ParseDirectoryTables(tables.value(), hash);
  // With problems in the file, the rows that parsed are still checked (dry), so that one
  // run lists every problem.
  const bool dry = dry_run || !parsed.problems.empty();
  auto outcome = service.Import(actor, parsed.import, dry);
  if (!outcome.ok()) return outcome.status();
  FileImport out;
  out.problems = parsed.problems;
  for (FileProblem& p : LocateProblems(outcome->problems, parsed)) out.problems.push_back(std::move(p));
  out.changes = outcome->changes;
  out.written = outcome->written;
  return out;
}

}  // namespace incidents::directory_file
