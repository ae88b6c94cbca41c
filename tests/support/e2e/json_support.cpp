#include "json_support.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <regex>

#include "http_client.h"

namespace e2e {

const std::string kZeroHash(64, '0');
const std::string kProblemPrefix = "urn:datashare-incidents:problem:";

Poco::JSON::Object::Ptr Obj(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  for (const auto& [k, v] : members) o->set(k, v);
  return o;
}

Poco::JSON::Array::Ptr Arr(std::initializer_list<Poco::Dynamic::Var> items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& v : items) a->add(v);
  return a;
}

Poco::JSON::Array::Ptr StrArr(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
  for (const auto& v : items) a->add(v);
  return a;
}

Poco::JSON::Object::Ptr CopyWithout(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  for (const auto& [k, v] : *o)
    if (k != key) out->set(k, v);
  return out;
}

std::string CanonicalString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

namespace {

void Write(const Poco::Dynamic::Var& v, std::string& out) {
  if (v.isEmpty()) {
    out += "null";
  } else if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto o = v.extract<Poco::JSON::Object::Ptr>();
    if (o.isNull()) {
      out += "null";
      return;
    }
    std::vector<std::string> keys;
    for (const auto& [k, val] : *o) keys.push_back(k);
    std::sort(keys.begin(), keys.end());  // UTF-8 byte order = code point order
    out += '{';
    bool first = true;
    for (const auto& k : keys) {
      if (!first) out += ',';
      first = false;
      out += CanonicalString(k);
      out += ':';
      Write(o->get(k), out);
    }
    out += '}';
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    if (a.isNull()) {
      out += "null";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (i) out += ',';
      Write(a->get(static_cast<unsigned>(i)), out);
    }
    out += ']';
  } else if (v.type() == typeid(Poco::JSON::Object)) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(v.extract<Poco::JSON::Object>());
    Write(Poco::Dynamic::Var(o), out);
  } else if (v.type() == typeid(Poco::JSON::Array)) {
    Poco::JSON::Array::Ptr a = new Poco::JSON::Array(v.extract<Poco::JSON::Array>());
    Write(Poco::Dynamic::Var(a), out);
  } else if (v.type() == typeid(bool)) {
    out += v.extract<bool>() ? "true" : "false";
  } else if (v.isString()) {
    out += CanonicalString(v.convert<std::string>());
  } else if (v.isInteger()) {
    if (v.isSigned()) out += std::to_string(v.convert<Poco::Int64>());
    else out += std::to_string(v.convert<Poco::UInt64>());
  } else {
    FAIL("Canonical(): unsupported JSON value (a fraction?): " << v.toString());
  }
}

}  // namespace

std::string Canonical(const Poco::Dynamic::Var& v) {
  std::string out;
  Write(v, out);
  return out;
}

std::string Canonical(const Poco::JSON::Object::Ptr& o) { return Canonical(Poco::Dynamic::Var(o)); }

std::string Sha256Hex(const std::string& data) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string Str(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  INFO("field '" << key << "' in " << Canonical(o));
  REQUIRE(o->has(key));
  const auto v = o->get(key);
  REQUIRE(v.isString());
  return v.convert<std::string>();
}

long long Int(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  INFO("field '" << key << "' in " << Canonical(o));
  REQUIRE(o->has(key));
  const auto v = o->get(key);
  REQUIRE(v.isInteger());
  return v.convert<Poco::Int64>();
}

bool Bool(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  INFO("field '" << key << "' in " << Canonical(o));
  REQUIRE(o->has(key));
  const auto v = o->get(key);
  REQUIRE(v.type() == typeid(bool));
  return v.extract<bool>();
}

bool IsNull(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return o->has(key) && o->get(key).isEmpty();
}

Poco::JSON::Object::Ptr ObjAt(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  INFO("field '" << key << "' in " << Canonical(o));
  REQUIRE(o->has(key));
  REQUIRE(o->get(key).type() == typeid(Poco::JSON::Object::Ptr));
  return o->getObject(key);
}

Poco::JSON::Array::Ptr ArrAt(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  INFO("field '" << key << "' in " << Canonical(o));
  REQUIRE(o->has(key));
  REQUIRE(o->get(key).type() == typeid(Poco::JSON::Array::Ptr));
  return o->getArray(key);
}

std::vector<std::string> Strings(const Poco::JSON::Array::Ptr& a) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto v = a->get(static_cast<unsigned>(i));
    INFO("item " << i << " of " << Canonical(Poco::Dynamic::Var(a)));
    REQUIRE(v.isString());
    out.push_back(v.convert<std::string>());
  }
  return out;
}

std::vector<Poco::JSON::Object::Ptr> Objects(const Poco::JSON::Array::Ptr& a) {
  std::vector<Poco::JSON::Object::Ptr> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    INFO("item " << i << " of " << Canonical(Poco::Dynamic::Var(a)));
    REQUIRE(a->get(static_cast<unsigned>(i)).type() == typeid(Poco::JSON::Object::Ptr));
    out.push_back(a->getObject(static_cast<unsigned>(i)));
  }
  return out;
}

std::string RequireProblem(const Response& r, int status, const std::string& type_suffix) {
  INFO("response: " << r.Describe());
  REQUIRE(r.status == status);
  const std::string ct = r.ContentType();
  CHECK(ct.rfind("application/problem+json", 0) == 0);
  const auto o = r.Object();
  const std::string type = Str(o, "type");
  CHECK(type.rfind(kProblemPrefix, 0) == 0);
  if (!type_suffix.empty()) {
    INFO("problem type " << type << " should end with " << type_suffix);
    CHECK((type.size() >= type_suffix.size() &&
           type.compare(type.size() - type_suffix.size(), type_suffix.size(), type_suffix) == 0));
  }
  CHECK(!Str(o, "title").empty());
  CHECK(Int(o, "status") == status);
  const std::string detail = Str(o, "detail");
  CHECK(!detail.empty());
  return detail;
}

void VerifyHashChain(const Poco::JSON::Array::Ptr& items, const std::string& ticket_id) {
  std::string prev = kZeroHash;
  const auto events = Objects(items);
  REQUIRE(!events.empty());
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    INFO("history item " << i << ": " << Canonical(e));
    CHECK(Int(e, "seq") == static_cast<long long>(i + 1));
    if (e->has("ticket_id")) CHECK(Str(e, "ticket_id") == ticket_id);
    REQUIRE(Str(e, "prev_hash") == prev);
    const std::string hash = Str(e, "hash");
    const std::string text = Canonical(CopyWithout(e, "hash"));
    INFO("canonical text: " << text);
    REQUIRE(Sha256Hex(prev + text) == hash);
    prev = hash;
  }
}

long long TicketNumber(const std::string& id) {
  static const std::regex kId(R"(INC-(\d{4})-(\d{6}))");
  std::smatch m;
  INFO("ticket id " << id);
  REQUIRE(std::regex_match(id, m, kId));
  return std::stoll(m[2].str());
}

}  // namespace e2e
