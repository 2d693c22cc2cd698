#include "kube/wait.h"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "base/error.h"
#include "base/strings.h"

namespace primer::kube {

std::string WaitResult::summary() const {
  if (all_current) return "";
  std::vector<std::string> failed, waiting;
  for (const auto& [ref, r] : states) {
    std::string line = ref.describe() + ": " + std::string(to_string(r.status));
    if (!r.message.empty()) line += ": " + r.message;
    if (r.status == ReadyStatus::Failed) {
      failed.push_back(line);
    } else if (r.status != ReadyStatus::Current) {
      waiting.push_back(line);
    }
  }
  if (!failed.empty()) return "failed: " + join(failed, "; ");
  return "timed out waiting for " + std::to_string(waiting.size()) +
         (waiting.size() == 1 ? " object: " : " objects: ") + join(waiting, "; ");
}

WaitResult wait_for(Client& client, const std::vector<ObjectRef>& objects,
                    const WaitOptions& options, WaitProgress* progress) {
  WaitResult result;
  std::vector<ObjectRef> refs = objects;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    ResourceInfo info = client.discovery().resource_for(refs[i].api_version, refs[i].kind);
    if (info.namespaced && refs[i].namespace_name.empty()) {
      refs[i].namespace_name = client.default_namespace;
    }
    if (!info.namespaced) refs[i].namespace_name.clear();
    groups[{refs[i].api_version, refs[i].kind, refs[i].namespace_name}].push_back(i);
    result.states.emplace_back(refs[i], Readiness{ReadyStatus::Unknown, ""});
  }
  if (refs.empty()) {
    result.all_current = true;
    return result;
  }

  std::mutex mu;
  std::atomic<bool> stop{false};
  std::vector<bool> seen(refs.size(), false);
  std::exception_ptr failure;
  auto settled = [&] {  // with mu held
    bool all = true;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      ReadyStatus s = result.states[i].second.status;
      if (s == ReadyStatus::Failed && options.stop_on_failure) return true;
      if (s != ReadyStatus::Current) all = false;
    }
    return all;
  };
  auto update = [&](std::size_t i, const value::Value* object) {
    Readiness r = compute_readiness(object, options.readiness);
    std::lock_guard lock(mu);
    Readiness& old = result.states[i].second;
    if (!seen[i] || old.status != r.status || old.message != r.message) {
      seen[i] = true;
      old = r;
      if (progress != nullptr) progress->changed(refs[i], r);
    }
    if (settled()) stop = true;
  };

  std::vector<std::thread> threads;
  for (const auto& [key, members] : groups) {
    threads.emplace_back([&, key = key, members = members] {
      try {
        WatchOptions w;
        w.deadline = options.deadline;
        w.stop = &stop;
        w.force_poll = options.force_poll;
        w.poll_interval = options.poll_interval;
        if (members.size() == 1) w.field_selector = "metadata.name=" + refs[members[0]].name;
        std::map<std::string, std::size_t> by_name;
        for (std::size_t i : members) by_name[refs[i].name] = i;
        client.watch(std::get<0>(key), std::get<1>(key), std::get<2>(key), w,
                     [&](const WatchEvent& e) {
                       const value::Value* m = e.object.find("metadata");
                       const value::Value* n = m != nullptr ? m->find("name") : nullptr;
                       if (n == nullptr || !n->is_string()) return true;
                       auto it = by_name.find(n->as_string());
                       if (it == by_name.end()) return true;
                       update(it->second, e.type == "DELETED" ? nullptr : &e.object);
                       return !stop.load();
                     });
      } catch (...) {
        std::lock_guard lock(mu);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  // Objects never seen did not exist.
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (!seen[i]) result.states[i].second = compute_readiness(nullptr, options.readiness);
  }
  result.all_current = true;
  for (const auto& [ref, r] : result.states) {
    if (r.status != ReadyStatus::Current) result.all_current = false;
  }
  return result;
}

}  // namespace primer::kube
