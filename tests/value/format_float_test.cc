#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "value/value.h"

namespace primer::value {
namespace {

struct FloatCase {
  const char* name;
  double f;
  char fmt;
  int prec;
  const char* want;
};

// Expected texts are Go's strconv.FormatFloat output (helm-rendering-spec.md §1.8).
const FloatCase kFloatCases[] = {
    {"million uses exponent", 1000000, 'g', -1, "1e+06"},
    {"seven digits", 1234567, 'g', -1, "1.234567e+06"},
    {"below a million stays plain", 999999, 'g', -1, "999999"},
    {"fraction kept", 123456.7, 'g', -1, "123456.7"},
    {"whole float has no point", 3.0, 'g', -1, "3"},
    {"small plain", 0.0025, 'g', -1, "0.0025"},
    {"exponent -4 plain", 0.00012345, 'g', -1, "0.00012345"},
    {"exponent -5 scientific", 0.000012345, 'g', -1, "1.2345e-05"},
    {"1e-05", 0.00001, 'g', -1, "1e-05"},
    {"1e15", 1e15, 'g', -1, "1e+15"},
    {"big integer loses digits", 12345678901234567890.0, 'g', -1, "1.2345678901234567e+19"},
    {"negative zero", -0.0, 'g', -1, "-0"},
    {"zero", 0.0, 'g', -1, "0"},
    {"1e21", 1e21, 'g', -1, "1e+21"},
    {"2^53+1 rounds", 9007199254740993.0, 'g', -1, "9.007199254740992e+15"},
    {"e shortest", 1500, 'e', -1, "1.5e+03"},
    {"f shortest", 1e20, 'f', -1, "100000000000000000000"},
    {"f small", 1.5e-7, 'f', -1, "0.00000015"},
    {"f with precision", 3.14159, 'f', 2, "3.14"},
    {"e with precision", 3.14159, 'e', 3, "3.142e+00"},
    {"nan", std::nan(""), 'g', -1, "NaN"},
    {"inf", std::numeric_limits<double>::infinity(), 'g', -1, "+Inf"},
};

TEST(FormatFloat, MatchesGo) {
  for (const FloatCase& c : kFloatCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(format_float(c.f, c.fmt, c.prec), c.want);
  }
}

}  // namespace
}  // namespace primer::value
