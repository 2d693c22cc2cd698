#include "charts/repo_index.h"

#include <algorithm>

#include "base/error.h"
#include "base/http.h"
#include "base/strings.h"
#include "charts/semver/semver.h"
#include "value/value.h"

namespace primer::charts {
namespace {

// A scalar field as text; YAML may have typed `version: 1` as a number.
std::string text_of(const value::Value* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return v->as_string();
  if (v->is_int()) return std::to_string(v->as_int());
  if (v->is_float()) return value::format_float(v->as_float());
  if (v->is_bool()) return v->as_bool() ? "true" : "false";
  return "";
}

bool is_semver(const std::string& s) {
  try {
    semver::Version::parse(s);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

RepoIndex RepoIndex::parse(std::string_view source, std::string_view text) {
  if (text.empty()) throw Error(Where{std::string(source)}, "empty index.yaml file");
  value::Value doc = value::parse_yaml(source, text, {.numbers = value::Numbers::Typed});
  if (!doc.is_map()) {
    throw Error(Where{std::string(source)}, "not a repository index (want a YAML map)");
  }
  if (text_of(doc.find("apiVersion")).empty()) {
    throw Error(Where{std::string(source)}, "no API version specified");
  }
  RepoIndex index;
  const value::Value* entries = doc.find("entries");
  if (entries == nullptr || !entries->is_map()) return index;
  for (const auto& [name, list] : entries->as_map()) {
    if (!list.is_list()) continue;
    std::vector<IndexEntry>& out = index.entries_[name];
    for (const value::Value& v : list.as_list()) {
      if (!v.is_map()) continue;  // parity: nil entries are skipped (loadIndex)
      IndexEntry e;
      e.name = text_of(v.find("name"));
      e.version = text_of(v.find("version"));
      e.app_version = text_of(v.find("appVersion"));
      e.digest = text_of(v.find("digest"));
      if (const value::Value* urls = v.find("urls"); urls && urls->is_list()) {
        for (const value::Value& u : urls->as_list()) e.urls.push_back(text_of(&u));
      }
      // parity: loadIndex drops entries failing Metadata.Validate (name, semver version).
      if (e.name.empty() || !is_semver(e.version)) continue;
      out.push_back(std::move(e));
    }
    // parity: SortEntries, newest first.
    std::stable_sort(out.begin(), out.end(), [](const IndexEntry& a, const IndexEntry& b) {
      return semver::Version::parse(b.version) < semver::Version::parse(a.version);
    });
  }
  return index;
}

const IndexEntry& RepoIndex::get(std::string_view name, std::string_view constraint,
                                 std::string_view repo) const {
  std::string what = "chart " + quote(name);
  if (!constraint.empty()) what += " version " + quote(constraint);
  std::string missing = what + " not found in " + std::string(repo) + " repository";
  auto it = entries_.find(name);
  if (it == entries_.end() || it->second.empty()) throw Error(missing);
  const std::vector<IndexEntry>& list = it->second;
  for (const IndexEntry& e : list) {
    if (!constraint.empty() && e.version == constraint) return e;
  }
  semver::Constraints admitted;
  try {
    admitted = semver::Constraints::parse(constraint.empty() ? "*" : constraint);
  } catch (const Error& e) {
    throw Error(missing + ": " + e.message());
  }
  for (const IndexEntry& e : list) {
    if (admitted.check(semver::Version::parse(e.version))) return e;
  }
  throw Error(missing + " (available: " + join(versions(name), ", ") + ")");
}

std::vector<std::string> RepoIndex::versions(std::string_view name) const {
  std::vector<std::string> out;
  auto it = entries_.find(name);
  if (it == entries_.end()) return out;
  for (const IndexEntry& e : it->second) out.push_back(e.version);
  return out;
}

std::string resolve_chart_url(std::string_view repo_url, std::string_view ref) {
  if (ref.find("://") != std::string_view::npos) return std::string(ref);
  // The repository URL is a directory: resolve against it with a trailing slash, and keep
  // its query (a signed URL's token) on the result.
  std::string base(repo_url);
  std::string query;
  if (size_t q = base.find('?'); q != std::string::npos) {
    query = base.substr(q);
    base.resize(q);
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  base += "/";
  std::string ref_path(ref);
  if (size_t q = ref_path.find('?'); q != std::string::npos) ref_path.resize(q);
  std::string resolved = http::resolve_url(base, ref_path);
  return resolved + query;
}

}  // namespace primer::charts
