#pragma once
// JSON helpers for the black-box tests, over Poco::JSON values:
//  - Obj/Arr build request bodies;
//  - Canonical() writes JSON byte for byte like Python's
//    json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False);
//  - Sha256Hex() via Poco::SHA2Engine;
//  - VerifyHashChain() recomputes a ticket history's audit chain;
//  - RequireProblem() checks an RFC 9457 problem answer.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace e2e {

struct Response;

Poco::JSON::Object::Ptr Obj(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members);
Poco::JSON::Array::Ptr Arr(std::initializer_list<Poco::Dynamic::Var> items);
Poco::JSON::Array::Ptr StrArr(const std::vector<std::string>& items);
// A shallow copy of `o`, optionally without one key.
Poco::JSON::Object::Ptr CopyWithout(const Poco::JSON::Object::Ptr& o, const std::string& key = "");

std::string Canonical(const Poco::Dynamic::Var& v);
std::string Canonical(const Poco::JSON::Object::Ptr& o);
std::string CanonicalString(const std::string& s);

std::string Sha256Hex(const std::string& data);

// Field access that REQUIREs presence and type.
std::string Str(const Poco::JSON::Object::Ptr& o, const std::string& key);
long long Int(const Poco::JSON::Object::Ptr& o, const std::string& key);
bool Bool(const Poco::JSON::Object::Ptr& o, const std::string& key);
bool IsNull(const Poco::JSON::Object::Ptr& o, const std::string& key);  // present and null
Poco::JSON::Object::Ptr ObjAt(const Poco::JSON::Object::Ptr& o, const std::string& key);
Poco::JSON::Array::Ptr ArrAt(const Poco::JSON::Object::Ptr& o, const std::string& key);
std::vector<std::string> Strings(const Poco::JSON::Array::Ptr& a);
std::vector<Poco::JSON::Object::Ptr> Objects(const Poco::JSON::Array::Ptr& a);

// REQUIREs: the status, Content-Type application/problem+json, and a body with string
// `type` (starting with urn:datashare-incidents:problem: and, if given, ending with
// type_suffix), string `title`, integer `status` equal to the HTTP status, string `detail`.
// Returns the detail.
std::string RequireProblem(const Response& r, int status, const std::string& type_suffix = "");

// REQUIREs that `items` (a history, oldest first) forms a valid chain for the ticket:
// seq 1..n, ticket_id, first prev_hash 64 zeros, each prev_hash the previous hash, and
// hash = SHA-256(prev_hash + canonical JSON of the item without "hash").
void VerifyHashChain(const Poco::JSON::Array::Ptr& items, const std::string& ticket_id);

extern const std::string kZeroHash;
extern const std::string kProblemPrefix;

// "INC-2026-000042" -> 42; REQUIREs the format INC-YYYY-NNNNNN.
long long TicketNumber(const std::string& id);

}  // namespace e2e
