// run() end to end with captured streams: argv in; exit code, stdout and stderr out.
#include "bootstrap/cli.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace primer::bootstrap {
namespace {

const std::string kOverview =
    "Usage: primer [global options] <command> [options] [args]\n"
    "\n"
    "primer installs Argo CD into a Kubernetes cluster and hands the installation\n"
    "over to Argo CD.\n"
    "\n"
    "Commands:\n"
    "  apply     Install or update Argo CD, then hand it the cluster\n"
    "  destroy   Remove everything primer installed\n"
    "  help      Show help for primer or for one of its commands\n"
    "  init      Resolve the chart and pin it in primer.lock\n"
    "  plan      Show what apply would change in the cluster\n"
    "  pull      Download a chart archive, as helm pull does\n"
    "  render    Render a Helm chart exactly as helm template does\n"
    "  state     List, show or unlock primer's state\n"
    "  version   Show the primer version\n"
    "\n"
    "Global options (use these before the command):\n"
    "  -help       Show this help output, or the help for a given command.\n"
    "  -version    An alias for the \"version\" command.\n"
    "  -no-color   Disable colour in the output (as does NO_COLOR=1).\n"
    "\n"
    "Every flag may be written with one dash or two: -json and --json are the same.\n"
    "\n"
    "Exit status:\n"
    "  0   success\n"
    "  1   error, including an unknown command or flag\n"
    "  2   success with changes present (plan -detailed-exitcode)\n";

const std::string kVersionHelp =
    "Usage: primer [global options] version [options]\n"
    "\n"
    "  Prints primer's version. With -json, prints it as a JSON object,\n"
    "  {\"version\":\"...\"}.\n"
    "\n"
    "Options:\n"
    "  -json       Print the version as a JSON object.\n"
    "  -no-color   Disable colour in the output (as does NO_COLOR=1).\n"
    "  -help       Show this help.\n";

const std::string kHelpHelp =
    "Usage: primer [global options] help [options] [COMMAND]\n"
    "\n"
    "  Shows the list of commands, or the usage and options of COMMAND.\n"
    "\n"
    "Options:\n"
    "  -no-color   Disable colour in the output (as does NO_COLOR=1).\n"
    "  -help       Show this help.\n";

const std::string kVersion = std::string("primer ") + PRIMER_VERSION + "\n";
const std::string kVersionJson = std::string("{\"version\":\"") + PRIMER_VERSION + "\"}\n";

const std::string kVersionHint =
    "\nFor more help on using this command, run:\n  primer version -help\n";
const std::string kHelpHint = "\nFor more help on using this command, run:\n  primer help -help\n";
const std::string kGlobalHint = "\nFor more help on using primer, run:\n  primer -help\n";
const std::string kCommandsHint = "\nTo see all of primer's commands, run:\n  primer help\n";

struct CliCase {
  const char* name;  // the rule this case pins
  std::vector<std::string> args;
  int exit_code;
  std::string out;
  std::string err;
};

const CliCase kCliCases[] = {
    // No command.
    {"no arguments print usage to stderr and fail", {}, 1, "", kOverview},
    {"only -no-color is still no command", {"-no-color"}, 1, "", kOverview},

    // version
    {"version", {"version"}, 0, kVersion, ""},
    {"version -json", {"version", "-json"}, 0, kVersionJson, ""},
    {"version --json", {"version", "--json"}, 0, kVersionJson, ""},
    {"a repeated switch is allowed", {"version", "-json", "--json"}, 0, kVersionJson, ""},
    {"--version is the version command", {"--version"}, 0, kVersion, ""},
    {"-version is the version command", {"-version"}, 0, kVersion, ""},
    {"-version passes what follows to version", {"-version", "-json"}, 0, kVersionJson, ""},
    {"-no-color is accepted before the command", {"-no-color", "version"}, 0, kVersion, ""},
    {"--no-color is accepted after the command",
     {"version", "--no-color", "-json"},
     0,
     kVersionJson,
     ""},

    // help
    {"help lists the commands and the exit codes", {"help"}, 0, kOverview, ""},
    {"-help at the top is help", {"-help"}, 0, kOverview, ""},
    {"--help at the top is help", {"--help"}, 0, kOverview, ""},
    {"-h at the top is help", {"-h"}, 0, kOverview, ""},
    {"help COMMAND", {"help", "version"}, 0, kVersionHelp, ""},
    {"help help", {"help", "help"}, 0, kHelpHelp, ""},
    {"COMMAND -help", {"version", "-help"}, 0, kVersionHelp, ""},
    {"COMMAND --help", {"version", "--help"}, 0, kVersionHelp, ""},
    {"COMMAND -h", {"version", "-h"}, 0, kVersionHelp, ""},
    {"help -h shows help's help", {"help", "-h"}, 0, kHelpHelp, ""},
    {"-help before the command", {"-help", "version"}, 0, kVersionHelp, ""},
    {"help wins over a bad flag", {"version", "-bogus", "-help"}, 0, kVersionHelp, ""},
    {"-help after -- is an argument, not help",
     {"version", "--", "-help"},
     1,
     "",
     "Error: unexpected argument \"-help\"\n" + kVersionHint},

    // Unknown commands.
    {"unknown command with a suggestion",
     {"verison"},
     1,
     "",
     "primer: unknown command \"verison\". Did you mean \"version\"?\n" + kCommandsHint},
    {"suggestion within edit distance 2",
     {"hlp"},
     1,
     "",
     "primer: unknown command \"hlp\". Did you mean \"help\"?\n" + kCommandsHint},
    {"no suggestion when nothing is close",
     {"upgrade"},
     1,
     "",
     "primer: unknown command \"upgrade\".\n" + kCommandsHint},
    {"a typo of a bootstrap command",
     {"aply"},
     1,
     "",
     "primer: unknown command \"aply\". Did you mean \"apply\"?\n" + kCommandsHint},
    {"commands are case-sensitive",
     {"Version"},
     1,
     "",
     "primer: unknown command \"Version\". Did you mean \"version\"?\n" + kCommandsHint},
    {"help of an unknown command",
     {"help", "verson"},
     1,
     "",
     "primer: unknown command \"verson\". Did you mean \"version\"?\n" + kCommandsHint},
    {"-help of an unknown command",
     {"-help", "xyzzy"},
     1,
     "",
     "primer: unknown command \"xyzzy\".\n" + kCommandsHint},

    // Unknown flags and other usage errors.
    {"unknown single-dash flag with a suggestion",
     {"version", "-jsn"},
     1,
     "",
     "Error: unknown flag \"-jsn\". Did you mean \"-json\"?\n" + kVersionHint},
    {"unknown double-dash flag suggests the double-dash form",
     {"version", "--jsn"},
     1,
     "",
     "Error: unknown flag \"--jsn\". Did you mean \"--json\"?\n" + kVersionHint},
    {"unknown flag is named without its value",
     {"version", "--jsn=1"},
     1,
     "",
     "Error: unknown flag \"--jsn\". Did you mean \"--json\"?\n" + kVersionHint},
    {"common flags are suggested too",
     {"version", "-no-colour"},
     1,
     "",
     "Error: unknown flag \"-no-colour\". Did you mean \"-no-color\"?\n" + kVersionHint},
    {"unknown flag without a suggestion",
     {"version", "-out"},
     1,
     "",
     "Error: unknown flag \"-out\"\n" + kVersionHint},
    {"no prefix matching: -js is not -json",
     {"version", "-js"},
     1,
     "",
     "Error: unknown flag \"-js\". Did you mean \"-json\"?\n" + kVersionHint},
    {"a switch takes no value",
     {"version", "-json=true"},
     1,
     "",
     "Error: flag takes no argument: -json\n" + kVersionHint},
    {"version takes no arguments",
     {"version", "extra"},
     1,
     "",
     "Error: unexpected argument \"extra\"\n" + kVersionHint},
    {"help takes one command",
     {"help", "version", "help"},
     1,
     "",
     "Error: unexpected argument \"help\"\n" + kHelpHint},
    {"help has no -json", {"help", "-json"}, 1, "", "Error: unknown flag \"-json\"\n" + kHelpHint},
    {"unknown global flag with a suggestion",
     {"-verison"},
     1,
     "",
     "Error: unknown flag \"-verison\". Did you mean \"-version\"?\n" + kGlobalHint},
    {"unknown global flag before a command",
     {"--bogus", "version"},
     1,
     "",
     "Error: unknown flag \"--bogus\"\n" + kGlobalHint},
    {"command flags are not global flags",
     {"-json", "version"},
     1,
     "",
     "Error: unknown flag \"-json\"\n" + kGlobalHint},
};

TEST(Cli, Behaviour) {
  for (const CliCase& c : kCliCases) {
    SCOPED_TRACE(c.name);
    std::vector<const char*> argv = {"primer"};
    for (const std::string& a : c.args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    int code = run(static_cast<int>(argv.size()), argv.data(), out, err);
    EXPECT_EQ(code, c.exit_code);
    EXPECT_EQ(out.str(), c.out);
    EXPECT_EQ(err.str(), c.err);
  }
}

}  // namespace
}  // namespace primer::bootstrap
