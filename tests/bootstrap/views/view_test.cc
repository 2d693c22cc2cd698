// The base view: when colour is allowed, and how errors look with and without it.
#include "bootstrap/views/view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace primer::bootstrap::views {
namespace {

struct ColorCase {
  const char* name;  // the rule this case pins
  bool out_is_tty;
  bool err_is_tty;
  bool no_color_env;
  bool no_color_flag;
  bool want_out_color;
  bool want_err_color;
};

const ColorCase kColorCases[] = {
    {"no TTY, no colour", false, false, false, false, false, false},
    {"each stream is judged alone", true, false, false, false, true, false},
    {"a TTY on stderr only", false, true, false, false, false, true},
    {"-no-color turns colour off", true, true, false, true, false, false},
    {"NO_COLOR turns colour off", true, true, true, false, false, false},
};

TEST(View, Color) {
  for (const ColorCase& c : kColorCases) {
    SCOPED_TRACE(c.name);
    std::ostringstream out, err;
    View view({.out = out,
               .err = err,
               .out_is_tty = c.out_is_tty,
               .err_is_tty = c.err_is_tty,
               .no_color_env = c.no_color_env},
              args::View{.no_color = c.no_color_flag});
    EXPECT_EQ(view.out_color(), c.want_out_color);
    EXPECT_EQ(view.err_color(), c.want_err_color);
  }
}

TEST(View, StringStreamsAreNotTerminals) {
  std::ostringstream out, err;
  Streams s = detect_streams(out, err);
  EXPECT_FALSE(s.out_is_tty);
  EXPECT_FALSE(s.err_is_tty);
}

TEST(View, ErrorPlain) {
  std::ostringstream out, err;
  View view({.out = out, .err = err}, args::View{});
  view.error(Error(Where{"values.yaml", 3, 7}, "bad indent"));
  EXPECT_EQ(err.str(), "Error: values.yaml:3:7: bad indent\n");
  EXPECT_EQ(out.str(), "");
}

TEST(View, ErrorInColourOnATerminal) {
  std::ostringstream out, err;
  View view({.out = out, .err = err, .err_is_tty = true}, args::View{});
  view.error(Error("boom"));
  EXPECT_EQ(err.str(), "\x1b[1;31mError:\x1b[0m boom\n");
}

TEST(View, InternalError) {
  std::ostringstream out, err;
  View view({.out = out, .err = err}, args::View{});
  view.internal_error("map::at");
  EXPECT_EQ(err.str(), "Error: internal error: map::at\n");
}

}  // namespace
}  // namespace primer::bootstrap::views
