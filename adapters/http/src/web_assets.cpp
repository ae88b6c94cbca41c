#include "web_assets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "incidents/base/sha256.h"

namespace incidents::http {

namespace fs = std::filesystem;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// True when some part of the path relative to the root starts with a dot (".git",
// ".DS_Store"): such files are never served.
bool Hidden(const fs::path& relative) {
  for (const auto& part : relative)
    if (!part.empty() && part.native().front() == '.') return true;
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ContentTypeFor(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  const std::string ext = dot == std::string_view::npos ? std::string() : Lower(file_name.substr(dot + 1));
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"webmanifest", "application/manifest+json"},
      {"map", "application/json; charset=utf-8"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool EtagMatches(std::string_view header, std::string_view etag) {
  auto opaque = [](std::string_view tag) {
    if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/') tag.remove_prefix(2);
    return tag;
  };
  const std::string_view want = opaque(etag);
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = Trim(header.substr(0, comma));
    if (item == "*" || (!item.empty() && opaque(item) == want)) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

WebAssets WebAssets::Load(const std::string& root, std::string* error) {
  WebAssets out;
  if (error) error->clear();
  if (root.empty()) return out;
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    return WebAssets();
  };
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return fail("web root '" + root + "' is not a folder");
  std::size_t total = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  if (ec) return fail("cannot read web root '" + root + "': " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return fail("cannot read web root '" + root + "': " + ec.message());
    const fs::path relative = fs::relative(it->path(), root, ec);
    if (ec) return fail("cannot read web root '" + root + "': " + ec.message());
    if (it->is_symlink(ec) || Hidden(relative)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) return fail("cannot read " + it->path().string());
    std::ostringstream text;
    text << in.rdbuf();
    WebAsset asset;
    asset.body = std::move(text).str();
    total += asset.body.size();
    if (total > kMaxTotalBytes)
      return fail("web root '" + root + "' holds more than " + std::to_string(kMaxTotalBytes) + " bytes");
    asset.content_type = ContentTypeFor(relative.filename().string());
    asset.etag = "\"" + base::Sha256Hex(asset.body).substr(0, 32) + "\"";
    out.files_.emplace(relative.generic_string(), std::move(asset));
  }
  return out;
}

const WebAsset* WebAssets::Find(std::string_view relative) const {
  auto it = files_.find(relative);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace incidents::http
