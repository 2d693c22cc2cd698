// Masterminds/semver conformance. The table in semver_cases.inc comes from both Helm oracles
// (oracle.py runs every case through Sprig's semverCompare and semver); the hand-written
// cases below pin rules the oracles cannot show through templates (ordering, String()).

#include "charts/semver/semver.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.h"

namespace primer::semver {
namespace {

struct CompareCase {
  const char* name;  // the rule this case pins
  const char* constraint;
  const char* version;
  bool helm4_fails;
  const char* helm4_want;  // "true"/"false", or the whole error text
  bool helm3_fails;
  const char* helm3_want;
};

const CompareCase kCompareCases[] = {
#define SEMVER_COMPARE_CASES
#include "tests/charts/semver/semver_cases.inc"
#undef SEMVER_COMPARE_CASES
};

struct FieldCase {
  const char* name;
  const char* version;
  bool helm4_fails;
  const char* helm4_want;  // Major|Minor|Patch|Prerelease|Metadata|Original|String
  bool helm3_fails;
  const char* helm3_want;
};

const FieldCase kFieldCases[] = {
#define SEMVER_FIELD_CASES
#include "tests/charts/semver/semver_cases.inc"
#undef SEMVER_FIELD_CASES
};

std::string compare_result(const CompareCase& c, Flavor f) {
  return satisfies(c.constraint, c.version, f) ? "true" : "false";
}

void expect_compare(const CompareCase& c, Flavor f, bool fails, const char* want) {
  try {
    std::string got = compare_result(c, f);
    EXPECT_FALSE(fails) << "wanted an error, got: " << got;
    EXPECT_EQ(got, want);
  } catch (const Error& e) {
    EXPECT_TRUE(fails) << e.what();
    if (fails) {
      EXPECT_STREQ(e.what(), want);
    }
  }
}

TEST(Semver, CompareHelm4) {
  for (const CompareCase& c : kCompareCases) {
    SCOPED_TRACE(c.name);
    expect_compare(c, Flavor::V3_4, c.helm4_fails, c.helm4_want);
  }
}

TEST(Semver, CompareHelm3) {
  for (const CompareCase& c : kCompareCases) {
    SCOPED_TRACE(c.name);
    expect_compare(c, Flavor::V3_3, c.helm3_fails, c.helm3_want);
  }
}

std::string fields(const Version& v) {
  return std::to_string(v.major()) + "|" + std::to_string(v.minor()) + "|" +
         std::to_string(v.patch()) + "|" + v.prerelease() + "|" + v.metadata() + "|" +
         v.original() + "|" + v.str();
}

TEST(Semver, Fields) {
  for (const FieldCase& c : kFieldCases) {
    SCOPED_TRACE(c.name);
    for (Flavor f : {Flavor::V3_4, Flavor::V3_3}) {
      bool fails = f == Flavor::V3_4 ? c.helm4_fails : c.helm3_fails;
      std::string want = f == Flavor::V3_4 ? c.helm4_want : c.helm3_want;
      try {
        std::string got = fields(Version::parse(c.version, f));
        EXPECT_FALSE(fails);
        EXPECT_EQ(got, want);
      } catch (const Error& e) {
        ASSERT_TRUE(fails) << e.what();
        // The oracle's text is the whole template error; the parse error is its tail.
        std::string what = e.what();
        EXPECT_EQ(want.substr(want.size() - what.size()), what);
      }
    }
  }
}

// Ordering per semver 2.0 §11, as Masterminds' Compare implements it.
TEST(Semver, PrecedenceOrder) {
  const char* ordered[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                           "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
                           "1.0.1",        "1.1.0",         "2.0.0-0",          "2.0.0"};
  std::vector<Version> versions;
  for (const char* v : ordered) versions.push_back(Version::parse(v));
  for (std::size_t i = 0; i + 1 < versions.size(); ++i) {
    SCOPED_TRACE(ordered[i]);
    EXPECT_EQ(versions[i].compare(versions[i + 1]), -1);
    EXPECT_EQ(versions[i + 1].compare(versions[i]), 1);
    EXPECT_EQ(versions[i].compare(versions[i]), 0);
  }
  std::vector<Version> shuffled(versions.rbegin(), versions.rend());
  std::sort(shuffled.begin(), shuffled.end());
  for (std::size_t i = 0; i < versions.size(); ++i) EXPECT_EQ(shuffled[i].original(), ordered[i]);
}

TEST(Semver, MetadataIgnoredInPrecedence) {
  EXPECT_EQ(Version::parse("1.0.0+a").compare(Version::parse("1.0.0+b")), 0);
  EXPECT_EQ(Version::parse("v1.0").compare(Version::parse("1.0.0")), 0);
}

TEST(Semver, PrereleaseNumberTooBigComparesAsText) {
  // ParseUint fails, so the identifier is alphanumeric and sorts after a number.
  EXPECT_EQ(Version::parse("1.0.0-99999999999999999999").compare(Version::parse("1.0.0-5")), 1);
}

struct StrictCase {
  const char* name;
  const char* text;
  const char* want;  // String(), or the whole error
  bool fails;
};

TEST(Semver, Strict) {
  const StrictCase cases[] = {
      {"three numbers", "1.2.3-beta+b", "1.2.3-beta+b", false},
      {"empty", "", "version string empty", true},
      {"two numbers", "1.2", "invalid semantic version", true},
      {"v prefix", "v1.2.3", "invalid characters in version", true},
      {"leading zero", "1.02.3", "version segment starts with 0", true},
      {"bad prerelease", "1.2.3-a..b", "invalid prerelease string", true},
      {"bad metadata", "1.2.3+a_b", "invalid metadata string", true},
  };
  for (const StrictCase& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      std::string got = Version::parse_strict(c.text).str();
      EXPECT_FALSE(c.fails);
      EXPECT_EQ(got, c.want);
    } catch (const Error& e) {
      EXPECT_TRUE(c.fails);
      EXPECT_STREQ(e.what(), c.want);
    }
  }
}

TEST(Semver, ConstraintString) {
  EXPECT_EQ(Constraints::parse(">= 1.2, <2 || ~3.x").str(), ">=1.2 <2 || ~3.x");
  EXPECT_EQ(Constraints::parse("1.2 - 1.4.5").str(), ">=1.2 <=1.4.5");
}

TEST(Semver, NewestMatchFromAnIndex) {
  // Helm resolves --version against a repository index newest first.
  Constraints c = Constraints::parse("^7.6");
  const char* index[] = {"9.0.0", "7.7.2", "7.6.1", "7.6.0", "7.5.0"};
  const char* found = nullptr;
  for (const char* v : index) {
    if (c.check(Version::parse(v))) {
      found = v;
      break;
    }
  }
  ASSERT_NE(found, nullptr);
  EXPECT_STREQ(found, "7.7.2");
}

}  // namespace
}  // namespace primer::semver
