// Flag reading: both dash styles, values, repeats, "--", and the errors with their wording.
#include "bootstrap/args/flags.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bootstrap/args/args.h"

namespace primer::bootstrap::args {
namespace {

constexpr Flag kFlags[] = {
    {"json", "", "JSON output."},
    {"out", "PATH", "Write here."},
    {"set", "KEY=VALUE", "Set a value.", /*repeated=*/true},
};
constexpr Spec kSpec{.flags = kFlags, .positional = "ARGS", .max_positional = 2};

// "json=[] out=[x] | a b", or "error: <what>".
std::string show(const Flags& f) {
  if (f.error) return std::string("error: ") + f.error->what();
  std::string text;
  for (const auto& [name, values] : f.values) {
    text += name + "=[";
    for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + values[i];
    text += "] ";
  }
  text += "|";
  for (const std::string& p : f.positional) text += " " + p;
  return text;
}

struct FlagCase {
  const char* name;  // the rule this case pins
  std::vector<std::string> tokens;
  const char* want;
};

const FlagCase kFlagCases[] = {
    {"nothing", {}, "|"},
    {"single-dash switch", {"-json"}, "json=[] |"},
    {"double-dash switch", {"--json"}, "json=[] |"},
    {"value as the next argument", {"-out", "x"}, "out=[x] |"},
    {"value as the next argument, double dash", {"--out", "x"}, "out=[x] |"},
    {"value after =", {"-out=x"}, "out=[x] |"},
    {"value after =, double dash", {"--out=x"}, "out=[x] |"},
    {"value may contain =", {"-set=a=b"}, "set=[a=b] |"},
    {"the last value wins", {"-out", "a", "--out=b"}, "out=[b] |"},
    {"a repeated flag keeps every value", {"-set", "a", "-set=b", "--set", "c"}, "set=[a,b,c] |"},
    {"the next argument is a value even if it starts with a dash",
     {"-out", "-json"},
     "out=[-json] |"},
    {"positional arguments", {"a", "b"}, "| a b"},
    {"flags may follow positional arguments", {"a", "-json", "b"}, "json=[] | a b"},
    {"-- ends the flags", {"-json", "--", "-out", "x"}, "json=[] | -out x"},
    {"a lone dash is positional", {"-"}, "| -"},
    {"missing value", {"-out"}, "error: flag needs an argument: -out"},
    {"missing value, double dash", {"--out"}, "error: flag needs an argument: -out"},
    {"empty value after =", {"--out="}, "error: flag needs an argument: -out"},
    {"-- is not a value", {"-out", "--", "x"}, "error: flag needs an argument: -out"},
    {"switch with a value", {"--json=1"}, "error: flag takes no argument: -json"},
    {"unknown flag", {"-x"}, "error: unknown flag \"-x\""},
    {"unknown flag suggests a close one",
     {"-jsno"},
     "error: unknown flag \"-jsno\". Did you mean \"-json\"?"},
    {"unknown double-dash flag",
     {"--ot=3"},
     "error: unknown flag \"--ot\". Did you mean \"--out\"?"},
    {"flag names are case-sensitive", {"-JSON"}, "error: unknown flag \"-JSON\""},
    {"no prefix guessing", {"--se", "x"}, "error: unknown flag \"--se\". Did you mean \"--set\"?"},
    {"triple dash is unknown",
     {"---json"},
     "error: unknown flag \"---json\". Did you mean \"--json\"?"},
    {"a bare = after a dash is unknown", {"-=x"}, "error: unknown flag \"-=x\""},
    {"too many positional arguments", {"a", "b", "c"}, "error: unexpected argument \"c\""},
    {"arguments after -- count", {"a", "--", "b", "c"}, "error: unexpected argument \"c\""},
    {"common flags are accepted", {"-no-color", "--help"}, "help=[] no-color=[] |"},
};

TEST(Flags, Parse) {
  for (const FlagCase& c : kFlagCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(show(parse_flags(kSpec, c.tokens)), c.want);
  }
}

TEST(Flags, Accessors) {
  Flags f = parse_flags(kSpec, std::vector<std::string>{"-json", "-out", "a", "-out", "b"});
  EXPECT_TRUE(f.has("json"));
  EXPECT_FALSE(f.has("set"));
  EXPECT_EQ(f.last("out"), "b");
  EXPECT_EQ(f.last("json"), "");
  EXPECT_EQ(f.last("set"), "");
}

TEST(Flags, WantsHelp) {
  using Tokens = std::vector<std::string>;
  EXPECT_TRUE(wants_help(Tokens{"-h"}));
  EXPECT_TRUE(wants_help(Tokens{"x", "-help"}));
  EXPECT_TRUE(wants_help(Tokens{"--help"}));
  EXPECT_FALSE(wants_help(Tokens{"--h"}));
  EXPECT_FALSE(wants_help(Tokens{"-helpme"}));
  EXPECT_FALSE(wants_help(Tokens{"--", "-help"}));
  EXPECT_FALSE(wants_help(Tokens{}));
}

TEST(Flags, Closest) {
  constexpr std::string_view kNames[] = {"apply", "plan", "destroy", "state"};
  EXPECT_EQ(closest("aply", kNames), "apply");
  EXPECT_EQ(closest("plam", kNames), "plan");
  EXPECT_EQ(closest("stat", kNames), "state");
  EXPECT_EQ(closest("destory", kNames), "destroy");  // a swap is two edits
  EXPECT_EQ(closest("xyz", kNames), std::nullopt);
  EXPECT_EQ(closest("", kNames), std::nullopt);
  constexpr std::string_view kTie[] = {"ab", "ac"};
  EXPECT_EQ(closest("a", kTie), "ab") << "ties go to the earlier name";
}

TEST(Args, ParseViewRemovesNoColorBeforeDoubleDash) {
  std::vector<std::string> tokens = {"-no-color", "version", "--no-color", "--", "-no-color"};
  View view = parse_view(tokens);
  EXPECT_TRUE(view.no_color);
  EXPECT_EQ(tokens, (std::vector<std::string>{"version", "--", "-no-color"}));

  std::vector<std::string> plain = {"version", "-json"};
  EXPECT_FALSE(parse_view(plain).no_color);
  EXPECT_EQ(plain, (std::vector<std::string>{"version", "-json"}));
}

TEST(Args, ParseGlobal) {
  using Tokens = std::vector<std::string>;
  Parsed<Global> g = parse_global(Tokens{"version", "-json"});
  EXPECT_FALSE(g.error);
  EXPECT_EQ(g.args.command, "version");
  EXPECT_EQ(g.args.rest, Tokens{"-json"});
  EXPECT_FALSE(g.args.help);

  g = parse_global(Tokens{"--version", "-json"});
  EXPECT_EQ(g.args.command, "version");
  EXPECT_EQ(g.args.rest, Tokens{"-json"});

  g = parse_global(Tokens{"-help", "version"});
  EXPECT_TRUE(g.args.help);
  EXPECT_EQ(g.args.command, "version");

  g = parse_global(Tokens{});
  EXPECT_EQ(g.args.command, "");
  EXPECT_FALSE(g.error);

  g = parse_global(Tokens{"-bogus", "version"});
  ASSERT_TRUE(g.error);
  EXPECT_STREQ(g.error->what(), "unknown flag \"-bogus\"");
}

}  // namespace
}  // namespace primer::bootstrap::args
