#include "kube/discovery.h"

#include <algorithm>
#include <set>

#include "base/error.h"
#include "base/http.h"
#include "base/strings.h"
#include "value/value.h"

namespace primer::kube {
namespace {

using value::Value;

constexpr std::string_view kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

Value parse_body(std::string_view what, std::string_view body) {
  try {
    return value::parse_json(what, body, value::Numbers::Typed);
  } catch (const Error& e) {
    throw Error::wrap(std::string(what), e);
  }
}

std::string str(const Value& v, std::string_view key) {
  const Value* f = v.is_map() ? v.find(key) : nullptr;
  return f != nullptr && f->is_string() ? f->as_string() : "";
}

const value::List& list(const Value& v, std::string_view key) {
  static const value::List empty;
  const Value* f = v.is_map() ? v.find(key) : nullptr;
  return f != nullptr && f->is_list() ? f->as_list() : empty;
}

std::vector<std::string> strings(const Value& v, std::string_view key) {
  std::vector<std::string> out;
  for (const Value& s : list(v, key)) {
    if (s.is_string()) out.push_back(s.as_string());
  }
  return out;
}

// True when a Content-Type names the aggregated discovery document (parameters in any order).
bool is_aggregated(const Response& r) {
  auto it = r.headers.find("content-type");
  if (it == r.headers.end()) return false;
  std::set<std::string> params;
  for (const std::string& p : split(it->second, ";")) params.insert(std::string(trim(p)));
  return params.count("g=apidiscovery.k8s.io") && params.count("v=v2") &&
         params.count("as=APIGroupDiscoveryList");
}

Response get_ok(Transport& t, const std::string& path, std::string accept = "application/json") {
  Request r;
  r.path = path;
  r.accept = std::move(accept);
  Response resp = t.send(r);
  if (!resp.ok()) {
    throw Error("discovery: GET " + path + ": " + std::to_string(resp.status) + " " +
                std::string(http::reason_phrase(resp.status)));
  }
  return resp;
}

}  // namespace

bool ResourceInfo::has_verb(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

std::vector<ResourceInfo> parse_aggregated_discovery(std::string_view body,
                                                     std::vector<std::string>* group_versions) {
  Value doc = parse_body("APIGroupDiscoveryList", body);
  std::vector<ResourceInfo> out;
  for (const Value& group : list(doc, "items")) {
    const Value* meta = group.is_map() ? group.find("metadata") : nullptr;
    std::string name = meta != nullptr ? str(*meta, "name") : "";
    for (const Value& version : list(group, "versions")) {
      std::string v = str(version, "version");
      if (v.empty()) continue;
      if (group_versions) group_versions->push_back(name.empty() ? v : name + "/" + v);
      for (const Value& res : list(version, "resources")) {
        ResourceInfo info;
        info.group = name;
        info.version = v;
        info.resource = str(res, "resource");
        const Value* kind = res.is_map() ? res.find("responseKind") : nullptr;
        if (kind != nullptr) info.kind = str(*kind, "kind");
        info.namespaced = str(res, "scope") == "Namespaced";
        info.verbs = strings(res, "verbs");
        if (!info.resource.empty() && !info.kind.empty()) out.push_back(std::move(info));
      }
    }
  }
  return out;
}

std::vector<ResourceInfo> parse_resource_list(std::string_view group_version,
                                              std::string_view body) {
  Value doc = parse_body("APIResourceList " + std::string(group_version), body);
  std::string gv(group_version);
  size_t slash = gv.find('/');
  std::vector<ResourceInfo> out;
  for (const Value& res : list(doc, "resources")) {
    ResourceInfo info;
    info.group = slash == std::string::npos ? "" : gv.substr(0, slash);
    info.version = slash == std::string::npos ? gv : gv.substr(slash + 1);
    info.resource = str(res, "name");
    info.kind = str(res, "kind");
    const Value* ns = res.is_map() ? res.find("namespaced") : nullptr;
    info.namespaced = ns != nullptr && ns->is_bool() && ns->as_bool();
    info.verbs = strings(res, "verbs");
    if (info.resource.empty() || info.resource.find('/') != std::string::npos) continue;
    out.push_back(std::move(info));
  }
  return out;
}

Discovery::Discovery(Transport& transport) : transport_(transport) {}

void Discovery::load_locked() {
  ++fetches_;
  by_gvk_.clear();
  group_versions_.clear();
  std::vector<ResourceInfo> all;
  std::vector<Request> roots(2);
  roots[0].path = "/api";
  roots[1].path = "/apis";
  for (Request& r : roots) r.accept = std::string(kAggregatedAccept);
  std::vector<Outcome> got = transport_.send_all(roots);
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (!got[i].response) throw Error("discovery: " + got[i].error);
    if (!got[i].response->ok()) {
      throw Error("discovery: GET " + roots[i].path + ": " +
                  std::to_string(got[i].response->status) + " " +
                  std::string(http::reason_phrase(got[i].response->status)));
    }
  }
  // parity: client-go discovery_client.go: aggregated only if both /api and /apis are.
  aggregated_ = is_aggregated(*got[0].response) && is_aggregated(*got[1].response);
  if (aggregated_) {
    for (const Outcome& o : got) {
      auto part = parse_aggregated_discovery(o.response->body, &group_versions_);
      all.insert(all.end(), part.begin(), part.end());
    }
  } else {
    // Legacy: the group versions from /api and /apis, then one request each, concurrently.
    Value api =
        parse_body("APIVersions", is_aggregated(*got[0].response) ? get_ok(transport_, "/api").body
                                                                  : got[0].response->body);
    for (const std::string& v : strings(api, "versions")) group_versions_.push_back(v);
    Value apis = parse_body("APIGroupList", is_aggregated(*got[1].response)
                                                ? get_ok(transport_, "/apis").body
                                                : got[1].response->body);
    for (const Value& g : list(apis, "groups")) {
      for (const Value& v : list(g, "versions")) {
        std::string gv = str(v, "groupVersion");
        if (!gv.empty()) group_versions_.push_back(gv);
      }
    }
    std::vector<Request> each(group_versions_.size());
    for (std::size_t i = 0; i < each.size(); ++i) {
      const std::string& gv = group_versions_[i];
      each[i].path = (gv.find('/') == std::string::npos ? "/api/" : "/apis/") + gv;
    }
    std::vector<Outcome> lists = transport_.send_all(each);
    for (std::size_t i = 0; i < lists.size(); ++i) {
      // A group version that fails (an unavailable aggregated API) is left out, as
      // client-go's ErrGroupDiscoveryFailed lets the rest be used.
      if (!lists[i].response || !lists[i].response->ok()) continue;
      auto part = parse_resource_list(group_versions_[i], lists[i].response->body);
      all.insert(all.end(), part.begin(), part.end());
    }
  }
  for (ResourceInfo& info : all) {
    by_gvk_.emplace(std::make_pair(info.api_version(), info.kind), std::move(info));
  }
  loaded_ = true;
}

std::optional<ResourceInfo> Discovery::find(std::string_view api_version, std::string_view kind) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(std::string(api_version), std::string(kind));
  if (!loaded_) load_locked();
  if (auto it = by_gvk_.find(key); it != by_gvk_.end()) return it->second;
  load_locked();  // a CRD may have become Established since
  if (auto it = by_gvk_.find(key); it != by_gvk_.end()) return it->second;
  return std::nullopt;
}

ResourceInfo Discovery::resource_for(std::string_view api_version, std::string_view kind) {
  if (auto info = find(api_version, kind)) return *info;
  // parity: apimachinery meta.NoKindMatchError.Error
  throw Error("no matches for kind " + quote(kind) + " in version " + quote(api_version) +
              "; ensure CRDs are installed first");
}

void Discovery::invalidate() {
  std::lock_guard lock(mu_);
  loaded_ = false;
}

ServerVersion Discovery::server_version() {
  std::lock_guard lock(mu_);
  if (!version_) {
    Value v = parse_body("/version", get_ok(transport_, "/version").body);
    version_ = ServerVersion{str(v, "major"), str(v, "minor"), str(v, "gitVersion")};
  }
  return *version_;
}

std::vector<std::string> Discovery::api_versions() {
  std::lock_guard lock(mu_);
  if (!loaded_) load_locked();
  std::set<std::string> out(group_versions_.begin(), group_versions_.end());
  for (const auto& [key, info] : by_gvk_) out.insert(key.first + "/" + key.second);
  return {out.begin(), out.end()};
}

bool Discovery::aggregated() const {
  std::lock_guard lock(mu_);
  return aggregated_;
}

int Discovery::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

}  // namespace primer::kube
