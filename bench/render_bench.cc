// Where primer's render of a chart spends its time: loading, values, parse + execute of
// every template, manifest sorting and output, each timed over repeated runs in-process.
// Usage: render_bench [--only PHASE] [--dump FILE] CHART SECONDS [VALUES...]
// --only times just one phase (load, values, templates, parse, sort, heads, render), for a
// profiler; SECONDS 0 runs each timed phase exactly once without a warm-up, so that the
// instruction count of a phase is the program's count less that of `--only none`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "charts/dependencies.h"
#include "charts/engine.h"
#include "charts/loader.h"
#include "charts/manifests.h"
#include "charts/render.h"
#include "charts/template/template.h"
#include "charts/values.h"

using Clock = std::chrono::steady_clock;

namespace {

// Runs `step` repeatedly for about `seconds` and returns the fastest run in milliseconds: on a
// shared machine the minimum is what the code costs, the mean mostly what the neighbours do.
double time_ms(double seconds, const std::function<void()>& step) {
  if (seconds <= 0) {
    auto t0 = Clock::now();
    step();
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }
  step();  // warm up
  double best = 1e300;
  auto start = Clock::now();
  do {
    auto t0 = Clock::now();
    step();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  } while (std::chrono::duration<double>(Clock::now() - start).count() < seconds);
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string only;
  std::string dump;  // --dump FILE: write the whole render's output there
  while (argc > 2 && (std::string(argv[1]) == "--only" || std::string(argv[1]) == "--dump")) {
    (std::string(argv[1]) == "--only" ? only : dump) = argv[2];
    argv += 2;
    argc -= 2;
  }
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: render_bench [--only PHASE] [--dump FILE] CHART SECONDS [VALUES...]\n");
    return 2;
  }
  using namespace primer::charts;
  std::string path = argv[1];
  double seconds = std::atof(argv[2]);
  RenderOptions options;
  for (int i = 3; i < argc; ++i) options.values.values_files.push_back(argv[i]);
  // A phase not selected by --only is skipped (reported as 0).
  auto timed = [&](const char* phase, const std::function<void()>& step) {
    return only.empty() || only == phase ? time_ms(seconds, step) : 0.0;
  };
  options.release.name = "argocd";
  options.release.namespace_name = "argocd";
  options.capabilities.api_versions = {"monitoring.coreos.com/v1"};
  try {
    Chart chart = load_chart(path, Dialect::Helm4);
    primer::value::Value user = merge_user_values(options.values, Dialect::Helm4);
    Chart processed = chart;
    process_dependencies(processed, user, Dialect::Helm4);
    primer::value::Value values = coalesce_values(processed, user, Dialect::Helm4);
    auto rendered =
        render_templates(processed, values, options.release, options.capabilities, options.engine);
    std::size_t templates = rendered.size();

    double load = timed("load", [&] { load_chart(path, Dialect::Helm4); });
    double vals = timed("values", [&] {
      primer::value::Value u = merge_user_values(options.values, Dialect::Helm4);
      Chart c = chart;
      process_dependencies(c, u, Dialect::Helm4);
      coalesce_values(c, u, Dialect::Helm4);
    });
    double templ = timed("templates", [&] {
      render_templates(processed, values, options.release, options.capabilities, options.engine);
    });
    // Parsing alone: every template file of the chart and its subcharts into one set.
    std::vector<const File*> files;
    std::function<void(const Chart&)> gather = [&](const Chart& c) {
      for (const File& f : c.templates) files.push_back(&f);
      for (const auto& d : c.dependencies) gather(*d);
    };
    gather(processed);
    auto funcs = helm_funcs(options.engine);
    double parse = timed("parse", [&] {
      primer::tmpl::Set set(funcs, "gotpl");
      for (const File* f : files) set.parse_borrowed(f->name, f->data);
    });
    double sort = timed("sort", [&] {
      auto sorted = sort_manifests(rendered, Dialect::Helm4);
      template_output(sorted, {}, {});
    });
    // What sort_manifests' decoding costs when it reads heads only, over parse_yaml_each.
    const std::vector<std::string> heads = {"apiVersion", "kind", "metadata"};
    auto decode_heads = [&](unsigned threads, const std::vector<std::string>& keys) {
      std::vector<std::string> docs;
      for (const auto& [key, text] : rendered) {
        std::string_view base = std::string_view(key).substr(key.rfind('/') + 1);
        if (base.starts_with("_") || key.ends_with("NOTES.txt")) continue;
        for (std::string& d : split_documents(text)) docs.push_back(std::move(d));
      }
      std::vector<primer::value::YamlText> texts;
      for (const std::string& d : docs) texts.push_back({"doc", d});
      primer::value::parse_yaml_each(texts, keys, {}, nullptr, threads);
    };
    double split_only = timed("heads", [&] {
      for (const auto& [key, text] : rendered) split_documents(text);
    });
    double whole1 = timed("heads", [&] { decode_heads(1, {}); });
    double heads1 = timed("heads", [&] { decode_heads(1, heads); });
    double heads2 = timed("heads", [&] { decode_heads(0, heads); });
    double total =
        timed("render", [&] { render_chart(load_chart(path, Dialect::Helm4), options); });
    std::string output = render_chart(chart, options).output;
    std::size_t bytes = output.size();
    if (!dump.empty()) {
      if (FILE* f = std::fopen(dump.c_str(), "wb")) {
        std::fwrite(output.data(), 1, output.size(), f);
        std::fclose(f);
      }
    }
    std::printf("templates executed          %zu (output %zu bytes)\n", templates, bytes);
    std::printf("load chart (.tgz)           %8.2f ms\n", load);
    std::printf("values, dependencies        %8.2f ms\n", vals);
    std::printf("parse + execute templates   %8.2f ms\n", templ);
    std::printf("  of which parse only         %8.2f ms\n", parse);
    std::printf("split, sort, print          %8.2f ms\n", sort);
    std::printf("  of which split only         %8.2f ms\n", split_only);
    std::printf("  split + whole decode, 1 thread %8.2f ms\n", whole1);
    std::printf("  split + head decode, 1 thread  %8.2f ms\n", heads1);
    std::printf("  split + head decode, threads   %8.2f ms\n", heads2);
    std::printf("whole render                %8.2f ms\n", total);
  } catch (const primer::Error& e) {
    std::fprintf(stderr, "Error: %s\n", e.what());
    return 1;
  }
  return 0;
}
