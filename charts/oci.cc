#include "charts/oci.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <filesystem>

#include "base/error.h"
#include "base/strings.h"
#include "charts/cache.h"
#include "charts/semver/semver.h"
#include "value/value.h"

namespace primer::charts {
namespace {

constexpr const char* kManifestAccept =
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

std::string base64_decode(std::string_view in) {
  std::string out(3 * ((in.size() + 3) / 4), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return "";
  size_t pad = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(pad, static_cast<size_t>(n)));
  return out;
}

std::string url_escape(std::string_view s) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<http::Auth> credentials_in(const std::string& path, std::string_view registry) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return std::nullopt;
  value::Value doc = value::parse_json(path, read_file(path));
  const value::Value* auths = doc.is_map() ? doc.find("auths") : nullptr;
  if (auths == nullptr || !auths->is_map()) return std::nullopt;
  for (const auto& [key, entry] : auths->as_map()) {
    std::string host = key;
    if (size_t scheme = host.find("://"); scheme != std::string::npos)
      host = host.substr(scheme + 3);
    if (size_t slash = host.find('/'); slash != std::string::npos) host.resize(slash);
    if (host != registry || !entry.is_map()) continue;
    const value::Value* auth = entry.find("auth");
    if (auth && auth->is_string() && !auth->as_string().empty()) {
      std::string pair = base64_decode(auth->as_string());
      size_t colon = pair.find(':');
      if (colon != std::string::npos)
        return http::Auth::basic(pair.substr(0, colon), pair.substr(colon + 1));
    }
    const value::Value* user = entry.find("username");
    const value::Value* pass = entry.find("password");
    if (user && pass && user->is_string() && pass->is_string()) {
      return http::Auth::basic(user->as_string(), pass->as_string());
    }
  }
  return std::nullopt;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

std::optional<http::Auth> registry_credentials(std::string_view registry) {
  std::string home = env_or("HOME", "");
  std::string config_home = env_or("XDG_CONFIG_HOME", home.empty() ? "" : home + "/.config");
  std::vector<std::string> files = {
      env_or("PRIMER_REGISTRY_CONFIG", ""),
      env_or("HELM_REGISTRY_CONFIG",
             config_home.empty() ? "" : config_home + "/helm/registry/config.json"),
      env_or("DOCKER_CONFIG", home.empty() ? "" : home + "/.docker") + "/config.json",
  };
  for (const std::string& f : files) {
    if (auto found = credentials_in(f, registry)) return found;
  }
  return std::nullopt;
}

OciClient::OciClient(const http::Client& client, http::Auth auth, bool plain_http)
    : client_(client), auth_(std::move(auth)), plain_http_(plain_http) {}

std::string OciClient::base(const Reference& ref) const {
  return std::string(plain_http_ ? "http" : "https") + "://" + ref.registry + "/v2/" +
         ref.repository;
}

http::Response OciClient::get(const std::string& url, const std::string& accept,
                              const http::ProgressFn& progress) {
  http::Request request;
  request.url = url;
  if (!accept.empty()) request.headers.push_back({"Accept", accept});
  request.progress = progress;
  if (token_) request.auth = *token_;
  http::Response response = client_.send(request);
  if (response.status != 401) return response;
  // The distribution auth flow: the challenge names a token endpoint (Bearer) or asks for
  // basic credentials.
  auto challenge = http::parse_challenge(response.header("www-authenticate").value_or(""));
  if (!challenge) return response;
  if (challenge->scheme == "basic") {
    if (auth_.kind == http::Auth::Kind::None) return response;
    request.auth = auth_;
    token_ = auth_;
    return client_.send(request);
  }
  if (challenge->scheme != "bearer" || challenge->params["realm"].empty()) return response;
  std::string token_url = challenge->params["realm"];
  std::string sep = token_url.find('?') == std::string::npos ? "?" : "&";
  if (!challenge->params["service"].empty()) {
    token_url += sep + "service=" + url_escape(challenge->params["service"]);
    sep = "&";
  }
  if (!challenge->params["scope"].empty()) {
    token_url += sep + "scope=" + url_escape(challenge->params["scope"]);
  }
  http::Request token_request;
  token_request.url = token_url;
  token_request.auth = auth_;
  http::Response token_response = client_.fetch(token_request);
  value::Value body = value::parse_json(http::redact_url(token_url), token_response.body);
  std::string token;
  for (const char* key : {"token", "access_token"}) {
    const value::Value* t = body.is_map() ? body.find(key) : nullptr;
    if (t && t->is_string() && !t->as_string().empty()) {
      token = t->as_string();
      break;
    }
  }
  if (token.empty()) throw Error(http::redact_url(token_url) + ": the token response has no token");
  token_ = http::Auth::bearer(token);
  request.auth = *token_;
  return client_.send(request);
}

OciChart OciClient::resolve(const Reference& ref) {
  OciChart out;
  std::string what = ref.describe();
  std::string reference = ref.digest;
  if (reference.empty()) {
    bool exact = false;
    if (!ref.version.empty()) {
      try {
        semver::Version::parse_strict(ref.version);
        exact = true;
      } catch (const Error&) {
        exact = false;
      }
    }
    if (exact) {
      out.tag = ref.version;
    } else {
      // parity: helm resolves a missing version or a constraint against the tag list,
      // newest semver first, with "_" standing for "+" in tags.
      http::Response tags = get(base(ref) + "/tags/list", "application/json");
      if (!tags.ok())
        throw Error(what + ": " +
                    http::status_message("GET", base(ref) + "/tags/list", tags.status));
      value::Value doc = value::parse_json(base(ref) + "/tags/list", tags.body);
      const value::Value* list = doc.is_map() ? doc.find("tags") : nullptr;
      semver::Constraints admitted =
          semver::Constraints::parse(ref.version.empty() ? "*" : ref.version);
      std::optional<semver::Version> best;
      std::vector<std::string> available;
      if (list && list->is_list()) {
        for (const value::Value& t : list->as_list()) {
          if (!t.is_string()) continue;
          std::string text = t.as_string();
          std::replace(text.begin(), text.end(), '_', '+');
          try {
            semver::Version v = semver::Version::parse(text);
            available.push_back(t.as_string());
            if (admitted.check(v) && (!best || *best < v)) {
              best = v;
              out.tag = t.as_string();
            }
          } catch (const Error&) {
          }
        }
      }
      if (!best) {
        throw Error(what + ": no tag matches " + quote(ref.version.empty() ? "*" : ref.version) +
                    " (available: " + join(available, ", ") + ")");
      }
    }
    reference = out.tag;
    std::replace(reference.begin(), reference.end(), '+', '_');
  }
  std::string manifest_url = base(ref) + "/manifests/" + reference;
  http::Response manifest = get(manifest_url, kManifestAccept);
  if (manifest.status == 404) throw Error(what + ": not found");
  if (!manifest.ok()) throw Error(http::status_message("GET", manifest_url, manifest.status));
  out.manifest_digest = "sha256:" + sha256_hex(manifest.body);
  if (!ref.digest.empty() && out.manifest_digest != ref.digest) {
    throw Error(what + ": manifest digest mismatch: got " + out.manifest_digest);
  }
  value::Value doc = value::parse_json(manifest_url, manifest.body);
  const value::Value* config = doc.is_map() ? doc.find("config") : nullptr;
  const value::Value* media = config && config->is_map() ? config->find("mediaType") : nullptr;
  if (media == nullptr || !media->is_string() || media->as_string() != kHelmConfigMediaType) {
    throw Error(what + ": not a Helm chart (config media type " +
                quote(media && media->is_string() ? media->as_string() : "") + ")");
  }
  const value::Value* layers = doc.find("layers");
  if (layers && layers->is_list()) {
    for (const value::Value& layer : layers->as_list()) {
      const value::Value* type = layer.is_map() ? layer.find("mediaType") : nullptr;
      const value::Value* digest = layer.is_map() ? layer.find("digest") : nullptr;
      if (type && type->is_string() && digest && digest->is_string() &&
          (type->as_string() == kHelmChartMediaType ||
           type->as_string() == "application/tar+gzip")) {
        out.layer_digest = digest->as_string();
        break;
      }
    }
  }
  if (!starts_with(out.layer_digest, "sha256:") || out.layer_digest.size() != 71) {
    throw Error(what + ": the manifest has no chart layer (" + std::string(kHelmChartMediaType) +
                ")");
  }
  out.layer_url = base(ref) + "/blobs/" + out.layer_digest;
  return out;
}

std::string OciClient::fetch_layer(const OciChart& chart, const http::ProgressFn& progress) {
  http::Response blob = get(chart.layer_url, "", progress);
  if (!blob.ok()) throw Error(http::status_message("GET", chart.layer_url, blob.status));
  std::string got = "sha256:" + sha256_hex(blob.body);
  if (got != chart.layer_digest) {
    throw Error(chart.layer_url + ": digest mismatch: the manifest lists " + chart.layer_digest +
                ", the download is " + got);
  }
  return std::move(blob.body);
}

}  // namespace primer::charts
