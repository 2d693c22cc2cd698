// Runs that do not end well: an apply killed with SIGKILL at random points (the rerun
// converges, takes over the dead run's lock, and leaves state without duplicates or pending
// entries), and two applies at once (one waits for nothing: it fails naming the holder).
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "tests/integration/harness.h"

namespace primer::integration {
namespace {

using namespace std::chrono_literals;

const std::string kNoChangesAfterHandoff =
    "objects are managed by Argo CD (Application argocd/argocd); primer leaves them to it.\n\n"
    "No changes. Your cluster matches the configuration.\n";

bool chart_fixture_present() { return std::filesystem::exists(chart_archive()); }

// `primer state list`: every object once, none pending.
void expect_clean_state(World& w) {
  Result list = w.primer(std::vector<std::string>{"state", "list"} + w.cluster_flags());
  ASSERT_EQ(list.status, 0) << list.output;
  std::istringstream in(list.output);
  std::set<std::string> seen;
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    EXPECT_TRUE(seen.insert(line).second) << "listed twice: " << line;
    EXPECT_FALSE(contains(line, "(pending)")) << line;
  }
  EXPECT_GT(lines, 50) << list.output;
}

// A rerun that changes nothing and writes nothing.
void expect_no_op(World& w, const std::vector<std::string>& flags) {
  std::string rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + flags);
  EXPECT_EQ(noop.status, 0) << noop.output;
  EXPECT_TRUE(noop.output.ends_with(kNoChangesAfterHandoff)) << noop.output;
  EXPECT_EQ(w.resource_version(), rv) << "a no-op apply wrote to the cluster";
}

// Polls `p`'s log until it contains `text` (or `limit` passes).
bool wait_for_output(const std::string& log, const std::string& text,
                     std::chrono::milliseconds limit = 20s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (contains(slurp(log), text)) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(KilledApply, RerunConvergesAfterSigkillAtRandomPoints) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  std::mt19937 random(8);  // fixed: the same kill points every run
  std::uniform_int_distribution<int> delay_ms(50, 1500);
  for (int iteration = 0; iteration < 4; ++iteration) {
    int delay = delay_ms(random);
    SCOPED_TRACE("iteration " + std::to_string(iteration) + ", killed after " +
                 std::to_string(delay) + " ms");
    // Workloads (and the hook Job) become ready after a second: the run lasts long enough
    // for every kill point to land inside it.
    PRIMER_WORLD(w, std::vector<std::string>{"--controllers", "--controller-delay", "1"});
    const std::vector<std::string> flags = w.cluster_flags({"-auto-approve"});
    std::unique_ptr<Process> run = w.start(std::vector<std::string>{"apply"} + flags);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    run->kill9();
    Result killed = run->wait();  // reaped: its pid no longer runs on this host
    EXPECT_EQ(killed.status, 128 + SIGKILL) << "the run ended before the kill:\n" << killed.output;

    Result rerun = w.primer(std::vector<std::string>{"apply"} + flags);
    ASSERT_EQ(rerun.status, 0) << "after the kill:\n"
                               << killed.output << "\nthe rerun:\n"
                               << rerun.output;
    EXPECT_FALSE(contains(rerun.output, "state is locked")) << rerun.output;
    EXPECT_TRUE(w.get("argoproj.io/v1alpha1", "Application", "argocd", "argocd").has_value());
    expect_clean_state(w);
    expect_no_op(w, flags);
  }
}

