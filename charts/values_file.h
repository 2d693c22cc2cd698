// Decoding a values file (a chart's values.yaml or a `-f` file) exactly as Helm does:
// YAML through JSON, so every number is a float64; helm 4 deep-merges every document of the
// file, helm 3 keeps the first. Knows nothing about coalescing or --set.
#pragma once

#include <string_view>

#include "charts/chart.h"
#include "value/value.h"

namespace primer::charts {

/// The values in `text` as a map (an empty file gives an empty map). `name` names the file in
/// errors. Throws Error located at name:line:column whose message is Helm's own wording
/// (helm 4.1.4 `loader.LoadValues`: "cannot unmarshal yaml document: …", "error reading yaml
/// document: …"; helm 3.17.3 `yaml.Unmarshal`), e.g. for a document that is not a map.
value::Value parse_values_file(std::string_view name, std::string_view text, Dialect dialect);

}  // namespace primer::charts
