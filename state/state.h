// primer's state: what it applied to a cluster, so that reruns know what primer created and
// still owns (and may delete), and what it handed to Argo CD. Never a secret value: objects
// are recorded by identity, uid and digest. Stored by a Backend (state/backend.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/value.h"

namespace primer::state {

/// One object primer applied.
struct ObjectRecord {
  std::string api_version, kind, namespace_name, name;
  std::string uid;     // "" while pending
  std::string digest;  // plan::object_digest of what was applied; "" while pending
  bool hook = false;   // a Helm hook primer ran (deleted again by destroy when left behind)
  /// Written before the apply of its wave starts: the object may exist or not. A rerun
  /// treats it as primer's when the live object carries primer's field manager.
  bool pending = false;
  /// An object of the handoff (AppProject, repository Secret, Application) rather than the chart.
  bool handoff = false;
  bool operator==(const ObjectRecord&) const = default;
};

struct HandoffRecord {
  std::string application;  // "argocd/argocd": namespace/name of the self-managing Application
  std::string root;         // "argocd/root", "" when there is no root Application
  std::string at;           // RFC 3339 UTC time
  bool operator==(const HandoffRecord&) const = default;
};

struct Document {
  int format = 1;
  std::string lineage;      // a random UUID given at the first write, never changed
  std::int64_t serial = 0;  // incremented by every write
  std::string primer_version;
  std::string cluster;  // the cluster's identity (server URL, kube-system uid)
  std::string release_name, namespace_name;
  std::string chart_name, chart_version, chart_digest;
  std::string values_digest;  // sha256 of the user values as merged (never the values)
  std::string inputs_digest;  // plan::Plan::inputs_digest of the last apply
  /// The digest of every input of the last render (chart, values, release, capabilities,
  /// primer's version), and of what it rendered: with the handoff recorded, an unchanged
  /// render key stands for rendering again.
  std::string render_key, render_digest;
  std::string updated_at;  // RFC 3339 UTC
  std::vector<ObjectRecord> objects;
  std::optional<HandoffRecord> handoff;

  /// The record of (apiVersion's group, kind, namespace, name), or nullptr. The version is
  /// ignored: a Deployment is the same object as apps/v1 or apps/v1beta2.
  const ObjectRecord* find(std::string_view api_version, std::string_view kind,
                           std::string_view namespace_name, std::string_view name) const;
  bool operator==(const Document&) const = default;
};

/// The document as JSON (keys in a fixed order, pretty-printed).
std::string to_json(const Document& doc);
/// Reads a document; `input` names it in errors ("Secret argocd/primer-state-argocd").
/// Throws Error for malformed JSON, a missing lineage, or a newer format.
Document parse_document(std::string_view input, std::string_view text);

/// A new random lineage (UUID v4 text).
std::string new_lineage();
/// The current UTC time as RFC 3339 ("2026-11-26T21:14:03Z").
std::string now_rfc3339();

}  // namespace primer::state
