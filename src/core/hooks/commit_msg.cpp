#include "core/hooks/commit_msg.hpp"

#include "core/history/check.hpp"
#include "core/history/revert.hpp"
#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/rules/judge.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"

#include <cstdlib>
#include <string_view>
#include <unistd.h>

namespace trail::hooks {

namespace {

std::string env_or(const char* name, const std::optional<std::string>& fallback)
{
  return util::environment(name).value_or(fallback.value_or(""));
}

// Returns the commit the new one will sit on: HEAD, HEAD's first parent when amending, or
// none for the first commit of a branch.
std::optional<std::string>
base_commit(const git::Repository& repo, const git::HeadState& head, bool amend)
{
  if (!head.commit) {
    return std::nullopt;
  }
  if (!amend) {
    return head.commit;
  }
  const auto parents = repo.commit(*head.commit).parents;
  return parents.empty() ? std::nullopt : std::optional<std::string>(parents.front());
}

} // namespace

rules::CommitFacts commit_msg_facts(const git::Repository& repo,
                                    const policy::Policy& policy,
                                    const workspace::MessageSettings& settings,
                                    const std::string& raw_message,
                                    const CommitMsgContext& context)
{
  rules::CommitFacts facts;
  const auto mode =
      message::effective_cleanup(context.cleanup.value_or(settings.cleanup), context.edited);
  facts.message = message::cleanup_message(
      context.verbose ? message::cut_at_scissors(raw_message, settings.trailers.comment_char)
                      : raw_message,
      mode,
      settings.trailers.comment_char);
  facts.trailers = message::parse_trailers(facts.message, settings.trailers);
  facts.links = links::extract_links(policy, facts.trailers);
  const auto head = repo.head();
  facts.branch = head.branch;
  // The staged paths cost a read of the index and a diff against HEAD's tree (most of the
  // hook's time in a large repository): only a path-scoped rule needs them, as in history
  // (history::needs_paths); a revert's link inheritance asks for them itself.
  const bool need_paths = history::needs_paths(policy);
  if (need_paths) {
    facts.changed_paths = repo.staged_paths(base_commit(repo, head, context.amend));
  }
  facts.author_name = env_or("GIT_AUTHOR_NAME", repo.config_string("user.name"));
  facts.author_email = env_or("GIT_AUTHOR_EMAIL", repo.config_string("user.email"));
  // A merge in progress (git merge, or git commit after a merge that stopped), or an amended merge.
  facts.merge = util::read_file_if_exists(repo.git_dir() + "MERGE_HEAD").has_value() ||
                (context.amend && head.commit && repo.commit(*head.commit).parents.size() > 1);
  history::inherit_revert_links(
      repo,
      policy,
      settings.trailers,
      [&]() -> std::optional<std::vector<std::string>> {
        if (need_paths) {
          return facts.changed_paths;
        }
        return repo.staged_paths(base_commit(repo, head, context.amend));
      },
      facts);
  // [history] merges, as history checks apply it: "no-paths" judges a merge by its message alone.
  if (facts.merge && policy.history.merges == policy::MergePolicy::no_paths) {
    facts.changed_paths.clear();
  }
  return facts;
}

std::vector<rules::Diagnostic> judge_commit_msg(workspace::Context& context,
                                                const std::string& message_file,
                                                CommitMsgContext invocation)
{
  const auto& repo = context.repo();
  invocation.verbose = invocation.verbose || workspace::config_bool(repo, "commit.verbose");
  const auto& policy = context.policy();
  const std::string raw_message = util::read_file(message_file);
  auto facts = commit_msg_facts(repo, policy, context.settings(), raw_message, invocation);
  if (rules::merge_skipped(policy, facts.merge) || facts.message.empty()) {
    return {};
  }
  // A registry that cannot be read is judged as history judges it: a `registry` problem of
  // the commit (the index's), or left out (HEAD's, the parent's).
  rules::RegistrySource registries;
  registries.commit = [&]() {
    return context.staged_registry();
  };
  registries.parent = [&]() -> rules::RegistryRead {
    if (!repo.head().commit) {
      return {};
    }
    return context.registry_at("HEAD");
  };
  return rules::judge_commit(policy, facts, registries);
}

CommitMsgContext parent_commit_options()
{
  CommitMsgContext context;
  const char* editor = std::getenv("GIT_EDITOR");
  context.edited = !(editor && std::string_view(editor) == ":");
  const auto cmdline = util::read_file_if_exists("/proc/" + std::to_string(getppid()) + "/cmdline");
  if (!cmdline) {
    return context;
  }
  const auto args = util::split(*cmdline, '\0');
  for (size_t i = 0; i < args.size(); ++i) {
    const auto arg = args[i];
    if (arg == "--") {
      break;
    }
    if (arg == "--amend") {
      context.amend = true;
    } else if (arg == "--verbose") {
      context.verbose = true;
    } else if (arg == "--no-verbose") {
      context.verbose = false;
    } else if (arg.starts_with("--cleanup=")) {
      message::CleanupMode mode;
      if (message::parse_cleanup_mode(arg.substr(10), mode)) {
        context.cleanup = mode;
      }
    } else if (arg.size() > 1 && arg[0] == '-' && arg[1] != '-') {
      // A cluster of short options (-av); the options that take a value end it.
      for (const char c : arg.substr(1)) {
        if (c == 'v') {
          context.verbose = true;
        }
        if (std::string_view("mFcCt").find(c) != std::string_view::npos) {
          break;
        }
      }
    }
  }
  return context;
}

} // namespace trail::hooks
