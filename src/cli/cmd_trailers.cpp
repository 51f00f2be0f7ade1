// `git trail trailers`: the parsed trailers and links of commits, one JSON object per line.

#include "cli/command.hpp"
#include "core/links/links.hpp"
#include "core/policy/load.hpp"
#include "core/render/trailers_json.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct TrailersOptions
{
  std::vector<std::string> revisions;
  std::string message_file;
  std::string format = "json";
  bool no_links = false;
  bool all = false;
};

// Returns what `git log --format='%H%n%(trailers:only,unfold)'` prints for one commit.
std::string text_block(const std::string& id, const std::vector<message::Trailer>& trailers)
{
  std::string block = id + "\n";
  for (const auto& trailer : trailers) {
    block += trailer.key + ": " + trailer.value + "\n";
  }
  return block + "\n";
}

int print_message_file(const TrailersOptions& options, workspace::Context& context)
{
  const std::string message =
      options.message_file == "-" ? util::read_stdin() : util::read_file(options.message_file);
  message::TrailerOptions trailer_options;
  std::optional<policy::Policy> policy;
  try {
    trailer_options = context.settings().trailers;
    policy = context.policy();
  } catch (const policy::PolicyError&) {
    throw;
  } catch (const UsageError&) {
    // Outside a repository a message still has trailers: use git's defaults.
    const auto& path = context.policy_option();
    policy = path ? policy::parse_policy(util::read_file(*path), *path) : policy::default_policy();
  }
  const auto trailers = message::parse_trailers(message, trailer_options);
  const auto links = links::extract_links(*policy, trailers);
  if (options.format == "text") {
    for (const auto& trailer : trailers) {
      out(trailer.key + ": " + trailer.value + "\n");
    }
  } else {
    out(render::trailers_json_line(std::nullopt, trailers, options.no_links ? nullptr : &links) +
        "\n");
  }
  return k_exit_clean;
}

int print_history(const TrailersOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& settings = context.settings();
  const auto& policy = context.policy();
  std::string buffer;
  git::WalkSpec spec;
  spec.revisions = options.revisions;
  const auto report = repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto trailers = message::parse_trailers(commit.message, settings.trailers);
    if (options.format == "text") {
      buffer += text_block(commit.id, trailers);
    } else if (options.no_links) {
      buffer += render::trailers_json_line(commit.id, trailers, nullptr);
    } else {
      const auto links = links::extract_links(policy, trailers);
      buffer += render::trailers_json_line(commit.id, trailers, &links);
    }
    if (options.format != "text") {
      buffer += '\n';
    }
    if (buffer.size() > (1 << 16)) {
      out(buffer);
      buffer.clear();
    }
    return true;
  });
  out(buffer);
  if (!report.shallow_boundary.empty()) {
    err("git-trail: warning: this is a shallow clone; history was cut after " +
        std::to_string(report.shallow_boundary.size()) +
        " commit(s) whose parents are missing (git fetch --unshallow fetches the rest)\n");
  }
  return k_exit_clean;
}

} // namespace

Handler setup_trailers(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<TrailersOptions>();
  sub.footer("Each line is {\"commit\": ID, \"trailers\": [{\"key\", \"value\"}], \"links\": "
             "[{\"relation\", \"kind\", \"id\"}]},\n"
             "in git log order; the trailers are exactly those git log "
             "--format='%(trailers:only,unfold)' shows.");
  sub.add_option(
      "revisions",
      options->revisions,
      "Revisions and ranges as git log takes them (A..B, A...B, ^X, --all); default HEAD");
  sub.add_option("--message-file",
                 options->message_file,
                 "Parse one message from FILE ('-' for standard input) instead")
      ->type_name("FILE");
  sub.add_option(
         "--format",
         options->format,
         "json: one object per commit (the contract); text: the commit id, then 'Key: value' lines "
         "and a blank line, byte for byte what git log --format='%H%n%(trailers:only,unfold)' "
         "prints")
      ->check(CLI::IsMember({"json", "text"}))
      ->default_str("json");
  sub.add_flag("--all", options->all, "Walk every ref, as git log --all");
  sub.add_flag("--no-links", options->no_links, "Leave out the links read with the policy");
  sub.allow_extras(false);
  return [options](workspace::Context& context) {
    if (!options->message_file.empty()) {
      if (!options->revisions.empty()) {
        throw UsageError("--message-file cannot be combined with revisions");
      }
      return print_message_file(*options, context);
    }
    if (options->all) {
      options->revisions.push_back("--all");
    }
    return print_history(*options, context);
  };
}

} // namespace trail::cli
