// Helpers shared by primer's tests: where the fixtures and oracles are, and whether a test
// that needs them may skip (never under CI=true).
#pragma once

#include <optional>
#include <string>

#include "value/value.h"

namespace primer::test {

/// The read-only fixtures folder: $PRIMER_FIXTURES, else the path configured at build time.
std::string fixtures_dir();
/// The repository's source folder (for tests/…/testdata).
std::string source_dir();
/// True when CI=true: tests needing fixtures or oracles must then fail, not skip.
bool in_ci();
/// The path in environment variable `name` (HELM4, HELM3, KUBECTL) if set and executable.
std::optional<std::string> oracle(const char* name);

/// Parses YAML test data with typed numbers (ints stay int64).
value::Value yaml(const std::string& text);

/// Runs a command through /bin/sh, capturing stdout; `status` receives the exit status.
std::string run_command(const std::string& command, int* status = nullptr);

}  // namespace primer::test

/// Skips the current test when `cond` is false, or fails it under CI=true.
#define PRIMER_REQUIRE(cond, why)                                   \
  do {                                                              \
    if (!(cond)) {                                                  \
      if (::primer::test::in_ci()) FAIL() << "required under CI=true: " << (why); \
      GTEST_SKIP() << (why);                                        \
    }                                                               \
  } while (0)
