// Folding and words for search (base/include/incidents/base/text_fold.h), and the search
// terms built on them (engine/ticket_search.h is tested with the stores; here only what
// base promises: that no word can carry a query operator).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "incidents/base/text_fold.h"

namespace incidents::testing {
namespace {

using base::FoldForSearch;
using base::SearchWords;
using V = std::vector<std::string>;

TEST_CASE("FoldForSearch lowers and drops every Vietnamese diacritic", "[base][search]") {
  CHECK(FoldForSearch("Sai Lệch DỮ LIỆU") == "sai lech du lieu");
  CHECK(FoldForSearch("Đường truyền ĐỨT") == "duong truyen dut");
  CHECK(FoldForSearch("ỳýỷỹỵ ƯỪỨỬỮỰ ơờớởỡợ") == "yyyyy uuuuuu oooooo");
  CHECK(FoldForSearch("Ñoño ç Ü") == "Ñoño ç Ü");  // not Vietnamese letters: kept as they are
  CHECK(FoldForSearch("a\xff" "b") == "a\xff" "b");
}

TEST_CASE("FoldForSearch folds decomposed text (a letter and its combining marks) like precomposed text",
          "[base][search]") {
  // "Sai lệch" typed as e + U+0323 (dot below) + U+0302 (circumflex).
  CHECK(FoldForSearch("Sai le\u0323\u0302ch") == "sai lech");
  CHECK(FoldForSearch("Sai le\u0323\u0302ch") == FoldForSearch("Sai lệch"));
  CHECK(SearchWords(FoldForSearch("du\u031B\u0303 lie\u0323\u0302u")) == V{"du", "lieu"});
}

TEST_CASE("SearchWords splits on spaces and punctuation, never keeping an operator or a quote", "[base][search]") {
  CHECK(SearchWords("sai lech") == V{"sai", "lech"});
  CHECK(SearchWords("  \"sai\" OR lech* -x +y (z) a:b ^c ~d {e} [f] 'g' h\\i j%k l_m n.o p|q ") ==
        V{"sai", "OR", "lech", "x", "y", "z", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
          "o", "p", "q"});
  CHECK(SearchWords("“sai” – lệch…") == V{"sai", "lệch"});  // Unicode quotes, dashes and ellipsis separate
  CHECK(SearchWords("lgsp2026 ĐKKD") == V{"lgsp2026", "ĐKKD"});
  CHECK(SearchWords("\xff" "ab\xfe") == V{"ab"});  // a malformed byte separates
  CHECK(SearchWords(" *** ").empty());
  CHECK(SearchWords("").empty());
  for (const std::string& w : SearchWords("a\"b'c*d(e)f:g^h-i+j<k>l@m~n;o,p=q!r?s#t&u$v`w/x|y\\z"))
    for (char ch : w) CHECK(((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')));
}

}  // namespace
}  // namespace incidents::testing
