#include "kube/token_source.h"

#include <gtest/gtest.h>

#include "tests/kube/kube_test_util.h"

namespace primer::kube {
namespace {

using Clock = std::chrono::system_clock;

TEST(BearerTokenSource, StaticToken) {
  Auth auth;
  auth.kind = Auth::Kind::Token;
  auth.token = "static";
  BearerTokenSource source(auth);
  EXPECT_EQ(source.token(), "static");
}

TEST(BearerTokenSource, FileReReadAfterFiftySecondsKeepingTheLastGoodToken) {
  test::TempDir dir;
  std::string file = dir.write("token", "one\n");
  Auth auth;
  auth.kind = Auth::Kind::TokenFile;
  auth.token = "initial";
  auth.token_file = file;
  Clock::time_point now{};
  BearerTokenSource source(auth, [&] { return now; });
  EXPECT_EQ(source.token(), "one");  // trimmed
  dir.write("token", "two");
  now += std::chrono::seconds(49);
  EXPECT_EQ(source.token(), "one");
  now += std::chrono::seconds(1);
  EXPECT_EQ(source.token(), "two");
  // parity: cachingTokenSource keeps the cached token when a read fails or is empty
  dir.write("token", "  \n");
  now += std::chrono::seconds(60);
  EXPECT_EQ(source.token(), "two");
  std::filesystem::remove(file);
  EXPECT_EQ(source.token(), "two");
  dir.write("token", "three");
  EXPECT_EQ(source.token(), "three");  // a failed read does not wait for the period
}

TEST(BearerTokenSource, UnreadableFileFallsBackToTheLoadedToken) {
  Auth auth;
  auth.kind = Auth::Kind::TokenFile;
  auth.token = "from-kubeconfig";
  auth.token_file = "/nonexistent/primer/token";
  BearerTokenSource source(auth);
  EXPECT_EQ(source.token(), "from-kubeconfig");
}

}  // namespace
}  // namespace primer::kube
