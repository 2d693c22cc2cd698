#include "kube/client.h"

#include <algorithm>
#include <map>
#include <thread>
#include <utility>

#include "base/error.h"
#include "base/http.h"
#include "base/strings.h"

namespace primer::kube {
namespace {

using value::Value;

std::string str(const Value& v, std::string_view key) {
  const Value* f = v.is_map() ? v.find(key) : nullptr;
  return f != nullptr && f->is_string() ? f->as_string() : "";
}

Value meta(const Value& v) {
  const Value* m = v.is_map() ? v.find("metadata") : nullptr;
  return m != nullptr && m->is_map() ? *m : Value();
}

Value parse(const ObjectRef& ref, std::string_view body) {
  try {
    return value::parse_json(ref.describe(), body, value::Numbers::Typed);
  } catch (const Error& e) {
    throw Error(Where{ref.describe()}, "decoding the response: " + e.message());
  }
}

[[noreturn]] void fail(const ObjectRef& ref, const Response& r) {
  throw Error(Where{ref.describe()}, describe(api_status(r)));
}

void add_query(std::string& path, std::string_view key, std::string_view value) {
  path += path.find('?') == std::string::npos ? '?' : '&';
  path += std::string(key) + "=" + query_escape(value);
}

}  // namespace

std::string query_escape(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string ObjectRef::describe() const {
  std::string out = api_version + " " + kind + " ";
  if (!namespace_name.empty()) out += namespace_name + "/";
  return out + name;
}

ObjectRef ObjectRef::of(const Value& object) {
  Value m = meta(object);
  return ObjectRef{str(object, "apiVersion"), str(object, "kind"), str(m, "namespace"),
                   str(m, "name")};
}

std::string describe(const ApiStatus& status) {
  std::string reason = status.reason;
  if (reason.empty()) reason = std::string(http::reason_phrase(status.code));
  std::string out = std::to_string(status.code);
  if (!reason.empty()) out += " " + reason;
  if (!status.message.empty()) out += ": " + status.message;
  return out;
}

ApiStatus api_status(const Response& response) {
  ApiStatus out;
  out.code = response.status;
  try {
    Value v = value::parse_json("Status", response.body, value::Numbers::Typed);
    if (str(v, "kind") == "Status") {
      out.status = v;
      out.reason = str(v, "reason");
      out.message = str(v, "message");
    }
  } catch (const Error&) {
    // Not a Status (a proxy's HTML page): the code alone describes it.
  }
  if (out.message.empty() && out.status.is_null()) {
    std::string_view body = trim(response.body);
    if (!body.empty() && body.size() < 200 && body.find('\n') == std::string_view::npos) {
      out.message = std::string(body);
    }
  }
  return out;
}

Client::Client(Transport& transport, Discovery& discovery)
    : default_namespace(transport.config().namespace_name.empty()
                            ? "default"
                            : transport.config().namespace_name),
      transport_(transport),
      discovery_(discovery) {}

std::string Client::object_path(const ResourceInfo& info, const std::string& ns,
                                const std::string& name) const {
  std::string path =
      info.group.empty() ? "/api/" + info.version : "/apis/" + info.group + "/" + info.version;
  if (info.namespaced && !ns.empty()) path += "/namespaces/" + query_escape(ns);
  path += "/" + info.resource;
  if (!name.empty()) path += "/" + query_escape(name);
  return path;
}

std::pair<ResourceInfo, ObjectRef> Client::resolve(const ObjectRef& ref) {
  ResourceInfo info = discovery_.resource_for(ref.api_version, ref.kind);
  ObjectRef r = ref;
  if (info.namespaced && r.namespace_name.empty()) r.namespace_name = default_namespace;
  if (!info.namespaced) r.namespace_name.clear();
  return {std::move(info), std::move(r)};
}

void Client::note_warnings(const std::vector<std::string>& warnings) {
  if (warnings.empty()) return;
  std::lock_guard lock(mu_);
  for (const std::string& w : warnings) {
    if (std::find(warnings_.begin(), warnings_.end(), w) == warnings_.end()) {
      warnings_.push_back(w);
    }
  }
}

std::vector<std::string> Client::take_warnings() {
  std::lock_guard lock(mu_);
  return std::exchange(warnings_, {});
}

std::optional<Value> Client::get(const ObjectRef& ref) {
  auto [info, r] = resolve(ref);
  Request req;
  req.path = object_path(info, r.namespace_name, r.name);
  Response resp = transport_.send(req);
  note_warnings(resp.warnings);
  if (resp.status == 404) return std::nullopt;
  if (!resp.ok()) fail(r, resp);
  return parse(r, resp.body);
}

std::vector<std::optional<Value>> Client::get_all(const std::vector<ObjectRef>& refs) {
  std::vector<Request> requests;
  std::vector<ObjectRef> resolved;
  for (const ObjectRef& ref : refs) {
    auto [info, r] = resolve(ref);
    Request req;
    req.path = object_path(info, r.namespace_name, r.name);
    requests.push_back(std::move(req));
    resolved.push_back(std::move(r));
  }
  std::vector<Outcome> got = transport_.send_all(requests);
  std::vector<std::optional<Value>> out(refs.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (!got[i].response) throw Error(Where{resolved[i].describe()}, got[i].error);
    const Response& resp = *got[i].response;
    note_warnings(resp.warnings);
    if (resp.status == 404) continue;
    if (!resp.ok()) fail(resolved[i], resp);
    out[i] = parse(resolved[i], resp.body);
  }
  return out;
}

Value Client::json_patch(const ObjectRef& ref, const Value& operations) {
  auto [info, r] = resolve(ref);
  Request req;
  req.method = "PATCH";
  req.path = object_path(info, r.namespace_name, r.name);
  req.content_type = "application/json-patch+json";
  req.body = value::to_raw_json(operations);
  Response resp = transport_.send(req);
  note_warnings(resp.warnings);
  if (!resp.ok()) fail(r, resp);
  return parse(r, resp.body);
}

ListResult Client::list(const std::string& api_version, const std::string& kind,
                        const std::string& namespace_name, const ListOptions& options) {
  ResourceInfo info = discovery_.resource_for(api_version, kind);
  ObjectRef ref{api_version, kind, info.namespaced ? namespace_name : "", ""};
  std::string base = object_path(info, ref.namespace_name, "");
  ListResult out;
  std::string cont;
  for (;;) {
    std::string path = base;
    if (!options.label_selector.empty()) add_query(path, "labelSelector", options.label_selector);
    if (!options.field_selector.empty()) add_query(path, "fieldSelector", options.field_selector);
    if (options.limit > 0) add_query(path, "limit", std::to_string(options.limit));
    if (!cont.empty()) add_query(path, "continue", cont);
    Request req;
    req.path = path;
    Response resp = transport_.send(req);
    note_warnings(resp.warnings);
    if (resp.status == 410 && !cont.empty()) {
      // parity: client-go pager: an expired continue token restarts the list.
      out = ListResult{};
      cont.clear();
      continue;
    }
    if (!resp.ok()) fail(ref, resp);
    Value page = parse(ref, resp.body);
    if (const Value* items = page.find("items"); items != nullptr && items->is_list()) {
      for (const Value& item : items->as_list()) {
        // Items of a list carry no apiVersion/kind; readiness and callers want them.
        if (item.is_map()) {
          item.set("apiVersion", Value(api_version));
          item.set("kind", Value(kind));
        }
        out.items.push_back(item);
      }
    }
    Value m = meta(page);
    out.resource_version = str(m, "resourceVersion");
    cont = str(m, "continue");
    if (cont.empty()) return out;
  }
}

std::vector<ApplyResult> Client::apply_all(const std::vector<Value>& objects,
                                           const ApplyOptions& options) {
  std::vector<ApplyResult> out(objects.size());
  std::vector<Request> requests;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    ApplyResult& result = out[i];
    result.ref = ObjectRef::of(objects[i]);
    try {
      if (result.ref.api_version.empty() || result.ref.kind.empty() || result.ref.name.empty()) {
        throw Error("apiVersion, kind and metadata.name are required");
      }
      ResourceInfo info = discovery_.resource_for(result.ref.api_version, result.ref.kind);
      Value body = objects[i];
      if (info.namespaced && result.ref.namespace_name.empty()) {
        result.ref.namespace_name = default_namespace;
      }
      if (!info.namespaced) result.ref.namespace_name.clear();
      Request req;
      req.method = "PATCH";
      req.path = object_path(info, result.ref.namespace_name, result.ref.name);
      add_query(req.path, "fieldManager", options.field_manager);
      if (options.force) add_query(req.path, "force", "true");
      if (options.dry_run) add_query(req.path, "dryRun", "All");
      // JSON is YAML: the apply content type takes either.
      req.content_type = "application/apply-patch+yaml";
      req.body = value::to_raw_json(body);
      req.deadline = options.deadline;
      requests.push_back(std::move(req));
      index.push_back(i);
    } catch (const Error& e) {
      result.error = format_where(Where{result.ref.describe()}) + ": " + e.message();
    }
  }
  std::vector<Outcome> got = transport_.send_all(requests);
  for (std::size_t k = 0; k < got.size(); ++k) {
    ApplyResult& result = out[index[k]];
    if (!got[k].response) {
      result.error = result.ref.describe() + ": " + got[k].error;
      continue;
    }
    Response& resp = *got[k].response;
    result.warnings = resp.warnings;
    note_warnings(resp.warnings);
    if (!resp.ok()) {
      result.failure = api_status(resp);
      result.error = result.ref.describe() + ": " + describe(*result.failure);
      continue;
    }
    try {
      result.object = parse(result.ref, resp.body);
    } catch (const Error& e) {
      result.error = e.what();
    }
  }
  return out;
}

Value Client::apply(const Value& object, const ApplyOptions& options) {
  std::vector<ApplyResult> r = apply_all({object}, options);
  if (!r[0].ok()) throw Error(r[0].error);
  return *r[0].object;
}

bool Client::remove(const ObjectRef& ref, Propagation propagation) {
  auto [info, r] = resolve(ref);
  Request req;
  req.method = "DELETE";
  req.path = object_path(info, r.namespace_name, r.name);
  req.content_type = "application/json";
  const char* policy = propagation == Propagation::Foreground ? "Foreground"
                       : propagation == Propagation::Orphan   ? "Orphan"
                                                              : "Background";
  req.body = std::string(R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":")") +
             policy + "\"}";
  Response resp = transport_.send(req);
  note_warnings(resp.warnings);
  if (resp.status == 404) return false;
  if (!resp.ok()) fail(r, resp);
  return true;
}

WatchStats Client::watch(const std::string& api_version, const std::string& kind,
                         const std::string& namespace_name, const WatchOptions& options,
                         const std::function<bool(const WatchEvent&)>& on_event) {
  WatchStats stats;
  ResourceInfo info = discovery_.resource_for(api_version, kind);
  ObjectRef ref{api_version, kind, info.namespaced ? namespace_name : "", ""};
  ListOptions list_options;
  list_options.label_selector = options.label_selector;
  list_options.field_selector = options.field_selector;
  auto over = [&] {
    return (options.stop != nullptr && options.stop->load()) ||
           (options.deadline && Clock::now() >= *options.deadline);
  };
  auto stamp = [&](const Value& object) {
    if (object.is_map()) {
      object.set("apiVersion", Value(api_version));
      object.set("kind", Value(kind));
    }
  };
  bool finished = false;
  // Lists and reports every object as ADDED; returns the list's resourceVersion.
  auto relist = [&]() -> std::string {
    ListResult l = list(api_version, kind, namespace_name, list_options);
    for (const Value& item : l.items) {
      if (finished) break;
      if (!on_event(WatchEvent{"ADDED", item})) finished = true;
    }
    return l.resource_version;
  };

  std::string rv = options.resource_version;
  bool poll = options.force_poll || !info.has_verb("watch");
  if (rv.empty() && !poll) rv = relist();
  int quick_failures = 0;
  while (!finished && !over() && !poll) {
    std::string path = object_path(info, ref.namespace_name, "");
    add_query(path, "watch", "true");
    add_query(path, "allowWatchBookmarks", "true");
    add_query(path, "resourceVersion", rv);
    long timeout = 300;
    if (options.deadline) {
      auto left =
          std::chrono::duration_cast<std::chrono::seconds>(*options.deadline - Clock::now());
      timeout = std::clamp<long>(left.count() + 1, 1, 300);
    }
    add_query(path, "timeoutSeconds", std::to_string(timeout));
    if (!options.label_selector.empty()) add_query(path, "labelSelector", options.label_selector);
    if (!options.field_selector.empty()) add_query(path, "fieldSelector", options.field_selector);
    Request req;
    req.path = path;
    req.deadline = options.deadline;
    std::string buffer, error_body;
    bool gone = false;
    bool got_event = false;
    auto on_data = [&](std::string_view chunk) {
      buffer.append(chunk);
      for (size_t nl; (nl = buffer.find('\n')) != std::string::npos;) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 1);
        if (trim(line).empty()) continue;
        Value event;
        try {
          event = value::parse_json("watch event", line, value::Numbers::Typed);
        } catch (const Error&) {
          error_body += line;
          continue;
        }
        std::string type = str(event, "type");
        const Value* object = event.find("object");
        if (type.empty() || object == nullptr) {
          error_body += line;  // a Status body of a refused watch
          continue;
        }
        if (type == "ERROR") {
          const Value* code = object->find("code");
          if (code != nullptr && code->is_int() && code->as_int() == 410) gone = true;
          return false;
        }
        std::string next = str(meta(*object), "resourceVersion");
        if (!next.empty()) rv = next;
        got_event = true;
        if (type == "BOOKMARK") continue;
        stamp(*object);
        if (!on_event(WatchEvent{type, *object})) {
          finished = true;
          return false;
        }
      }
      return true;
    };
    long status = 0;
    ++stats.connections;
    try {
      status = transport_.stream(req, on_data, options.stop);
    } catch (const Error& e) {
      // A connection failure: reconnect with backoff until the deadline.
      if (++quick_failures > 8 && !options.deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(quick_failures, 5)));
      continue;
    }
    if (finished || over()) break;
    if (status == 410) gone = true;
    if (gone) {
      ++stats.relists;
      rv = relist();
      continue;
    }
    if (status == 405 || status == 501) {
      poll = true;
      break;
    }
    if (status == 429 || status >= 500) {
      ++quick_failures;
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(quick_failures, 5)));
      continue;
    }
    if (status < 200 || status >= 300) {
      Response r;
      r.status = status;
      r.body = error_body + buffer;
      fail(ref, r);
    }
    // The stream ended (server timeout or a dropped connection): resume from rv.
    quick_failures = got_event ? 0 : quick_failures + 1;
    if (!got_event) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << std::min(quick_failures, 5)));
    }
  }
  if (poll && !finished) {
    stats.polled = true;
    std::map<std::string, Value> seen;  // uid or namespace/name → object
    while (!finished && !over()) {
      ListResult l = list(api_version, kind, namespace_name, list_options);
      std::map<std::string, Value> now;
      for (const Value& item : l.items) {
        Value m = meta(item);
        std::string key = str(m, "namespace") + "/" + str(m, "name");
        auto old = seen.find(key);
        if (old == seen.end()) {
          if (!on_event(WatchEvent{"ADDED", item})) finished = true;
        } else if (str(meta(old->second), "resourceVersion") != str(m, "resourceVersion")) {
          if (!on_event(WatchEvent{"MODIFIED", item})) finished = true;
        }
        now[key] = item;
        if (finished) break;
      }
      for (const auto& [key, item] : seen) {
        if (finished) break;
        if (!now.count(key) && !on_event(WatchEvent{"DELETED", item})) finished = true;
      }
      seen = std::move(now);
      auto until = Clock::now() + options.poll_interval;
      while (!finished && !over() && Clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  return stats;
}

}  // namespace primer::kube
