#include "charts/reference.h"

#include <filesystem>

#include "base/error.h"
#include "base/strings.h"

namespace primer::charts {
namespace {

bool is_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Reference parse_oci(std::string_view chart, std::string_view version) {
  Reference r;
  r.kind = Reference::Kind::Oci;
  std::string_view rest = chart.substr(6);  // after oci://
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()) {
    throw Error(quote(chart) + " is not a valid OCI reference: want oci://HOST/PATH/NAME");
  }
  r.registry = std::string(rest.substr(0, slash));
  std::string repository(rest.substr(slash + 1));
  if (size_t at = repository.find('@'); at != std::string::npos) {
    r.digest = repository.substr(at + 1);
    repository.resize(at);
    if (!starts_with(r.digest, "sha256:") || r.digest.size() != 7 + 64 ||
        !is_hex(std::string_view(r.digest).substr(7))) {
      throw Error(quote(chart) + ": digest must be sha256: and 64 lower-case hex digits");
    }
  }
  size_t last = repository.rfind('/');
  size_t colon = repository.find(':', last == std::string::npos ? 0 : last);
  std::string tag;
  if (colon != std::string::npos) {
    tag = repository.substr(colon + 1);
    repository.resize(colon);
  }
  // parity: helm pull refuses a tag and a different --version
  // (pkg/registry: "chart reference and version mismatch").
  if (!tag.empty() && !version.empty() && tag != version) {
    throw Error("chart reference and version mismatch: " + std::string(version) + " is not " + tag);
  }
  r.repository = repository;
  r.name = repository.substr(repository.rfind('/') + 1);
  r.version = tag.empty() ? std::string(version) : tag;
  if (r.name.empty()) throw Error(quote(chart) + " is not a valid OCI reference: no chart name");
  return r;
}

}  // namespace

std::string Reference::describe() const {
  switch (kind) {
    case Kind::Local:
      return path;
    case Kind::Repo:
      return quote(name) + (version.empty() ? "" : " version " + quote(version)) + " from " +
             repo_url;
    case Kind::Oci: {
      std::string s = "oci://" + registry + "/" + repository;
      if (!version.empty()) s += ":" + version;
      if (!digest.empty()) s += "@" + digest;
      return s;
    }
  }
  return path;
}

Reference parse_reference(std::string_view chart, std::string_view repo, std::string_view version) {
  if (chart.empty()) throw Error("a chart is required");
  if (starts_with(chart, "oci://")) {
    if (!repo.empty()) throw Error("-repo cannot be used with an oci:// chart reference");
    return parse_oci(chart, version);
  }
  Reference r;
  if (!repo.empty()) {
    if (chart.find('/') != std::string_view::npos) {
      throw Error("with -repo, the chart is a name, not " + quote(chart));
    }
    r.kind = Reference::Kind::Repo;
    r.repo_url = std::string(repo);
    while (r.repo_url.size() > 1 && r.repo_url.back() == '/' && !ends_with(r.repo_url, "://")) {
      r.repo_url.pop_back();
    }
    r.name = std::string(chart);
    r.version = std::string(version);
    return r;
  }
  r.path = std::string(chart);
  std::error_code ec;
  bool exists = std::filesystem::exists(r.path, ec);
  size_t slash = chart.find('/');
  if (!exists && slash != std::string_view::npos && slash > 0 &&
      chart.find('/', slash + 1) == std::string_view::npos && !ends_with(chart, ".tgz") &&
      chart.front() != '.') {
    throw Error(quote(chart) +
                " looks like a repository chart (REPO/NAME); primer keeps no repository list: "
                "give the repository with -repo URL and the chart name");
  }
  return r;
}

}  // namespace primer::charts
