#pragma once
// The directory as a file a province fills in a spreadsheet (incidentctl directory
// import|export, and incidentd --demo): the orgs, users and focal points of Chapter VI.
//
// XLSX: three sheets named orgs, users and focal_points, each with a header row of the
// column names below. CSV: one file, the same three tables one after another, told apart
// by a first column `table` (org, user, focal_point) under one header that is the union of
// the columns. Columns, in order (* required):
//   orgs          id*, name*, short_name, kind*, active, successor
//   users         username*, display_name*, org*, roles*, email, phone, active, password
//   focal_points  org*, role, username*, position*, since*, decision_ref*, decision_date
// active: 1/0, true/false, yes/no, có/không (empty: 1). roles: names separated by ',' ';'
// or spaces. role: focal (default) or deputy. Dates: YYYY-MM-DD, DD/MM/YYYY, or the
// number a spreadsheet stores for a date. password: only for demo data; an export never
// writes passwords.
//
// Pure functions over text and tables, except ReadDirectoryFile/WriteDirectoryFile.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents/engine/directory.h"
#include "incidents/engine/directory_service.h"
#include "incidents/engine/status.h"
#include "incidents/tabular/table.h"

namespace incidents::directory_file {

// Where a row came from, for messages: "line 12" (CSV) or "sheet users, row 5" (XLSX).
struct RowOrigin {
  std::string where;
  std::vector<std::string> header;  // to name a column by its position
};

// A problem the file itself has (a missing column, a date that is none), or that the
// directory found (an unknown org), at one row and column.
struct FileProblem {
  std::string where;   // "line 12" / "sheet users, row 5"
  std::string column;  // "org"; empty when the problem is the row's or the file's
  std::string reason;
  std::string ToString() const;  // "line 12, column 'org': no org 'x'"
};

struct ParsedDirectory {
  engine::DirectoryImport import;
  // The origin of each row of import.orgs / users / focal_points, in the same order.
  std::vector<RowOrigin> org_rows, user_rows, focal_rows;
  std::vector<FileProblem> problems;  // rows with a problem are left out of `import`
};

// Turns a plain-text password of the file into what is stored (base::HashPassword);
// a parameter so that tests and the demo need not pay PBKDF2's cost per row.
using PasswordHasher = std::function<std::string(std::string_view password)>;

// The tables of a file (as ReadDirectoryFile gives them) into an import.
ParsedDirectory ParseDirectoryTables(const std::vector<tabular::Table>& tables, const PasswordHasher& hash);

// The directory's problems with the rows, in the file's terms.
std::vector<FileProblem> LocateProblems(const std::vector<engine::ImportProblem>& problems,
                                        const ParsedDirectory& parsed);

// The directory as tables (the XLSX sheets; for CSV, JoinForCsv makes one table of them).
std::vector<tabular::Table> DirectoryTables(const std::vector<engine::Org>& orgs, const std::vector<engine::User>& users,
                                            const std::vector<engine::FocalPoint>& terms);
tabular::Table JoinForCsv(const std::vector<tabular::Table>& tables);

// By the file's extension (.csv or .xlsx, any case). kInvalidArgument for another one or
// a malformed file; kUnavailable when it cannot be read or written.
engine::Result<std::vector<tabular::Table>> ReadDirectoryFile(const std::string& path);
engine::Status WriteDirectoryFile(const std::string& path, const std::vector<tabular::Table>& tables);

// Reads the file, checks every row (the file's own problems and the directory's), and
// imports it through DirectoryService::Import: all of it, or with any problem or with
// dry_run nothing. The service's errors that are no row's (forbidden, unavailable) are the
// Status.
struct FileImport {
  std::vector<std::string> changes;  // what was (or, dry, would be) changed
  std::vector<FileProblem> problems;
  bool written = false;
};
engine::Result<FileImport> ImportDirectoryFile(engine::DirectoryService& service, const engine::Actor& actor,
                                               const std::string& path, bool dry_run, const PasswordHasher& hash);

}  // namespace incidents::directory_file