TEST(KilledApply, RerunTakesOverTheLockOfAKilledRunWithoutUnlock) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  // argocd-server is kept not ready, so the run is killed while it holds the lock.
  ASSERT_EQ(w.set_controllers(R"({"hold":["Deployment/argocd/argocd-server"]})"), 200);
  const std::vector<std::string> flags = w.cluster_flags({"-auto-approve"});
  std::unique_ptr<Process> run = w.start(std::vector<std::string>{"apply"} + flags);
  std::string log = w.dir() + "/run-1.log";
  ASSERT_TRUE(wait_for_output(log, "Waiting for workloads to be ready")) << slurp(log);
  ASSERT_TRUE(w.get("coordination.k8s.io/v1", "Lease", "argocd", "primer-lock-argocd").has_value());
  const int pid = run->pid();
  run->kill9();
  run->wait();
  ASSERT_TRUE(w.get("coordination.k8s.io/v1", "Lease", "argocd", "primer-lock-argocd").has_value())
      << "the killed run's lock is gone: nothing left to take over";
  ASSERT_EQ(w.set_controllers(R"({"hold":[]})"), 200);

  Result rerun = w.primer(std::vector<std::string>{"apply"} + flags);
  ASSERT_EQ(rerun.status, 0) << rerun.output;
  std::vector<std::string> warnings = lines_with(rerun.output, "took over a stale lock");
  ASSERT_EQ(warnings.size(), 1u) << rerun.output;
  EXPECT_TRUE(warnings[0].starts_with("Warning: took over a stale lock held by ")) << warnings[0];
  EXPECT_TRUE(contains(warnings[0], " pid " + std::to_string(pid) + " for \"apply\" since "))
      << warnings[0];
  EXPECT_TRUE(
      warnings[0].ends_with(": process " + std::to_string(pid) + " no longer runs on " +
                            kube::test::replace_all(slurp("/proc/sys/kernel/hostname"), "\n", "")))
      << warnings[0];
  expect_clean_state(w);
  expect_no_op(w, flags);
}

// Killed once every object was written: the rerun has nothing to apply, only state to
// complete, and it too takes the dead run's lock over (and says so, as apply does).
TEST(KilledApply, RerunWithNothingToApplyCompletesStateAndTakesOverTheLock) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  ASSERT_EQ(w.set_controllers(R"({"hold":["Deployment/argocd/argocd-server"]})"), 200);
  const std::vector<std::string> flags = w.cluster_flags({"-no-handoff"});
  std::unique_ptr<Process> run =
      w.start(std::vector<std::string>{"apply", "-auto-approve"} + flags);
  std::string log = w.dir() + "/run-1.log";
  ASSERT_TRUE(wait_for_output(log, "Waiting for workloads to be ready")) << slurp(log);
  const int pid = run->pid();
  run->kill9();
  run->wait();
  ASSERT_EQ(w.set_controllers(R"({"hold":[]})"), 200);

  Result rerun = w.primer(std::vector<std::string>{"apply"} + flags);
  ASSERT_EQ(rerun.status, 0) << rerun.output;
  EXPECT_TRUE(rerun.output.starts_with("No changes. Your cluster matches the configuration.\n"))
      << rerun.output;
  EXPECT_TRUE(
      rerun.output.ends_with("State updated to record the objects already in the cluster.\n"))
      << rerun.output;
  std::vector<std::string> warnings = lines_with(rerun.output, "took over a stale lock");
  EXPECT_EQ(warnings.size(), 1u) << "the stale lock of pid " << pid << " was taken over silently:\n"
                                 << rerun.output;
  Result list = w.primer(std::vector<std::string>{"state", "list"} + w.cluster_flags());
  EXPECT_EQ(list.status, 0) << list.output;
  EXPECT_FALSE(contains(list.output, "(pending)")) << list.output;
  std::string rv = w.resource_version();
  Result noop = w.primer(std::vector<std::string>{"apply"} + flags);
  EXPECT_EQ(noop.output, "No changes. Your cluster matches the configuration.\n");
  EXPECT_EQ(w.resource_version(), rv);
}

