// MaskPhone, MaskEmail, MaskRecipient, MaskPersonalData (notifications/masking.h).

#include <catch2/catch.hpp>

#include "incidents/notifications/masking.h"

using namespace incidents::notifications;

TEST_CASE("MaskPhone keeps the country code, two digits and the last three", "[masking]") {
  CHECK(MaskPhone("+84900000001") == "+8490****001");
  CHECK(MaskPhone("+84 90 000 0001") == "+8490****001");
  CHECK(MaskPhone("+84-259-3822-123") == "+8425****123");
  CHECK(MaskPhone("0900000001") == "0900****001");
  CHECK(MaskPhone("+8412") == "+****");
  CHECK(MaskPhone("") == "****");
}

TEST_CASE("MaskEmail keeps the first character and the domain", "[masking]") {
  CHECK(MaskEmail("focal@stp.ninhthuan.example") == "f***@stp.ninhthuan.example");
  CHECK(MaskEmail("a@b.example") == "a***@b.example");
  CHECK(MaskEmail("@b.example") == "***@b.example");
  CHECK(MaskEmail("no-at-sign") == "***");
  CHECK(MaskEmail("đầumối@stp.example") == "đ***@stp.example");  // a whole UTF-8 character
}

TEST_CASE("MaskRecipient picks by shape", "[masking]") {
  CHECK(MaskRecipient("focal@stp.ninhthuan.example") == "f***@stp.ninhthuan.example");
  CHECK(MaskRecipient("+84900000001") == "+8490****001");
  CHECK(MaskRecipient("+84 900 000 001") == "+8490****001");
  CHECK(MaskRecipient("Nguyễn Văn A") == "***");
  CHECK(MaskRecipient("") == "***");
}

TEST_CASE("MaskPersonalData masks addresses and phone numbers inside text", "[masking]") {
  CHECK(MaskPersonalData("Recipient rejected: <focal@stp.ninhthuan.example>: 550 5.1.1 unknown") ==
        "Recipient rejected: <f***@stp.ninhthuan.example>: 550 5.1.1 unknown");
  CHECK(MaskPersonalData("{\"error\":\"+84900000001 is not reachable\"}") ==
        "{\"error\":\"+8490****001 is not reachable\"}");
  CHECK(MaskPersonalData("call 0900000001 now") == "call 0900****001 now");
  // Ticket ids, reply codes, short numbers and hex ids are not personal data.
  const std::string kept = "INC-2026-000001 450 4.3.0 queued as 4F2A9B1C0D12345678, port 2525";
  CHECK(MaskPersonalData(kept) == kept);
  CHECK(MaskPersonalData("no @ here, @ alone") == "no @ here, @ alone");
  CHECK(MaskPersonalData("key INC-2026-000001/1/email/focal@stp") == "key INC-2026-000001/1/email/f***@stp");
}
