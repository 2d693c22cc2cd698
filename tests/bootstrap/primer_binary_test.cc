// The built `primer` executable: exit codes as a shell or a pipeline sees them.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/support.h"

namespace primer::bootstrap {
namespace {

struct BinaryCase {
  const char* name;  // the rule this case pins
  const char* args;  // appended to the command line; stderr is merged into stdout
  int exit_code;
  std::string output;
};

const BinaryCase kBinaryCases[] = {
    {"version succeeds", "version", 0, std::string("primer ") + PRIMER_VERSION + "\n"},
    {"--version -json succeeds", "--version -json", 0,
     std::string("{\"version\":\"") + PRIMER_VERSION + "\"}\n"},
    {"unknown command fails with 1", "verison", 1,
     "primer: unknown command \"verison\". Did you mean \"version\"?\n"
     "\nTo see all of primer's commands, run:\n  primer help\n"},
    {"unknown flag fails with 1", "version -jsn", 1,
     "Error: unknown flag \"-jsn\". Did you mean \"-json\"?\n"
     "\nFor more help on using this command, run:\n  primer version -help\n"},
};

TEST(PrimerBinary, ExitCodes) {
  for (const BinaryCase& c : kBinaryCases) {
    SCOPED_TRACE(c.name);
    int status = -1;
    std::string got =
        test::run_command(std::string("'") + PRIMER_BINARY + "' " + c.args + " 2>&1", &status);
    EXPECT_EQ(status, c.exit_code);
    EXPECT_EQ(got, c.output);
  }
}

TEST(PrimerBinary, NoArgumentsPrintUsageToStderrAndFail) {
  int status = -1;
  std::string out = test::run_command(std::string("'") + PRIMER_BINARY + "' 2>/dev/null", &status);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(out, "");
  std::string err = test::run_command(std::string("'") + PRIMER_BINARY + "' 2>&1 >/dev/null");
  EXPECT_TRUE(err.starts_with("Usage: primer ")) << err;
}

}  // namespace
}  // namespace primer::bootstrap
