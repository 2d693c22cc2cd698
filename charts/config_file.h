// primer.yaml, the part fetching needs: which chart to install. (The whole schema, values,
// cluster and handoff settings, belongs to issue 8, which extends this module.)
#pragma once

#include <string>

namespace primer::charts {

/// The `chart:` block of primer.yaml.
struct ChartConfig {
  std::string repo;     // repository URL; empty for oci:// or local charts
  std::string name;     // chart name, oci:// reference or local path
  std::string version;  // constraint or tag; "" = newest stable
};

struct Config {
  ChartConfig chart;
};

/// Reads primer.yaml at `path`. Throws Error located in the file for YAML errors, a missing
/// `chart.name` or fields of the wrong type.
Config read_config(const std::string& path);

}  // namespace primer::charts
