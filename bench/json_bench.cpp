// json_bench: the project's one JSON parser (engine::ParseJson, strict: integers only,
// UTF-8 checked, depth 64) against Poco::JSON::Parser's parse step alone (which the HTTP
// adapter used before, and then still converted its Poco::Dynamic::Var tree into a
// JsonValue), on the bodies a client sends most: a comment and a new ticket. Also UTF-8
// validation of a long Vietnamese text (base::utf8::IsValid). One thread; MB/s and
// documents/s, best of three rounds of `seconds` each.
//
//   json_bench [--seconds S]

#include <Poco/JSON/Parser.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "incidents/base/utf8.h"
#include "incidents/engine/canonical_json.h"

namespace {

using Clock_ = std::chrono::steady_clock;

const std::string kComment =
    R"({"type":"comment","expected_version":7,"body":"Sở Tài nguyên và Môi trường đã rà soát lại dữ liệu đất đai của 3 xã; đề nghị Sở Tư pháp đối chiếu lại hộ tịch trước ngày 15."})";
const std::string kReport =
    R"({"category":"data_discrepancy","title":"Dữ liệu hộ tịch sai lệch giữa LGSP và hệ thống một cửa","description":"Từ ngày 02/12, số liệu khai sinh trên cổng LGSP không khớp với hệ thống một cửa điện tử của huyện Ninh Hải: 124 hồ sơ thiếu trường nơi sinh, 37 hồ sơ trùng số định danh.","priority":"high","parties":["stnmt","syt"],"service":"Hộ tịch điện tử"})";

template <class Fn>
double Rate(double seconds, Fn&& fn) {
  double best = 0;
  for (int round = 0; round < 3; ++round) {
    long n = 0;
    const auto start = Clock_::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    while (Clock_::now() < end)
      for (int i = 0; i < 256; ++i, ++n) fn();
    const double rate = n / std::chrono::duration<double>(Clock_::now() - start).count();
    if (rate > best) best = rate;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1;
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atof(argv[++i]);

  for (const auto& [name, body] : {std::pair{"comment", &kComment}, std::pair{"report", &kReport}}) {
    bool ok = true;
    const double engine = Rate(seconds, [&] { ok &= incidents::engine::ParseJson(*body).ok(); });
    const double poco = Rate(seconds, [&] {
      Poco::JSON::Parser parser;
      ok &= !parser.parse(*body).isEmpty();
    });
    std::printf("%s body (%zu bytes): engine::ParseJson %.0f docs/s, Poco::JSON::Parser (parse only) %.0f docs/s%s\n",
                name, body->size(), engine, poco, ok ? "" : " [PARSE FAILED]");
  }
  std::string text;
  while (text.size() < 1 << 20) text += "Dữ liệu hộ tịch sai lệch giữa hai hệ thống của hai sở trong tỉnh. ";
  bool valid = true;
  const double rate = Rate(seconds, [&] { valid &= incidents::base::utf8::IsValid(text); });
  std::printf("base::utf8::IsValid on %zu bytes of Vietnamese: %.0f MB/s%s\n", text.size(),
              rate * text.size() / 1e6, valid ? "" : " [INVALID?]");
  return 0;
}
