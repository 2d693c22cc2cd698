// Where a chart comes from: a local directory or .tgz, a Helm repository (`-repo URL` with a
// chart name and version constraint, https://, http:// or file://), or an OCI registry
// (`oci://HOST/PATH/NAME[:TAG|@sha256:DIGEST]`). Parsing only; fetch.h acts on it.
#pragma once

#include <string>
#include <string_view>

namespace primer::charts {

struct Reference {
  enum class Kind { Local, Repo, Oci };
  Kind kind = Kind::Local;
  std::string path;        // Local: the directory or archive
  std::string repo_url;    // Repo: the repository URL (index.yaml lives under it)
  std::string name;        // Repo and Oci: the chart name
  std::string version;     // Repo: a constraint ("" = newest stable); Oci: the tag
  std::string digest;      // Oci: "sha256:HEX" when pinned by digest
  std::string registry;    // Oci: HOST[:PORT]
  std::string repository;  // Oci: PATH/NAME
  /// How messages name it: the path, "NAME (VERSION) from URL", or the oci:// reference.
  std::string describe() const;
};

/// Reads a chart reference as `primer pull`/`render` take it: `chart` with optional `repo`
/// and `version` flags. Throws Error for an empty chart, a name with a slash given with a
/// repository, an OCI reference whose tag disagrees with `version`, a malformed digest, or a
/// repository-style name ("stable/x") without -repo (primer keeps no repositories.yaml).
Reference parse_reference(std::string_view chart, std::string_view repo = "",
                          std::string_view version = "");

}  // namespace primer::charts
