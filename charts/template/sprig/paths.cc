// Go's path and path/filepath functions as Sprig exposes them. On Linux filepath's Base,
// Clean, Dir, Ext and IsAbs give the same results as path's, so both names share one body.

#include <string>
#include <vector>

#include "charts/template/sprig/detail/convert.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

// parity: path.Clean (lexical: drop //, ., and dir/.. pairs).
std::string clean(const std::string& p) {
  if (p.empty()) return ".";
  bool rooted = p[0] == '/';
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < p.size()) {
    std::size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string part = p.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back("..");
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = rooted ? "/" : "";
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out.empty() ? "." : out;
}

std::string base(std::string p) {
  if (p.empty()) return ".";
  while (!p.empty() && p.back() == '/') p.pop_back();
  std::size_t slash = p.rfind('/');
  if (slash != std::string::npos) p = p.substr(slash + 1);
  return p.empty() ? "/" : p;
}

std::string dir(const std::string& p) {
  std::size_t slash = p.rfind('/');
  return clean(slash == std::string::npos ? "" : p.substr(0, slash + 1));
}

std::string ext(const std::string& p) {
  for (std::size_t i = p.size(); i > 0 && p[i - 1] != '/'; --i) {
    if (p[i - 1] == '.') return p.substr(i - 1);
  }
  return "";
}

}  // namespace

void add_paths(Funcs& funcs, const Options&) {
  const Signature s1{{Param::String}};
  auto add = [&](const char* name, const char* os_name, std::string (*fn)(const std::string&)) {
    Callable c = [fn](Call&, std::span<const TValue> a) {
      return detail::str(fn(a[0].value().as_string()));
    };
    funcs.add(name, s1, c);
    funcs.add(os_name, s1, c);
  };
  add("base", "osBase", [](const std::string& p) { return base(p); });
  add("dir", "osDir", dir);
  add("clean", "osClean", clean);
  add("ext", "osExt", ext);
  Callable is_abs = [](Call&, std::span<const TValue> a) {
    const std::string& p = a[0].value().as_string();
    return detail::boolean(!p.empty() && p[0] == '/');
  };
  funcs.add("isAbs", s1, is_abs);
  funcs.add("osIsAbs", s1, is_abs);
}

}  // namespace primer::tmpl::sprig