TEST(ConcurrentApply, SecondApplyFailsFastNamingTheHolder) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  ASSERT_EQ(w.set_controllers(R"({"hold":["Deployment/argocd/argocd-server"]})"), 200);
  const std::vector<std::string> flags = w.cluster_flags({"-auto-approve"});
  std::unique_ptr<Process> first = w.start(std::vector<std::string>{"apply"} + flags);
  std::string log = w.dir() + "/run-1.log";
  ASSERT_TRUE(wait_for_output(log, "Waiting for workloads to be ready")) << slurp(log);

  auto started = std::chrono::steady_clock::now();
  Result second = w.primer(std::vector<std::string>{"apply"} + flags);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(second.status, 1) << second.output;
  EXPECT_LT(took, 10s) << "the second apply waited for the first";
  std::vector<std::string> errors = lines_with(second.output, "Error: ");
  ASSERT_EQ(errors.size(), 1u) << second.output;
  EXPECT_TRUE(
      errors[0].starts_with("Error: Lease argocd/primer-lock-argocd: state is locked: held by "))
      << errors[0];
  EXPECT_TRUE(contains(errors[0], " pid " + std::to_string(first->pid()) + " for \"apply\" since "))
      << errors[0];
  EXPECT_TRUE(contains(errors[0], "; if no primer run is active, run: primer state unlock "))
      << errors[0];

  ASSERT_EQ(w.set_controllers(R"({"hold":[]})"), 200);
  Result done = first->wait();
  EXPECT_EQ(done.status, 0) << done.output;
  EXPECT_TRUE(done.output.ends_with(
      "Handed off to Argo CD: Application argocd/argocd now manages the installation.\n"))
      << done.output;
  expect_clean_state(w);
  expect_no_op(w, flags);
}

TEST(ConcurrentApply, TwoAppliesStartedTogetherLeaveOneConsistentInstallation) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  const std::vector<std::string> flags = w.cluster_flags({"-auto-approve"});
  std::unique_ptr<Process> a = w.start(std::vector<std::string>{"apply"} + flags);
  std::unique_ptr<Process> b = w.start(std::vector<std::string>{"apply"} + flags);
  Result ra = a->wait();
  Result rb = b->wait();
  // One installs; the other either lost the race for the lock (and names its holder), or got
  // the lock after the first was done (its plan then predates that state: plan again).
  int ok = (ra.status == 0) + (rb.status == 0);
  EXPECT_GE(ok, 1) << ra.output << "\n----\n" << rb.output;
  for (const Result* r : {&ra, &rb}) {
    if (r->status == 0) continue;
    EXPECT_EQ(r->status, 1);
    EXPECT_TRUE(contains(r->output, "state is locked: held by ") ||
                contains(r->output, "the state changed since the plan was made"))
        << r->output;
  }
  expect_clean_state(w);
  expect_no_op(w, flags);
}

TEST(KilledDestroy, RerunFinishesRemovingEverything) {
  PRIMER_REQUIRE(chart_fixture_present(), "the argo-cd " + std::string(kChartVersion) + " fixture");
  PRIMER_WORLD(w);
  const std::vector<std::string> flags = w.cluster_flags({"-auto-approve"});
  Result applied = w.primer(std::vector<std::string>{"apply"} + flags);
  ASSERT_EQ(applied.status, 0) << applied.output;
  std::unique_ptr<Process> run = w.start(std::vector<std::string>{"destroy"} + flags);
  std::string log = w.dir() + "/run-2.log";
  ASSERT_TRUE(wait_for_output(log, "Deleting services")) << slurp(log);
  run->kill9();
  Result killed = run->wait();
  ASSERT_EQ(killed.status, 128 + SIGKILL) << killed.output;
  ASSERT_TRUE(w.get("v1", "Namespace", "", "argocd").has_value()) << killed.output;

  Result rerun = w.primer(std::vector<std::string>{"destroy"} + flags);
  ASSERT_EQ(rerun.status, 0) << rerun.output;
  EXPECT_TRUE(last_line(rerun.output).starts_with("Destroy complete! Resources: ")) << rerun.output;
  EXPECT_FALSE(w.get("v1", "Namespace", "", "argocd").has_value());
  EXPECT_FALSE(
      w.get("rbac.authorization.k8s.io/v1", "ClusterRole", "", "argocd-server").has_value());
  EXPECT_FALSE(
      w.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "applications.argoproj.io")
          .has_value());
  Result state = w.primer(std::vector<std::string>{"state", "list"} + w.cluster_flags());
  EXPECT_EQ(state.status, 1);
  EXPECT_EQ(state.output, "Error: no state in Secret argocd/primer-state-argocd\n");
}

}  // namespace
}  // namespace primer::integration
