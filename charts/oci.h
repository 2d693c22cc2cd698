// Helm charts in OCI registries (the distribution API): tag resolution, manifest and blob
// fetch with Helm's media types, digests verified, and registry authentication (anonymous,
// basic, bearer tokens from a WWW-Authenticate challenge, credentials from a Docker-style
// config.json). No caching here; fetch.h caches the chart blob by digest.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/http.h"
#include "charts/reference.h"

namespace primer::charts {

inline constexpr std::string_view kHelmConfigMediaType = "application/vnd.cncf.helm.config.v1+json";
inline constexpr std::string_view kHelmChartMediaType =
    "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

/// The chart layer an OCI manifest points at.
struct OciChart {
  std::string tag;              // the tag resolved ("" when pinned by digest only)
  std::string manifest_digest;  // "sha256:HEX"
  std::string layer_digest;     // "sha256:HEX" of the chart archive
  std::string layer_url;        // where the blob is
};

/// Registry credentials for `registry` (HOST[:PORT]) from $PRIMER_REGISTRY_CONFIG, Helm's
/// registry config ($HELM_REGISTRY_CONFIG or ~/.config/helm/registry/config.json), then
/// Docker's ($DOCKER_CONFIG/config.json or ~/.docker/config.json). Throws Error for a config
/// file that is not JSON.
std::optional<http::Auth> registry_credentials(std::string_view registry);

class OciClient {
 public:
  /// `auth` is used for basic challenges and token requests (none: anonymous).
  OciClient(const http::Client& client, http::Auth auth, bool plain_http);
  /// Resolves `ref` to its manifest: the tag (exact version), the newest tag admitted by the
  /// constraint in ref.version, or the pinned digest. Throws Error naming the reference for a
  /// missing tag or manifest, a manifest that is not a Helm chart, or a digest mismatch.
  OciChart resolve(const Reference& ref);
  /// The chart layer's bytes, verified against its digest. Throws Error.
  std::string fetch_layer(const OciChart& chart, const http::ProgressFn& progress);

 private:
  http::Response get(const std::string& url, const std::string& accept,
                     const http::ProgressFn& progress = {});
  std::string base(const Reference& ref) const;

  const http::Client& client_;
  http::Auth auth_;
  bool plain_http_;
  std::optional<http::Auth> token_;  // a bearer token once a challenge was answered
};

}  // namespace primer::charts
