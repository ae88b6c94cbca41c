// `incidentctl directory import|export` as a black box: the real binary against a real
// SQLite file, with the CSV and XLSX layouts of docs/directory-file.md.

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "run_command.h"
#include "temp_dir.h"

using incidents::testing::CommandRun;
using incidents::testing::RunCommand;
using incidents::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

using Run = CommandRun;

Run Ctl(const std::string& args) { return RunCommand(std::string(INCIDENTCTL_PATH) + " " + args); }

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char kHeader[] =
    "table,id,name,short_name,kind,active,successor,username,display_name,org,roles,email,phone,password,role,"
    "position,since,decision_ref,decision_date\n";

// A small province: two departments (one merged into the other), two people, a focal point.
std::string Province() {
  return std::string(kHeader) +
         "org,stp,Sở Tư pháp,STP,department,1,,,,,,,,,,,,,\n"
         "org,stnmt,Sở Tài nguyên và Môi trường,STNMT,department,0,snnmt,,,,,,,,,,,,\n"
         "org,snnmt,Sở Nông nghiệp và Môi trường,SNNMT,department,1,,,,,,,,,,,,,\n"
         "user,,,,,1,,snnmt.focal,Lê Văn Cường,snnmt,focal_point,focal@snnmt.example,+84 900 000 003,,,,,,\n"
         "user,,,,,,,stp.reporter,\"Trần Thị Bình, chuyên viên\",stp,reporter,,,,,,,,\n"
         "focal_point,,,,,,,snnmt.focal,,snnmt,,,,,focal,Chuyên viên Phòng CNTT,01/03/2025,15/QĐ-SNNMT,2025-02-20\n";
}

}  // namespace

TEST_CASE("directory import: a dry run lists the changes and writes nothing, then the import writes them once",
          "[incidentctl][directory]") {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("d.db");
  const std::string file = dir.File("province.csv");
  Write(file, Province());

  const Run dry = Ctl("directory import " + file + " --database " + db + " --dry-run");
  INFO(dry.output);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.output, Contains("would create org stnmt"));
  CHECK_THAT(dry.output, Contains("would appoint snnmt.focal as focal of org snnmt from 2025-03-01"));
  CHECK_THAT(dry.output, Contains("nothing was written"));
  const Run empty = Ctl("directory export " + dir.File("empty.csv") + " --database " + db);
  CHECK(empty.exit_code == 0);
  CHECK_THAT(empty.output, Contains("wrote 0 orgs, 0 users"));

  const Run first = Ctl("directory import " + file + " --database " + db);
  INFO(first.output);
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.output, Contains("6 change(s) written"));
  const Run again = Ctl("directory import " + file + " --database " + db);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Contains("nothing to do"));
}

TEST_CASE("directory import: every bad row is named by row and column and nothing is written",
          "[incidentctl][directory]") {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("d.db");
  const std::string file = dir.File("bad.csv");
  Write(file, std::string(kHeader) +
                  "org,stp,Sở Tư pháp,STP,department,1,,,,,,,,,,,,,\n"
                  "org,syt,Sở Y tế,SYT,agency,1,,,,,,,,,,,,,\n"                               // row 3: kind
                  "user,,,,,,,a.b,Cán bộ A,nowhere,reporter,,,,,,,,\n"                       // row 4: org
                  "user,,,,,,,c.d,Cán bộ C,stp,boss,,,,,,,,\n"                               // row 5: roles
                  "focal_point,,,,,,,c.d,,stp,,,,,focal,Chuyên viên,31/02/2025,1/QĐ,\n");  // row 6: since
  const Run r = Ctl("directory import " + file + " --database " + db);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("row 3, column E (kind): must be one of department"));
  CHECK_THAT(r.output, Contains("row 4, column J (org): no org 'nowhere'"));
  CHECK_THAT(r.output, Contains("row 5, column K (roles): unknown role 'boss'"));
  CHECK_THAT(r.output, Contains("row 6, column Q (since): must be a date"));
  CHECK_THAT(r.output, Contains("nothing was written"));
  const Run e = Ctl("directory export " + dir.File("after.csv") + " --database " + db);
  CHECK_THAT(e.output, Contains("wrote 0 orgs, 0 users and 0 focal-point terms"));
}

TEST_CASE("directory export: the XLSX of a directory imports into an empty database as the same directory",
          "[incidentctl][directory]") {
  TempDir dir;
  const std::string first_db = "sqlite:" + dir.File("a.db"), second_db = "sqlite:" + dir.File("b.db");
  Write(dir.File("province.csv"), Province());
  REQUIRE(Ctl("directory import " + dir.File("province.csv") + " --database " + first_db).exit_code == 0);

  const Run x = Ctl("directory export " + dir.File("directory.xlsx") + " --database " + first_db);
  INFO(x.output);
  REQUIRE(x.exit_code == 0);
  CHECK_THAT(x.output, Contains("wrote 3 orgs, 2 users and 1 focal-point terms"));
  const Run in = Ctl("directory import " + dir.File("directory.xlsx") + " --database " + second_db);
  INFO(in.output);
  REQUIRE(in.exit_code == 0);

  REQUIRE(Ctl("directory export " + dir.File("a.csv") + " --database " + first_db).exit_code == 0);
  REQUIRE(Ctl("directory export " + dir.File("b.csv") + " --database " + second_db).exit_code == 0);
  const std::string a = Read(dir.File("a.csv"));
  CHECK(a == Read(dir.File("b.csv")));
  CHECK_THAT(a, Contains("\"Trần Thị Bình, chuyên viên\""));
  CHECK_THAT(a, Contains("+84900000003"));  // normalised on the way in
  CHECK_THAT(a, !Contains("pbkdf2"));       // never a password or its hash
}

TEST_CASE("directory import: a wrong file or command line exits 2", "[incidentctl][directory]") {
  TempDir dir;
  const std::string db = "sqlite:" + dir.File("d.db");
  Write(dir.File("d.txt"), "hello");
  CHECK_THAT(Ctl("directory import " + dir.File("d.txt") + " --database " + db).output, Contains(".csv or .xlsx"));
  CHECK(Ctl("directory import " + dir.File("d.txt") + " --database " + db).exit_code == 2);
  CHECK(Ctl("directory import " + dir.File("missing.csv") + " --database " + db).exit_code == 2);
  CHECK(Ctl("directory import").exit_code == 2);
  CHECK(Ctl("directory export " + dir.File("x.csv")).exit_code == 2);  // no --database
}

TEST_CASE("incidentctl verify checks the directory history's chain and names the edited event",
          "[incidentctl][directory]") {
  TempDir dir;
  const std::string path = dir.File("d.db");
  Write(dir.File("province.csv"), Province());
  REQUIRE(Ctl("directory import " + dir.File("province.csv") + " --database sqlite:" + path).exit_code == 0);
  const Run ok = Ctl("verify --no-citations --database sqlite:" + path);
  INFO(ok.output);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.output, Contains("OK: 6 directory events verified"));

  // What someone with write access to the file could do: drop the guard and edit.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const char* sql =
      "DROP TRIGGER IF EXISTS directory_events_append_only_update;"
      "UPDATE directory_events SET payload = replace(payload, 'Sở Tư pháp', 'Sở Khác') WHERE seq = 1;";
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
  const Run bad = Ctl("verify --no-citations --database sqlite:" + path);
  INFO(bad.output);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.output, Contains("FAIL directory history: directory event 1: hash does not match its content"));
}
