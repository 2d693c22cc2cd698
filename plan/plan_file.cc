#include "plan/plan_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "base/error.h"
#include "base/strings.h"
#include "value/kind_phrase.h"
#include "value/value.h"

namespace primer::plan {
namespace {

using value::Value;

constexpr std::string_view kFormat = "primer-plan/1";

constexpr Action kActions[] = {Action::Create, Action::Update, Action::Delete, Action::NoOp,
                               Action::Owned};
constexpr Wave kWaves[] = {Wave::Namespaces, Wave::Crds,      Wave::ClusterRbac,     Wave::Config,
                           Wave::Services,   Wave::Workloads, Wave::CustomResources, Wave::Handoff};

Value change_json(const Change& c) {
  return Value(value::Map{
      {"apiVersion", c.ref.api_version},
      {"kind", c.ref.kind},
      {"namespace", c.ref.namespace_name},
      {"name", c.ref.name},
      {"action", to_string(c.action)},
      {"wave", to_string(c.wave)},
      {"hook", c.hook},
      {"sensitive", c.sensitive},
      {"desiredDigest", c.desired_digest},
      {"liveResourceVersion", c.live_resource_version},
      {"liveUid", c.live_uid},
  });
}

// Removes the temporary file unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  std::string& path() { return path_; }
  int& fd() { return fd_; }
  void keep() { kept_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

[[noreturn]] void fail_io(const std::string& path, std::string_view what) {
  throw Error(Where{path}, std::string(what) + ": " + std::strerror(errno));
}

// Reads the fields of one JSON object, naming the file and the field in every error.
class Reader {
 public:
  Reader(const std::string& file, const Value& object, std::string prefix)
      : file_(file), object_(object), prefix_(std::move(prefix)) {}

  const Value& field(std::string_view key, value::Kind kind, std::string_view what) const {
    const Value* v = object_.find(key);
    if (v == nullptr) fail(key, "missing");
    if (v->kind() != kind) {
      fail(key, "expected " + std::string(what) + ", got " + std::string(value::kind_phrase(*v)));
    }
    return *v;
  }
  std::string string(std::string_view key) const {
    return field(key, value::Kind::String, "a string").as_string();
  }
  bool boolean(std::string_view key) const {
    return field(key, value::Kind::Bool, "true or false").as_bool();
  }
  std::int64_t integer(std::string_view key) const {
    return field(key, value::Kind::Int, "an integer").as_int();
  }
  template <typename E, std::size_t N>
  E one_of(std::string_view key, const E (&options)[N]) const {
    std::string got = string(key);
    std::vector<std::string> names;
    for (E option : options) {
      if (to_string(option) == got) return option;
      names.push_back(quote(to_string(option)));
    }
    fail(key, "expected one of " + join(names, ", ") + ", got " + quote(got));
  }

  [[noreturn]] void fail(std::string_view key, const std::string& message) const {
    throw Error(Where{file_}, prefix_ + std::string(key) + ": " + message);
  }

 private:
  const std::string& file_;
  const Value& object_;
  std::string prefix_;
};

std::string or_none(const std::string& s) { return s.empty() ? "none" : s; }

}  // namespace

void write_plan_file(const std::string& path, const Plan& plan) {
  value::List changes;
  for (const Change& c : plan.changes) changes.push_back(change_json(c));
  Value doc(value::Map{
      {"format", kFormat},
      {"primerVersion", PRIMER_VERSION},
      {"inputsDigest", plan.inputs_digest},
      {"cluster", plan.cluster},
      {"offline", plan.offline},
      {"stateLineage", plan.state_lineage},
      {"stateSerial", plan.state_serial},
      {"handoffApplication", plan.handoff_application},
      {"handOff", plan.hand_off},
      {"changes", Value(std::move(changes))},
  });
  std::string text = value::to_pretty_json(doc) + "\n";

  TempFile tmp(path + ".tmp-XXXXXX");
  tmp.fd() = ::mkstemp(tmp.path().data());
  if (tmp.fd() < 0) {
    tmp.keep();  // nothing was created
    fail_io(path, "cannot write the plan");
  }
  if (::fchmod(tmp.fd(), 0600) != 0) fail_io(path, "cannot write the plan");
  std::string_view rest = text;
  while (!rest.empty()) {
    ssize_t n = ::write(tmp.fd(), rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_io(path, "cannot write the plan");
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(tmp.fd()) != 0) fail_io(path, "cannot write the plan");
  int fd = tmp.fd();
  tmp.fd() = -1;
  if (::close(fd) != 0) fail_io(path, "cannot write the plan");
  if (::rename(tmp.path().c_str(), path.c_str()) != 0) fail_io(path, "cannot write the plan");
  tmp.keep();
}

Plan read_plan_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_io(path, "cannot read the plan");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw Error(Where{path}, "cannot read the plan");
  std::string text = buf.str();
  Value doc = value::parse_json(path, text, value::Numbers::Typed);
  const Value* format = doc.is_map() ? doc.find("format") : nullptr;
  if (format == nullptr || !format->is_string()) {
    throw Error(Where{path}, "not a primer plan file");
  }
  if (format->as_string() != kFormat) {
    throw Error(Where{path}, "unsupported plan format " + quote(format->as_string()) +
                                 " (this primer reads " + quote(kFormat) + ")");
  }
  Reader top(path, doc, "");
  Plan plan;
  plan.inputs_digest = top.string("inputsDigest");
  plan.cluster = top.string("cluster");
  plan.offline = top.boolean("offline");
  plan.state_lineage = top.string("stateLineage");
  plan.state_serial = top.integer("stateSerial");
  plan.handoff_application = top.string("handoffApplication");
  plan.hand_off = static_cast<int>(top.integer("handOff"));
  const value::List& changes = top.field("changes", value::Kind::List, "a list").as_list();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    std::string prefix = "changes[" + std::to_string(i) + "]";
    if (!changes[i].is_map()) top.fail(prefix, "expected an object");
    Reader r(path, changes[i], prefix + ".");
    Change c;
    c.ref = kube::ObjectRef{r.string("apiVersion"), r.string("kind"), r.string("namespace"),
                            r.string("name")};
    c.action = r.one_of("action", kActions);
    c.wave = r.one_of("wave", kWaves);
    c.hook = r.boolean("hook");
    c.sensitive = r.boolean("sensitive");
    c.desired_digest = r.string("desiredDigest");
    c.live_resource_version = r.string("liveResourceVersion");
    c.live_uid = r.string("liveUid");
    plan.changes.push_back(std::move(c));
  }
  return plan;
}

std::vector<std::string> stale_reasons(const Plan& saved, const Plan& fresh) {
  std::vector<std::string> reasons;
  if (saved.cluster != fresh.cluster) reasons.push_back("the plan was made for another cluster");
  if (saved.offline != fresh.offline) {
    reasons.push_back(saved.offline ? "the plan was made offline, without reading the cluster"
                                    : "the plan was made against a cluster, not offline");
  }
  if (saved.inputs_digest != fresh.inputs_digest) {
    reasons.push_back("the inputs changed since the plan was made");
  }
  if (saved.state_lineage != fresh.state_lineage) {
    reasons.push_back("the state was replaced (lineage " + or_none(saved.state_lineage) + " → " +
                      or_none(fresh.state_lineage) + ")");
  } else if (saved.state_serial != fresh.state_serial) {
    reasons.push_back("the state changed (serial " + std::to_string(saved.state_serial) + " → " +
                      std::to_string(fresh.state_serial) + ")");
  }
  if (saved.handoff_application != fresh.handoff_application) {
    reasons.push_back("the handoff application changed (" + or_none(saved.handoff_application) +
                      " → " + or_none(fresh.handoff_application) + ")");
  }
  if (saved.hand_off != fresh.hand_off) {
    reasons.push_back("the objects to hand off changed (" + std::to_string(saved.hand_off) + " → " +
                      std::to_string(fresh.hand_off) + ")");
  }

  std::map<std::string, const Change*> saved_by_ref;
  for (const Change& c : saved.changes) saved_by_ref[c.ref.describe()] = &c;
  for (const Change& now : fresh.changes) {
    std::string ref = now.ref.describe();
    auto it = saved_by_ref.find(ref);
    if (it == saved_by_ref.end()) {
      reasons.push_back(ref + " is planned now but was not in the saved plan");
      continue;
    }
    const Change& then = *it->second;
    saved_by_ref.erase(it);
    if (then.action != now.action) {
      reasons.push_back(ref + ": the action changed (" + std::string(to_string(then.action)) +
                        " → " + std::string(to_string(now.action)) + ")");
      continue;
    }
    if (then.desired_digest != now.desired_digest) {
      reasons.push_back(ref + ": the desired object changed since the plan was made");
    }
    // Only what primer writes over was diffed against a live version; a no-op object whose
    // status moved on is no reason to refuse (a real drift shows as a changed action).
    if (now.action == Action::Update || now.action == Action::Delete) {
      if (then.live_resource_version != now.live_resource_version) {
        reasons.push_back(
            ref + " changed in the cluster since the plan was made (resourceVersion " +
            or_none(then.live_resource_version) + " → " + or_none(now.live_resource_version) + ")");
      } else if (then.live_uid != now.live_uid) {
        reasons.push_back(ref + " was replaced in the cluster since the plan was made (uid " +
                          or_none(then.live_uid) + " → " + or_none(now.live_uid) + ")");
      }
    }
  }
  for (const Change& c : saved.changes) {
    if (saved_by_ref.contains(c.ref.describe())) {
      reasons.push_back(c.ref.describe() + " was in the saved plan but is not planned now");
    }
  }
  return reasons;
}

}  // namespace primer::plan
