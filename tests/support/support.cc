#include "tests/support/support.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

namespace primer::test {

std::string fixtures_dir() {
  if (const char* env = std::getenv("PRIMER_FIXTURES"); env && *env) return env;
  return PRIMER_FIXTURES_DEFAULT;
}

std::string source_dir() {
  if (const char* env = std::getenv("PRIMER_SOURCE_DIR"); env && *env) return env;
  return PRIMER_SOURCE_DIR_DEFAULT;
}

bool in_ci() {
  const char* env = std::getenv("CI");
  return env && std::string(env) == "true";
}

std::optional<std::string> oracle(const char* name) {
  const char* env = std::getenv(name);
  if (!env || !*env || access(env, X_OK) != 0) return std::nullopt;
  return std::string(env);
}

value::Value yaml(const std::string& text) {
  return value::parse_yaml("test", text, {.numbers = value::Numbers::Typed});
}

std::string run_command(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    if (status) *status = -1;
    return out;
  }
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int rc = pclose(pipe);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

}  // namespace primer::test
