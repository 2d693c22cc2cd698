#include "charts/config_file.h"

#include "base/error.h"
#include "base/strings.h"
#include "value/value.h"

namespace primer::charts {

Config read_config(const std::string& path) {
  value::Value doc = value::parse_yaml(path, read_file(path), {.numbers = value::Numbers::Typed});
  Config config;
  if (doc.is_null()) throw Error(Where{path}, "chart.name is missing");
  if (!doc.is_map()) throw Error(Where{path}, "primer.yaml must be a YAML map");
  const value::Value* chart = doc.find("chart");
  if (chart == nullptr || !chart->is_map()) throw Error(Where{path}, "chart.name is missing");
  auto text = [&](const char* key) -> std::string {
    const value::Value* v = chart->find(key);
    if (v == nullptr || v->is_null()) return "";
    if (v->is_string()) return v->as_string();
    if (v->is_int()) return std::to_string(v->as_int());
    if (v->is_float()) return value::format_float(v->as_float());
    throw Error(Where{path}, std::string("chart.") + key + " must be a string");
  };
  config.chart.repo = text("repo");
  config.chart.name = text("name");
  config.chart.version = text("version");
  if (config.chart.name.empty()) throw Error(Where{path}, "chart.name is missing");
  return config;
}

}  // namespace primer::charts
