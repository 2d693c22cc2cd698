#include "charts/output_dir.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/error.h"

namespace primer::charts {
namespace {

class Writer {
 public:
  explicit Writer(std::string& log) : log_(log) {}

  // parity: writeToFile in pkg/action/install.go: the first document of a file truncates
  // it, later ones append; each is written as "---\n# Source: NAME\nDATA\n".
  void write(const std::string& dir, std::string_view name, std::string_view data) {
    std::string path = dir + "/" + std::string(name);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) throw Error("cannot create the directory for " + path + ": " + ec.message());
    bool append = !written_.insert(path).second;
    std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
    out << "---\n# Source: " << name << '\n' << data << '\n';
    out.close();
    if (!out) throw Error("cannot write " + path + ": " + std::strerror(errno));
    log_ += "wrote " + path + "\n";
  }

 private:
  std::string& log_;
  std::set<std::string> written_;
};

}  // namespace

std::string write_output_dir(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                             const OutputOptions& options, const std::string& dir,
                             const std::string& release_dir) {
  std::string log;
  Writer writer(log);
  std::string manifest_dir = release_dir.empty() ? dir : dir + "/" + release_dir;
  if (options.include_crds) {
    for (const CrdFile& crd : crds) writer.write(dir, crd.source, crd.data);
  }
  for (const Manifest& m : sorted.manifests) writer.write(manifest_dir, m.source, m.content);
  if (!options.no_hooks) {
    for (const Manifest& h : sorted.hooks) {
      bool test = false;
      for (const std::string& e : h.hook_events) test = test || e == "test";
      if (options.skip_tests && test) continue;
      writer.write(manifest_dir, h.source, h.content);
    }
  }
  return log + "\n";
}

}  // namespace primer::charts
