// FoldToGsm7, IsGsm7, CountSegments and ShortenToSegments (notifications/sms_text.h).

#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "incidents/notifications/sms_text.h"

using namespace incidents::notifications;

namespace {

// The Vietnamese alphabet's vowels, written out by hand: each row is one vowel with the
// six tones in the order none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde),
// nặng (dot below), and the letter every form must fold to.
struct VowelRow {
  std::array<const char*, 6> forms;
  const char* folded;
};

const VowelRow kLower[] = {
    {{"a", "à", "á", "ả", "ã", "ạ"}, "a"}, {{"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}, "a"},
    {{"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, "a"}, {{"e", "è", "é", "ẻ", "ẽ", "ẹ"}, "e"},
    {{"ê", "ề", "ế", "ể", "ễ", "ệ"}, "e"}, {{"i", "ì", "í", "ỉ", "ĩ", "ị"}, "i"},
    {{"o", "ò", "ó", "ỏ", "õ", "ọ"}, "o"}, {{"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}, "o"},
    {{"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, "o"}, {{"u", "ù", "ú", "ủ", "ũ", "ụ"}, "u"},
    {{"ư", "ừ", "ứ", "ử", "ữ", "ự"}, "u"}, {{"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}, "y"},
};

const VowelRow kUpper[] = {
    {{"A", "À", "Á", "Ả", "Ã", "Ạ"}, "A"}, {{"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"}, "A"},
    {{"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}, "A"}, {{"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"}, "E"},
    {{"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}, "E"}, {{"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"}, "I"},
    {{"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}, "O"}, {{"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"}, "O"},
    {{"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}, "O"}, {{"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"}, "U"},
    {{"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}, "U"}, {{"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"}, "Y"},
};

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("FoldToGsm7 folds every Vietnamese vowel with every tone, both cases", "[sms_text]") {
  int checked = 0;
  for (const auto* table : {kLower, kUpper}) {
    for (int row = 0; row < 12; ++row) {
      for (const char* form : table[row].forms) {
        INFO("letter " << form);
        CHECK(FoldToGsm7(form) == table[row].folded);
        CHECK(IsGsm7(FoldToGsm7(form)));
        ++checked;
      }
    }
  }
  CHECK(checked == 144);  // 12 vowels x 6 tones x 2 cases
}

TEST_CASE("FoldToGsm7 maps đ and Đ to d and D", "[sms_text]") {
  CHECK(FoldToGsm7("đ") == "d");
  CHECK(FoldToGsm7("Đ") == "D");
  CHECK(FoldToGsm7("Đường dây nóng đã được đăng ký") == "Duong day nong da duoc dang ky");
}

TEST_CASE("FoldToGsm7 folds whole Vietnamese sentences", "[sms_text]") {
  CHECK(FoldToGsm7("[INC-2026-000001] Phiếu sự cố mới: Dữ liệu hộ tịch bị sai lệch") ==
        "[INC-2026-000001] Phieu su co moi: Du lieu ho tich bi sai lech");
  CHECK(FoldToGsm7("SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH NINH THUẬN") == "SO THONG TIN VA TRUYEN THONG TINH NINH THUAN");
  CHECK(FoldToGsm7("Chủ tịch Ủy ban nhân dân tỉnh quyết định") == "Chu tich Uy ban nhan dan tinh quyet dinh");
}

TEST_CASE("FoldToGsm7 removes decomposed (NFD) diacritics too", "[sms_text]") {
  // "Việt" as V i e U+0302 U+0323 t, and "Đà" as Đ a U+0300.
  CHECK(FoldToGsm7("Vie\xCC\x82\xCC\xA3t") == "Viet");
  CHECK(FoldToGsm7("\xC4\x90" "a\xCC\x80") == "Da");
}

TEST_CASE("FoldToGsm7 maps typographic punctuation to ASCII", "[sms_text]") {
  CHECK(FoldToGsm7("“Trích dẫn” và ‘nháy đơn’") == "\"Trich dan\" va 'nhay don'");
  CHECK(FoldToGsm7("A – B — C") == "A - B - C");
  CHECK(FoldToGsm7("Chờ…") == "Cho...");
  CHECK(FoldToGsm7("50\u00A0000\u00A0đồng") == "50 000 dong");
  CHECK(FoldToGsm7("tab\there") == "tab here");
  CHECK(FoldToGsm7("line1\r\nline2\rline3") == "line1\nline2\nline3");
  CHECK(FoldToGsm7("zero\u200Bwidth") == "zerowidth");
  CHECK(FoldToGsm7("`code`") == "'code'");
  CHECK(FoldToGsm7("10 €") == "10 EUR");
}

TEST_CASE("FoldToGsm7 replaces what it cannot fold with '?'", "[sms_text]") {
  CHECK(FoldToGsm7("漢字") == "??");
  CHECK(FoldToGsm7("ok 👍") == "ok ?");
  CHECK(FoldToGsm7("bad \xFF byte") == "bad ? byte");
  CHECK(FoldToGsm7("bell\a") == "bell?");
  // ASCII that GSM-7 has (including the extension characters) stays as it is.
  const std::string ascii = "Hello @ $ _ # % & ^ { } [ ] ~ \\ | < > = +84 900 000 001!";
  CHECK(FoldToGsm7(ascii) == ascii);
}

TEST_CASE("FoldToGsm7 output is always GSM-7", "[sms_text]") {
  const std::string mixed = "Ồ! “Đặc biệt” — ½ 漢 ß Ñ ø € ` \t 👍 \xC3";
  CHECK(IsGsm7(FoldToGsm7(mixed)));
}

TEST_CASE("IsGsm7", "[sms_text]") {
  CHECK(IsGsm7(""));
  CHECK(IsGsm7("Phieu su co moi: INC-2026-000001"));
  CHECK(IsGsm7("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà"));
  CHECK(IsGsm7("^{}\\[~]|€"));
  CHECK(IsGsm7("line\nbreak"));
  CHECK_FALSE(IsGsm7("Phiếu"));  // ế is not in GSM-7 (é is)
  CHECK_FALSE(IsGsm7("đ"));
  CHECK_FALSE(IsGsm7("`"));
  CHECK_FALSE(IsGsm7("tab\t"));
  CHECK_FALSE(IsGsm7("\xFF"));
}

TEST_CASE("CountSegments, GSM-7: 160 in one, then 153 per part", "[sms_text]") {
  CHECK(CountSegments("", false) == 1);
  CHECK(CountSegments("x", false) == 1);
  CHECK(CountSegments(Repeat("a", 160), false) == 1);
  CHECK(CountSegments(Repeat("a", 161), false) == 2);
  CHECK(CountSegments(Repeat("a", 153 * 2), false) == 2);
  CHECK(CountSegments(Repeat("a", 153 * 2 + 1), false) == 3);
  CHECK(CountSegments(Repeat("a", 153 * 3), false) == 3);
  CHECK(CountSegments(Repeat("a", 153 * 3 + 1), false) == 4);
  // Non-ASCII GSM-7 letters are one septet each.
  CHECK(CountSegments(Repeat("é", 160), false) == 1);
}

TEST_CASE("CountSegments, GSM-7: extension characters count two septets", "[sms_text]") {
  CHECK(CountSegments(Repeat("a", 158) + "{", false) == 1);   // 160 septets
  CHECK(CountSegments(Repeat("a", 159) + "{", false) == 2);   // 161 septets
  CHECK(CountSegments(Repeat("€", 80), false) == 1);          // 160
  CHECK(CountSegments(Repeat("€", 81), false) == 2);          // 162
  for (const char* ext : {"^", "{", "}", "[", "]", "~", "\\", "|", "€"}) {
    INFO("extension character " << ext);
    CHECK(CountSegments(Repeat("a", 159) + ext, false) == 2);
    CHECK(CountSegments(Repeat("a", 158) + ext, false) == 1);
  }
  // An escape pair is never split between parts: after 152 septets "[" does not fit in
  // the first part's 153, so it moves to the second.
  CHECK(CountSegments(Repeat("a", 152) + "[" + Repeat("a", 151), false) == 2);  // 152 | 2+151
  // 306 septets would be two parts of 153, but not with the pair kept whole.
  CHECK(CountSegments(Repeat("a", 152) + "[" + Repeat("a", 152), false) == 3);  // 152 | 153 | 1
}

TEST_CASE("CountSegments, UCS-2: 70 in one, then 67 per part", "[sms_text]") {
  CHECK(CountSegments("", true) == 1);
  CHECK(CountSegments(Repeat("ế", 70), true) == 1);
  CHECK(CountSegments(Repeat("ế", 71), true) == 2);
  CHECK(CountSegments(Repeat("ế", 67 * 2), true) == 2);
  CHECK(CountSegments(Repeat("ế", 67 * 2 + 1), true) == 3);
  CHECK(CountSegments(Repeat("a", 70), true) == 1);
  CHECK(CountSegments(Repeat("a", 71), true) == 2);
  // A character outside the BMP is two UTF-16 code units (a surrogate pair).
  CHECK(CountSegments(Repeat("👍", 35), true) == 1);
  CHECK(CountSegments(Repeat("👍", 35) + "a", true) == 2);
  // ...and is not split: 66 units + a pair does not fit in 67.
  CHECK(CountSegments(Repeat("a", 66) + "👍" + Repeat("a", 65), true) == 2);  // 66 | 2+65
  CHECK(CountSegments(Repeat("a", 66) + "👍" + Repeat("a", 66), true) == 3);  // 134 units, yet 66 | 67 | 1
}

TEST_CASE("ShortenToSegments keeps a text that fits", "[sms_text]") {
  const std::string text = Repeat("a", 160);
  CHECK(ShortenToSegments(text, 1, false) == text);
  CHECK(ShortenToSegments("", 1, false) == "");
  CHECK(ShortenToSegments(Repeat("ế", 70), 1, true) == Repeat("ế", 70));
}

TEST_CASE("ShortenToSegments cuts at a word boundary and adds '...' (GSM-7)", "[sms_text]") {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "word" + std::to_string(i) + " ";  // ~400 characters
  for (int max = 1; max <= 2; ++max) {
    const std::string s = ShortenToSegments(text, max, false);
    INFO(s);
    CHECK(CountSegments(s, false) <= max);
    REQUIRE(s.size() > 3);
    CHECK(s.substr(s.size() - 3) == "...");
    // The part before the ellipsis is a whole number of words of the original.
    const std::string kept = s.substr(0, s.size() - 3);
    CHECK(text.compare(0, kept.size(), kept) == 0);
    CHECK(text[kept.size()] == ' ');
    // And it is the longest such prefix: one more word would not fit.
    const std::size_t next_end = text.find(' ', kept.size() + 1);
    CHECK(CountSegments(text.substr(0, next_end) + "...", false) > max);
  }
  CHECK(ShortenToSegments(text, 1, false).size() <= 160);
}

TEST_CASE("ShortenToSegments uses '…' in UCS-2", "[sms_text]") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Phiếu sự cố ";
  const std::string s = ShortenToSegments(text, 1, true);
  INFO(s);
  CHECK(CountSegments(s, true) == 1);
  CHECK(s.substr(s.size() - 3) == "…");
  const std::string kept = s.substr(0, s.size() - 3);
  CHECK(text.compare(0, kept.size(), kept) == 0);
  CHECK(text[kept.size()] == ' ');
}

TEST_CASE("ShortenToSegments drops trailing punctuation before the ellipsis", "[sms_text]") {
  const std::string text = Repeat("a", 150) + ", " + Repeat("b", 20);
  CHECK(ShortenToSegments(text, 1, false) == Repeat("a", 150) + "...");
}

TEST_CASE("ShortenToSegments cuts inside a word only when one word is too long, with the ellipsis", "[sms_text]") {
  const std::string word = Repeat("x", 400);
  const std::string s = ShortenToSegments(word, 1, false);
  CHECK(s == Repeat("x", 157) + "...");
  // In UCS-2 it never splits a UTF-8 character.
  const std::string s2 = ShortenToSegments(Repeat("ế", 100), 1, true);
  CHECK(s2 == Repeat("ế", 69) + "…");
}

TEST_CASE("ShortenToSegments respects extension characters", "[sms_text]") {
  // 40 '{' are 80 septets, 45 '}' are 90: too long for one SMS; the cut is at the space.
  const std::string text = Repeat("{", 40) + " " + Repeat("}", 45);
  const std::string s = ShortenToSegments(text, 1, false);
  CHECK(s == Repeat("{", 40) + "...");
  CHECK(CountSegments(s, false) == 1);
}
