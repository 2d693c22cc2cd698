// values.schema.json validation as Helm runs it after coalescing values: helm 4.1.4 through
// santhosh-tekuri/jsonschema v6, helm 3.17.3 through xeipuuv/gojsonschema, each with its own
// error wording. Only references inside the schema document are followed; nothing is fetched.
#pragma once

#include <string>
#include <vector>

#include "value/value.h"

namespace primer::charts {

/// Which Helm's validator, and so which keyword semantics and error wording, to reproduce.
enum class SchemaDialect { Helm4, Helm3 };

/// One chart's schema and the coalesced values it must accept.
struct SchemaCheck {
  std::string chart;        // the chart's name, heading its errors
  std::string schema_text;  // the contents of its values.schema.json
  value::Value values;      // the chart's coalesced values (a subchart: its section)
};

/// The errors Helm lists under the chart's heading ("CHART:\n- …\n"), or "" when the values
/// are valid. An unreadable schema or a reference that cannot be resolved gives Helm's
/// message for it under the heading instead.
std::string schema_report(const SchemaCheck& check, SchemaDialect dialect);

/// Validates every check in order (parent first, then subcharts, as Helm walks them). Throws
/// Error with Helm's whole message, "values don't meet the specifications of the schema(s) in
/// the following chart(s):\n" followed by each failing chart's report.
void validate_values(const std::vector<SchemaCheck>& checks, SchemaDialect dialect);

}  // namespace primer::charts
