// primer's commands: a table of name, one-line summary, help and handler (ninja's kTools[]),
// and the dispatcher that picks one from argv. Handlers are thin: read their args struct,
// build their view, run the pipeline, return the exit code.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bootstrap/args/flags.h"
#include "bootstrap/views/view.h"

namespace primer::bootstrap::commands {

/// The exit-code contract, as Terraform's: usage errors are errors too, and 2 is only ever
/// returned by `plan -detailed-exitcode` when there are changes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitChanges = 2;

struct Command;

/// What a handler is given besides its arguments.
struct Context {
  const views::View& view;
  std::span<const Command> commands;  // the whole table, for `help`
};

struct Command {
  std::string_view name;
  std::string_view summary;      // one line in `primer help`
  std::string_view description;  // `primer help NAME`; lines are indented when shown
  const args::Spec& spec;        // the flags and positional arguments it accepts
  /// Runs with the arguments after the command name (-no-color already removed).
  int (*run)(std::span<const std::string> args, const Context& context);
};

/// primer's commands, in the order `primer help` lists them.
std::span<const Command> commands();

/// The command called `name` in `table`, or nullptr.
const Command* find_command(std::span<const Command> table, std::string_view name);

/// Runs primer with `args` (argv without the program name) against `table`, writing to
/// `streams`; returns the exit code. Never throws: primer::Error is shown as "Error: ...",
/// anything else as an internal error, both with exit code 1.
int dispatch(std::vector<std::string> args, const views::Streams& streams,
             std::span<const Command> table);

/// primer's overview with `context`'s commands, on stdout (stderr when `on_err`).
void show_overview(const Context& context, bool on_err);
/// Reports that `name` is no command of `context`'s table, suggesting a close one.
void report_unknown_command(std::string_view name, const Context& context);

// Handlers, one per table entry.
int run_help(std::span<const std::string> args, const Context& context);
int run_version(std::span<const std::string> args, const Context& context);
int run_render(std::span<const std::string> args, const Context& context);
int run_pull(std::span<const std::string> args, const Context& context);
int run_init(std::span<const std::string> args, const Context& context);
int run_plan(std::span<const std::string> args, const Context& context);
int run_apply(std::span<const std::string> args, const Context& context);
int run_destroy(std::span<const std::string> args, const Context& context);
int run_state(std::span<const std::string> args, const Context& context);

}  // namespace primer::bootstrap::commands
