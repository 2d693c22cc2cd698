#include "bootstrap/commands/commands.h"

#include <exception>

#include "bootstrap/args/args.h"
#include "bootstrap/views/help.h"

namespace primer::bootstrap::commands {
namespace {

// Adding a command is adding a row here (and its args struct, view and handler).
const Command kCommands[] = {
    {
        .name = "apply",
        .summary = "Install or update Argo CD, then hand it the cluster",
        .description =
            "Plans as `primer plan` does, asks for confirmation (unless -auto-approve), then\n"
            "applies in waves: the namespace, Helm pre-install hooks, CRDs (waited to be\n"
            "Established), cluster RBAC, configuration, services, workloads (waited to be\n"
            "ready), custom resources; then, once Argo CD runs, the AppProject, repository\n"
            "Secrets and the self-managing and root Applications. With PLANFILE, applies that\n"
            "saved plan, refused when anything it read changed since. State records every\n"
            "object; a rerun with the same inputs writes nothing and says so.",
        .spec = args::kApplySpec,
        .run = run_apply,
    },
    {
        .name = "destroy",
        .summary = "Remove everything primer installed",
        .description =
            "Removes the Applications (without their finalizers, or the root with its\n"
            "children when -cascade), then the chart's objects in reverse wave order, each\n"
            "wave waited to be gone, CRDs and the namespace last; then the state.",
        .spec = args::kDestroySpec,
        .run = run_destroy,
    },
    {
        .name = "help",
        .summary = "Show help for primer or for one of its commands",
        .description = "Shows the list of commands, or the usage and options of COMMAND.",
        .spec = args::kHelpSpec,
        .run = run_help,
    },
    {
        .name = "init",
        .summary = "Resolve the chart and pin it in primer.lock",
        .description =
            "Resolves the chart named in primer.yaml's chart: block (repo, name, version), or\n"
            "given with -chart/-repo/-version, downloads and verifies it, and records name,\n"
            "version, source and sha256 digest in primer.lock. Later runs use the locked\n"
            "version and refuse an archive whose digest differs (a changed upstream chart).\n"
            "-upgrade resolves again. Credentials come from $PRIMER_REPO_USERNAME and\n"
            "$PRIMER_REPO_PASSWORD (or -username and -password-file), never from arguments.",
        .spec = args::kInitSpec,
        .run = run_init,
    },
    {
        .name = "plan",
        .summary = "Show what apply would change in the cluster",
        .description =
            "Renders the chart as Argo CD will and compares every object with the cluster:\n"
            "a server-side dry-run apply for kinds the server serves, an offline comparison\n"
            "for kinds whose CRD is not installed yet, and with -offline a fresh cluster and\n"
            "no connection at all. Secret values are never shown. -out FILE saves the plan\n"
            "for `primer apply FILE`; -detailed-exitcode exits 2 when there are changes.",
        .spec = args::kPlanSpec,
        .run = run_plan,
    },
    {
        .name = "pull",
        .summary = "Download a chart archive, as helm pull does",
        .description =
            "Downloads CHART into DIR (default \".\") as NAME-VERSION.tgz: a chart name with\n"
            "-repo URL and -version CONSTRAINT (newest stable by default), or a local archive.\n"
            "The archive's digest is checked against the repository index, and it is kept in\n"
            "primer's cache ($XDG_CACHE_HOME/primer) for later runs.",
        .spec = args::kPullSpec,
        .run = run_pull,
    },
    {
        .name = "render",
        .summary = "Render a Helm chart exactly as helm template does",
        .description =
            "Renders CHART (a directory or a .tgz archive) with the given values and prints\n"
            "the manifests, byte for byte what `helm template [NAME] CHART` prints, without\n"
            "running helm. NAME defaults to \"release-name\". -helm-compat 3 reproduces helm 3.17\n"
            "where it differs from helm 4.1.",
        .spec = args::kRenderSpec,
        .run = run_render,
    },
    {
        .name = "state",
        .summary = "List, show or unlock primer's state",
        .description =
            "list: the objects primer applied. show: the state document (identities, uids and\n"
            "digests; never a secret value). unlock [LOCK_ID]: removes a lock left by a run\n"
            "that no longer runs.",
        .spec = args::kStateSpec,
        .run = run_state,
    },
    {
        .name = "version",
        .summary = "Show the primer version",
        .description = "Prints primer's version. With -json, prints it as a JSON object,\n"
                       "{\"version\":\"...\"}.",
        .spec = args::kVersionSpec,
        .run = run_version,
    },
};

int run_command(const args::Global& global, const Context& context) {
  views::Help help(context.view);
  if (global.command.empty()) {
    // Without a command the overview is the answer to -help, and otherwise a usage error.
    show_overview(context, /*on_err=*/!global.help);
    return global.help ? kExitOk : kExitError;
  }
  const Command* command = find_command(context.commands, global.command);
  if (command == nullptr) {
    report_unknown_command(global.command, context);
    return kExitError;
  }
  if (global.help || args::wants_help(global.rest)) {
    help.command(command->name, command->description, command->spec);
    return kExitOk;
  }
  return command->run(global.rest, context);
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(std::span<const Command> table, std::string_view name) {
  for (const Command& c : table) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void show_overview(const Context& context, bool on_err) {
  std::vector<views::CommandSummary> summaries;
  for (const Command& c : context.commands) summaries.push_back({c.name, c.summary});
  views::Help(context.view).overview(summaries, on_err);
}

void report_unknown_command(std::string_view name, const Context& context) {
  std::vector<std::string_view> names;
  for (const Command& c : context.commands) names.push_back(c.name);
  context.view.unknown_command(name, args::closest(name, names));
}

int dispatch(std::vector<std::string> args, const views::Streams& streams,
             std::span<const Command> table) {
  args::View view_args = args::parse_view(args);
  views::View view(streams, view_args);
  // The one place where errors from every layer end up (besides main's backstop).
  try {
    auto [global, error] = args::parse_global(args);
    if (error) {
      view.usage_error(*error, "");
      return kExitError;
    }
    return run_command(global, Context{view, table});
  } catch (const Error& e) {
    view.error(e);
  } catch (const std::exception& e) {
    view.internal_error(e.what());
  } catch (...) {
    view.internal_error("unknown exception");
  }
  return kExitError;
}

}  // namespace primer::bootstrap::commands
