// `primer pull` and `primer init` end to end through the dispatcher, against a file://
// repository of the fixture charts, and `primer pull` against an HTTPS repository behind basic
// auth (tests/charts/fetch/test_server.py) with credentials from the environment or a file.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/strings.h"
#include "bootstrap/commands/commands.h"
#include "tests/support/support.h"

namespace primer::bootstrap::commands {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code;
  std::string out, err;
};

class FetchCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string fixtures = test::fixtures_dir() + "/charts";
    PRIMER_REQUIRE(fs::exists(fixtures + "/index.yaml"), "fixtures/charts");
    repo_ = "file://" + fs::canonical(fixtures).string();
    dir_ = fs::temp_directory_path() /
           ("primer-fetchcmd-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    saved_cache_ = std::getenv("XDG_CACHE_HOME") ? std::getenv("XDG_CACHE_HOME") : "";
    setenv("XDG_CACHE_HOME", (dir_ / "cache").c_str(), 1);
  }
  void TearDown() override {
    if (saved_cache_.empty()) {
      unsetenv("XDG_CACHE_HOME");
    } else {
      setenv("XDG_CACHE_HOME", saved_cache_.c_str(), 1);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Outcome run(std::vector<std::string> args) {
    std::ostringstream out, err;
    views::Streams streams{out, err};
    int code = dispatch(std::move(args), streams, commands());
    return {code, out.str(), err.str()};
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string repo_;
  fs::path dir_;
  std::string saved_cache_;
};

TEST_F(FetchCommands, PullWritesNameVersionTgz) {
  Outcome r = run({"pull", "argo-cd", "--repo", repo_, "--version", "~7.6", "-d", path("out")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_file(path("out/argo-cd-7.6.1.tgz")),
            read_file(test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz"));
}

TEST_F(FetchCommands, PullWithoutMatch) {
  Outcome r = run({"pull", "argo-cd", "-repo", repo_, "-version", "99", "-d", path("out")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error: chart \"argo-cd\" version \"99\" not found in " + repo_ +
                       " repository (available: 10.1.1, 9.0.0, 7.6.1)\n");
}

TEST_F(FetchCommands, PullNeedsAChart) {
  Outcome r = run({"pull"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(starts_with(r.err, "Error: a chart is required")) << r.err;
}

TEST_F(FetchCommands, InitLocksThenHonoursTheLock) {
  std::ofstream(path("primer.yaml"))
      << "chart:\n  repo: " << repo_ << "\n  name: argo-cd\n  version: \"<10\"\n";
  std::vector<std::string> init = {"init", "-config", path("primer.yaml"), "-lock-file",
                                   path("primer.lock")};
  Outcome first = run(init);
  ASSERT_EQ(first.code, 0) << first.err;
  const std::string digest =
      "sha256:8f135e2dbbc12da4f35bdda51b0935fadc5b9c0d18301ebeaaf71d728e1dc900";
  EXPECT_EQ(first.out, "Locked argo-cd 9.0.0 from " + repo_ + "/argo-cd-9.0.0.tgz (" + digest +
                           ") in " + path("primer.lock") + ".\n");
  std::string lock = read_file(path("primer.lock"));
  EXPECT_NE(lock.find("  version: \"9.0.0\"\n"), std::string::npos) << lock;
  EXPECT_NE(lock.find("  digest: \"" + digest + "\"\n"), std::string::npos) << lock;

  Outcome again = run(init);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out,
            "Using argo-cd 9.0.0 as locked in " + path("primer.lock") + " (" + digest + ").\n");

  // A lock whose digest no longer matches the published archive is refused.
  std::string tampered = lock;
  tampered.replace(tampered.find("8f135e2d"), 8, "00000000");
  std::ofstream(path("primer.lock")) << tampered;
  Outcome refused = run(init);
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("digest mismatch: primer.lock has sha256:00000000"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("supply-chain"), std::string::npos) << refused.err;
  EXPECT_EQ(read_file(path("primer.lock")), tampered) << "a refused run leaves the lock alone";

  init.push_back("-upgrade");
  Outcome upgraded = run(init);
  EXPECT_EQ(upgraded.code, 0) << upgraded.err;
  EXPECT_EQ(read_file(path("primer.lock")), lock);
}

TEST_F(FetchCommands, InitWithFlagsAndNarrowerConstraint) {
  std::vector<std::string> base = {"init",  "-lock-file", path("primer.lock"), "-chart", "argo-cd",
                                   "-repo", repo_};
  std::vector<std::string> first = base;
  first.insert(first.end(), {"-version", "7.x"});
  ASSERT_EQ(run(first).code, 0);
  std::vector<std::string> narrower = base;
  narrower.insert(narrower.end(), {"-version", "10.x"});
  Outcome r = run(narrower);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "Error: primer.lock pins argo-cd 7.6.1, which does not satisfy the version \"10.x\" "
            "asked for; run primer init -upgrade\n");
}

TEST_F(FetchCommands, InitWithoutConfiguration) {
  Outcome r = run({"init", "-config", path("missing.yaml")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error: " + path("missing.yaml") +
                       ": no configuration: write one with a chart: block (repo, name, version), "
                       "or give -chart\n");
}

TEST_F(FetchCommands, InitReportsConfigurationErrorsWhereTheyAre) {
  std::ofstream(path("primer.yaml")) << "chart:\n  nme: argo-cd\n";
  Outcome r = run({"init", "-config", path("primer.yaml"), "-lock-file", path("primer.lock")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error: " + path("primer.yaml") +
                       ":2:3: chart.nme: unknown setting. Did you mean \"name\"?\n");
  std::ofstream(path("primer.yaml")) << "chart:\n  repo: " << repo_ << "\n";
  r = run({"init", "-config", path("primer.yaml"), "-lock-file", path("primer.lock")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error: " + path("primer.yaml") +
                       ":2:3: chart.name: no chart is named: give chart.name in primer.yaml, or "
                       "-chart\n");
  EXPECT_FALSE(fs::exists(path("primer.lock")));
}

// ---- an HTTPS repository behind basic auth ----------------------------------------------

constexpr const char* kUser = "primer";
constexpr const char* kPassword = "Pw-9f3kQz-secret";
// What a careless client would put on the wire or in a log: the password, and user:password in
// base64 (an Authorization header).
constexpr const char* kPasswordBase64 = "cHJpbWVyOlB3LTlmM2tRei1zZWNyZXQ=";

// test_server.py with TLS on loopback, started by a shell so these tests need no fixture
// library: certificates by openssl, the fixture charts under /private/repo.
struct PrivateRepo {
  fs::path dir;
  int pid = 0;
  std::string base;
  std::string problem;
};

class PrivateRepoCommands : public FetchCommands {
 protected:
  static void SetUpTestSuite() {
    repo_server_ = std::make_unique<PrivateRepo>();
    PrivateRepo& r = *repo_server_;
    std::string fixtures = test::fixtures_dir() + "/charts";
    if (!fs::exists(fixtures + "/index.yaml")) {
      r.problem = "fixtures/charts";
      return;
    }
    r.dir = fs::temp_directory_path() / ("primer-private-repo-" + std::to_string(::getpid()));
    fs::remove_all(r.dir);
    fs::create_directories(r.dir / "root");
    fs::create_symlink(fs::canonical(fixtures), r.dir / "root/repo");
    int status = 0;
    test::run_command(
        "set -e; cd '" + r.dir.string() +
            "'; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
            "-keyout ca.key -out ca.pem -days 2 -subj /CN=primer-test-ca 2>/dev/null; "
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
            "server.key -out server.csr -subj /CN=localhost 2>/dev/null; "
            "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf; "
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out "
            "server.pem -days 2 -extfile ext.cnf 2>/dev/null",
        &status);
    if (status != 0) {
      r.problem = "openssl for the repository's certificate";
      return;
    }
    std::string pid = test::run_command(
        "python3 '" + test::source_dir() + "/tests/charts/fetch/test_server.py' --root '" +
            (r.dir / "root").string() + "' --port-file '" + (r.dir / "port").string() +
            "' --cert '" + (r.dir / "server.pem").string() + "' --key '" +
            (r.dir / "server.key").string() + "' --user " + kUser + ":" + kPassword +
            " >/dev/null 2>&1 </dev/null & echo $!",
        &status);
    r.pid = std::atoi(pid.c_str());
    for (int i = 0; i < 200 && r.base.empty(); ++i) {
      std::ifstream in(r.dir / "port");
      int port = 0;
      if (in >> port) {
        r.base = "https://127.0.0.1:" + std::to_string(port);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
    if (r.base.empty()) r.problem = "python3 for test_server.py";
  }
  static void TearDownTestSuite() {
    if (repo_server_->pid > 0) {
      kill(repo_server_->pid, SIGTERM);
      // The server is the shell's child, reparented away: wait for it to go by polling.
      for (int i = 0; i < 100 && kill(repo_server_->pid, 0) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    std::error_code ec;
    fs::remove_all(repo_server_->dir, ec);
    repo_server_.reset();
  }
  void SetUp() override {
    FetchCommands::SetUp();
    PRIMER_REQUIRE(repo_server_->problem.empty(), repo_server_->problem);
    unsetenv("PRIMER_REPO_USERNAME");
    unsetenv("PRIMER_REPO_PASSWORD");
  }
  void TearDown() override {
    unsetenv("PRIMER_REPO_USERNAME");
    unsetenv("PRIMER_REPO_PASSWORD");
    FetchCommands::TearDown();
  }
  std::string url() const { return repo_server_->base + "/private/repo"; }
  std::vector<std::string> pull_args() const {
    return {"pull",      "argo-cd",  "--repo",   url(),
            "--version", "7.6.1",    "-ca-file", (repo_server_->dir / "ca.pem").string(),
            "-d",        path("out")};
  }
  std::string unauthorized() const {
    return "Error: looks like \"" + url() +
           "\" is not a valid chart repository or cannot be reached: GET " + url() +
           "/index.yaml: 401 Unauthorized\n";
  }
  size_t cached_blobs() const {
    size_t n = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir_ / "cache", ec);
         it != fs::recursive_directory_iterator(); ++it) {
      if (ends_with(it->path().string(), ".tgz")) ++n;
    }
    return n;
  }
  // Runs the real binary (PRIMER_LOG is read once per process) with `env` before it.
  Outcome run_binary(const std::string& env, const std::vector<std::string>& args) {
    std::string cmd =
        env + " XDG_CACHE_HOME='" + (dir_ / "cache").string() + "' '" + PRIMER_BINARY + "'";
    for (const std::string& a : args) cmd += " '" + a + "'";
    int status = 0;
    std::string out = test::run_command(cmd + " 2>'" + path("stderr") + "'", &status);
    return {status, out, read_file(path("stderr"))};
  }

  static std::unique_ptr<PrivateRepo> repo_server_;
};

std::unique_ptr<PrivateRepo> PrivateRepoCommands::repo_server_;

TEST_F(PrivateRepoCommands, CredentialsFromTheEnvironment) {
  setenv("PRIMER_REPO_USERNAME", kUser, 1);
  setenv("PRIMER_REPO_PASSWORD", kPassword, 1);
  Outcome r = run(pull_args());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(path("out/argo-cd-7.6.1.tgz")),
            read_file(test::fixtures_dir() + "/charts/argo-cd-7.6.1.tgz"));
}

TEST_F(PrivateRepoCommands, PasswordFromAFile) {
  std::ofstream(path("password")) << kPassword << "\n";
  std::vector<std::string> args = pull_args();
  args.insert(args.end(), {"-username", kUser, "-password-file", path("password")});
  Outcome r = run(args);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(path("out/argo-cd-7.6.1.tgz")));
}

TEST_F(PrivateRepoCommands, NoCredentialsIsAClear401) {
  Outcome r = run(pull_args());
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, unauthorized());
  EXPECT_EQ(cached_blobs(), 0u);
}

TEST_F(PrivateRepoCommands, WrongPasswordIsAClear401) {
  setenv("PRIMER_REPO_USERNAME", kUser, 1);
  setenv("PRIMER_REPO_PASSWORD", "not-the-Pw-123", 1);
  Outcome r = run(pull_args());
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, unauthorized());
  EXPECT_EQ(cached_blobs(), 0u);
}

// With every log on, neither the password nor the Authorization header it makes appears on
// stderr, whether the pull succeeds or is refused.
TEST_F(PrivateRepoCommands, PasswordNeverInOutputEvenWhenTracing) {
  std::ofstream(path("password")) << kPassword << "\n";
  std::vector<std::string> args = pull_args();
  args.insert(args.end(), {"-username", kUser, "-password-file", path("password")});
  Outcome ok = run_binary("PRIMER_LOG=trace", args);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.err.find(" http: GET " + url() + "/index.yaml 200"), std::string::npos)
      << "the trace log is on: " << ok.err;
  Outcome wrong = run_binary(
      "PRIMER_LOG=trace PRIMER_REPO_USERNAME=primer "
      "PRIMER_REPO_PASSWORD=not-the-Pw-123",
      pull_args());
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("401 Unauthorized"), std::string::npos) << wrong.err;
  for (const Outcome* o : {&ok, &wrong}) {
    for (const char* secret : {kPassword, kPasswordBase64, "not-the-Pw-123"}) {
      EXPECT_EQ((o->out + o->err).find(secret), std::string::npos) << secret << " in\n" << o->err;
    }
  }
}

}  // namespace
}  // namespace primer::bootstrap::commands
