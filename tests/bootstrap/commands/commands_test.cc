// The dispatcher against tables of our own: a new entry is a new command, and whatever a
// handler throws becomes a message and exit code 1.
#include "bootstrap/commands/commands.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "base/error.h"

namespace primer::bootstrap::commands {
namespace {

constexpr args::Flag kGreetFlags[] = {{"name", "NAME", "Whom to greet."}};
constexpr args::Spec kGreetSpec{.flags = kGreetFlags};

int greet(std::span<const std::string> args, const Context& context) {
  args::Flags f = args::parse_flags(kGreetSpec, args);
  if (f.error) {
    context.view.usage_error(*f.error, "greet");
    return kExitError;
  }
  context.view.out() << "hello " << f.last("name") << "\n";
  return kExitOk;
}
int changes(std::span<const std::string>, const Context&) { return kExitChanges; }
int throws_error(std::span<const std::string>, const Context&) {
  throw Error(Where{"primer.yaml", 2, 0}, "boom");
}
int throws_std(std::span<const std::string>, const Context&) {
  throw std::runtime_error("bad thing");
}
int throws_other(std::span<const std::string>, const Context&) { throw 42; }

const Command kTable[] = {
    {"greet", "Say hello", "Says hello.", kGreetSpec, greet},
    {"changes", "Exit with 2", "Exits with 2.", kGreetSpec, changes},
    {"error", "Throw primer::Error", "Throws.", kGreetSpec, throws_error},
    {"std", "Throw std::exception", "Throws.", kGreetSpec, throws_std},
    {"other", "Throw an int", "Throws.", kGreetSpec, throws_other},
    {"help", "Show help", "Shows help.", args::kHelpSpec, run_help},
};

struct DispatchCase {
  const char* name;  // the rule this case pins
  std::vector<std::string> args;
  int exit_code;
  std::string out;
  std::string err;
};

const DispatchCase kDispatchCases[] = {
    {"a table entry is a command", {"greet", "--name=you"}, 0, "hello you\n", ""},
    {"its flags take both dash styles", {"greet", "-name", "you"}, 0, "hello you\n", ""},
    {"its flag errors name it",
     {"greet", "-nme", "x"},
     1,
     "",
     "Error: unknown flag \"-nme\". Did you mean \"-name\"?\n"
     "\nFor more help on using this command, run:\n  primer greet -help\n"},
    {"its help comes from its entry",
     {"greet", "-h"},
     0,
     "Usage: primer [global options] greet [options]\n\n  Says hello.\n\nOptions:\n"
     "  -name=NAME   Whom to greet.\n"
     "  -no-color    Disable colour in the output (as does NO_COLOR=1).\n"
     "  -help        Show this help.\n",
     ""},
    {"suggestions come from the table",
     {"gret"},
     1,
     "",
     "primer: unknown command \"gret\". Did you mean \"greet\"?\n"
     "\nTo see all of primer's commands, run:\n  primer help\n"},
    {"exit code 2 passes through", {"changes"}, 2, "", ""},
    {"primer::Error is shown as Error:", {"error"}, 1, "", "Error: primer.yaml:2: boom\n"},
    {"a std::exception is an internal error", {"std"}, 1, "", "Error: internal error: bad thing\n"},
    {"anything else is an internal error",
     {"other"},
     1,
     "",
     "Error: internal error: unknown exception\n"},
};

TEST(Dispatch, CustomTable) {
  for (const DispatchCase& c : kDispatchCases) {
    SCOPED_TRACE(c.name);
    std::ostringstream out, err;
    int code = dispatch(c.args, {.out = out, .err = err}, kTable);
    EXPECT_EQ(code, c.exit_code);
    EXPECT_EQ(out.str(), c.out);
    EXPECT_EQ(err.str(), c.err);
  }
}

TEST(Dispatch, HelpListsTheTable) {
  std::ostringstream out, err;
  EXPECT_EQ(dispatch({"help"}, {.out = out, .err = err}, kTable), 0);
  EXPECT_NE(out.str().find("Commands:\n"
                           "  greet     Say hello\n"
                           "  changes   Exit with 2\n"),
            std::string::npos)
      << out.str();
}

TEST(Dispatch, ErrorsInColourOnATerminalUnlessNoColor) {
  std::ostringstream out, err;
  EXPECT_EQ(dispatch({"error"}, {.out = out, .err = err, .err_is_tty = true}, kTable), 1);
  EXPECT_EQ(err.str(), "\x1b[1;31mError:\x1b[0m primer.yaml:2: boom\n");

  std::ostringstream out2, err2;
  EXPECT_EQ(
      dispatch({"error", "-no-color"}, {.out = out2, .err = err2, .err_is_tty = true}, kTable), 1);
  EXPECT_EQ(err2.str(), "Error: primer.yaml:2: boom\n");
}

TEST(Commands, TableIsWhatWorks) {
  std::vector<std::string_view> names;
  for (const Command& c : commands()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"apply", "destroy", "help", "init", "plan",
                                                  "pull", "render", "state", "version"}));
}

}  // namespace
}  // namespace primer::bootstrap::commands
