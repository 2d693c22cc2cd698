// The configuration of a bootstrap command: primer.yaml (or -config FILE) overlaid by the
// flags that were given, validated.
#pragma once

#include "bootstrap/args/args.h"
#include "bootstrap/config/config.h"

namespace primer::bootstrap::config {

/// Reads flags.config_file (an Error when it does not exist), else ./primer.yaml when it
/// exists, else starts from the defaults; then overlays every flag that was given (values
/// files and sets come after the file's; -chart replaces the whole chart block) and
/// validates the result (a chart is required only when `need_chart`). Settings given by a
/// flag are placed at the flag in Config::places.
Config load(const args::Bootstrap& flags, bool need_chart = true);

/// The overlay step of load(), without reading or validating: for callers that already
/// have a Config, and for tests.
void overlay(Config& config, const args::Bootstrap& flags);

}  // namespace primer::bootstrap::config
