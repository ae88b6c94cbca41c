#pragma once
// WebAssets: the static web pages (web/ by default), read once at start-up and served
// from memory. The folder is small (a few dozen files), so holding it all keeps serving a
// map lookup: no file system access per request, hence no directory traversal, and the
// ETag of each file is computed once.
//
// Thread safety: Load() builds a value; afterwards every method is const and may be
// called from any thread.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace incidents::http {

struct WebAsset {
  std::string body;
  std::string content_type;  // from the extension, e.g. "text/javascript; charset=utf-8"
  std::string etag;          // strong validator, quoted: "\"<hex>\""
};

class WebAssets {
 public:
  // Nothing to serve (no web_root, or it could not be read).
  WebAssets() = default;

  // Reads every regular file under `root` (recursively; dot files and symbolic links are
  // skipped). On failure (no such folder, unreadable file, more than kMaxTotalBytes) the
  // result is empty and *error says why; an empty `root` is no error and serves nothing.
  static WebAssets Load(const std::string& root, std::string* error);

  // The file at `relative` ("index.html", "assets/app.js"), or nullptr.
  const WebAsset* Find(std::string_view relative) const;

  bool empty() const { return files_.empty(); }
  std::size_t size() const { return files_.size(); }

  static constexpr std::size_t kMaxTotalBytes = 32u << 20;

 private:
  std::map<std::string, WebAsset, std::less<>> files_;
};

// The Content-Type for a file name, by extension; "application/octet-stream" when unknown.
std::string ContentTypeFor(std::string_view file_name);

// True when an If-None-Match header value ("*", or a comma-separated list of entity tags,
// weak or strong) matches `etag` (weak comparison, RFC 9110 13.1.2).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace incidents::http
