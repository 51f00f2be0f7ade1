#include "core/doctor/doctor.hpp"

#include "core/hooks/install.hpp"
#include "core/hooks/server_policy.hpp"
#include "core/policy/load.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"

#include <filesystem>
#include <unistd.h>

namespace trail::doctor {

namespace fs = std::filesystem;

size_t Diagnosis::count(Status status) const
{
  size_t n = 0;
  for (const auto& f : findings) {
    n += f.status == status ? 1 : 0;
  }
  return n;
}

namespace {

// What goes unchecked without hook NAME.
std::string unchecked_without(const std::string& name)
{
  if (name == "commit-msg") {
    return "commit messages are not checked when commits are made";
  }
  if (name == "prepare-commit-msg") {
    return "messages are not started with the link the branch names";
  }
  if (name == "pre-push") {
    return "pushes are not checked before they leave this clone";
  }
  return "the server accepts pushes without checking them";
}

// The first error line of a policy or registry problem (the rest is file:line:col detail).
std::string first_line(const std::string& text)
{
  return std::string(text.substr(0, text.find('\n')));
}

// The hook managers' files that say what a foreign hook at DIR/NAME runs: pre-commit's
// configuration, husky's user hook beside its dispatcher, lefthook's configuration.
std::string manager_text(const git::Repository& repo, const fs::path& dir, const std::string& name)
{
  if (repo.is_bare()) {
    return {};
  }
  const fs::path top = repo.workdir();
  std::string text;
  for (const auto& file : {top / ".pre-commit-config.yaml",
                           top / "lefthook.yml",
                           top / ".lefthook.yml",
                           dir.parent_path() / name}) {
    if (auto content = util::read_file_if_exists(file)) {
      text += *content;
    }
  }
  return text;
}

bool mentions_git_trail(const std::string& text)
{
  return text.find("git-trail") != std::string::npos || text.find("git trail") != std::string::npos;
}

// Which git-trail a shim will run, as the shim itself decides: $GIT_TRAIL, else the binary it
// records when that is there, else git-trail on PATH.
void which_binary(Finding& f, const std::string& content, const std::string& binary)
{
  if (const auto pinned = util::environment("GIT_TRAIL")) {
    if (const auto found = util::find_program(*pinned)) {
      f.detail += "; runs $GIT_TRAIL (" + *found + ")";
    } else {
      f.status = Status::problem;
      f.detail += "; GIT_TRAIL=" + *pinned + " is no program, so the hook refuses every commit";
      f.fix = "set GIT_TRAIL to git-trail's path, or unset it";
    }
    return;
  }
  const std::string recorded = hooks::recorded_binary(content).value_or("");
  if (!recorded.empty() && util::find_program(recorded)) {
    f.detail += "; runs " + recorded;
    if (recorded != binary && f.status == Status::ok) {
      f.status = Status::warning;
      f.detail += ", not this git-trail (" + binary + ")";
      f.fix = "git trail hooks install (records this one)";
    }
    return;
  }
  if (const auto found = util::find_program("git-trail")) {
    f.detail += (recorded.empty() ? "; runs git-trail from PATH (" + *found + ")"
                                  : "; records " + recorded +
                                        ", which is gone: runs git-trail "
                                        "from PATH (" +
                                        *found + ")");
    if (!recorded.empty() && f.status == Status::ok) {
      f.status = Status::warning;
      f.fix = "git trail hooks install (records this git-trail)";
    }
    return;
  }
  f.status = Status::problem;
  f.detail += "; finds no git-trail (" +
              (recorded.empty() ? std::string() : "not at " + recorded + ", ") +
              "not on PATH), so the hook refuses every commit";
  f.fix = "install git-trail on PATH, or set GIT_TRAIL to its path";
}

Finding hook_finding(const git::Repository& repo,
                     const fs::path& dir,
                     const hooks::HookStatus& status,
                     const std::string& binary)
{
  Finding f;
  f.check = status.name;
  const fs::path path = dir / status.name;
  const auto content = util::read_file_if_exists(path);
  if (status.state == hooks::HookState::absent || !content) {
    const bool essential = status.name == "commit-msg" || status.name == "pre-receive";
    f.status = essential ? Status::problem : Status::warning;
    f.detail = "not installed: " + unchecked_without(status.name);
    f.fix = "git trail hooks install" + (essential ? std::string() : " " + status.name);
    return f;
  }
  if (access(path.c_str(), X_OK) != 0) {
    f.status = Status::problem;
    f.detail = path.string() +
               " is not executable, so git does not run it: " + unchecked_without(status.name);
    f.fix = "chmod +x " + path.string();
    return f;
  }
  switch (status.state) {
  case hooks::HookState::current:
    f.detail = status.portable ? "installed (portable)" : "installed";
    which_binary(f, *content, binary);
    break;
  case hooks::HookState::outdated:
    f.status = Status::warning;
    f.detail = "installed by another git-trail build";
    f.fix = "git trail hooks install (updates it)";
    which_binary(f, *content, binary);
    break;
  case hooks::HookState::foreign:
  case hooks::HookState::absent:
    if (mentions_git_trail(*content) || mentions_git_trail(manager_text(repo, dir, status.name))) {
      f.detail = "another hook (a hook manager's) that names git-trail; it runs git-trail if "
                 "its configuration calls `git-trail hook " +
                 status.name + "`";
    } else {
      f.status = Status::problem;
      f.detail = "another hook is there and nothing in it names git-trail: " +
                 unchecked_without(status.name);
      f.fix = "git trail hooks install --chain (keeps it and runs it first)";
    }
    break;
  }
  if (status.chained) {
    f.detail += "; runs " + status.name + std::string(hooks::k_chained_suffix) + " first";
  }
  return f;
}

void hooks_findings(const git::Repository& repo, const Inputs& inputs, Diagnosis& d)
{
  const fs::path dir = workspace::hooks_dir(repo);
  const auto configured = repo.config_string("core.hooksPath");
  Finding folder;
  folder.check = "hooks-folder";
  folder.detail = dir.string() + (configured ? " (core.hooksPath)" : "");
  std::error_code ec;
  if (configured && !fs::is_directory(dir, ec)) {
    folder.status = Status::problem;
    folder.detail += " does not exist, so git runs no hooks at all";
    folder.fix = "git trail hooks install (creates it), or git config --unset core.hooksPath";
  }
  d.findings.push_back(folder);
  const auto& names = repo.is_bare() ? hooks::k_server_hooks : hooks::k_client_hooks;
  for (const auto& status : hooks::hook_status(dir, names, inputs.binary)) {
    d.findings.push_back(hook_finding(repo, dir, status, inputs.binary));
  }
}

// The policy a clone's hooks enforce: --policy, $GIT_TRAIL_POLICY, trail.toml of the working
// tree, or the default; and whether trail.toml has changes HEAD does not hold.
void clone_policy(const git::Repository& repo, const Inputs& inputs, Diagnosis& d)
{
  Finding f;
  f.check = "policy";
  try {
    const auto policy = workspace::load_policy(repo, inputs.policy_option);
    if (inputs.policy_option || workspace::policy_pinned_by_environment()) {
      f.detail = "pinned: " + policy.source + " (--policy or GIT_TRAIL_POLICY), not trail.toml";
    } else if (policy.source == "<default policy>") {
      f.status = Status::warning;
      f.detail = "no trail.toml: the default policy applies (the starter file of git trail init)";
      f.fix = "git trail init, then commit trail.toml";
    } else {
      f.detail = policy.source + " of the working tree, loaded";
      const auto head = repo.head();
      const auto committed =
          head.commit ? repo.read_file_at(*head.commit, "trail.toml") : std::nullopt;
      const auto working = util::read_file_if_exists(fs::path(repo.workdir()) / "trail.toml");
      if (head.commit && committed != working) {
        f.status = Status::warning;
        f.detail += "; it has changes HEAD does not hold: this clone's hooks enforce them, CI "
                    "and the server enforce the committed one";
        f.fix = "commit trail.toml (or git restore trail.toml)";
      }
    }
  } catch (const policy::PolicyError& e) {
    f.status = Status::problem;
    f.detail = "the policy does not load, so every hook refuses: " + first_line(e.what());
    f.fix = "git trail check shows each error at file:line:col";
  }
  d.findings.push_back(f);
}

// The policy a server enforces on new refs (each existing branch is checked against its own
// trail.toml before the push).
void server_policy(const git::Repository& repo, const Inputs& inputs, Diagnosis& d)
{
  Finding f;
  f.check = "policy";
  if (inputs.policy_option || workspace::policy_pinned_by_environment()) {
    try {
      const auto policy = workspace::load_policy(repo, inputs.policy_option);
      f.detail = "pinned: " + policy.source +
                 " (it applies only if git runs the hook with the same GIT_TRAIL_POLICY)";
    } catch (const policy::PolicyError& e) {
      f.status = Status::problem;
      f.detail =
          "the pinned policy does not load, so every push is refused: " + first_line(e.what());
      f.fix = "fix the file GIT_TRAIL_POLICY names";
    }
    d.findings.push_back(f);
    return;
  }
  std::string why_none;
  const auto commit = hooks::default_policy_commit(repo, why_none);
  if (!commit) {
    f.status = Status::problem;
    f.detail = "new branches and tags are refused: " + why_none;
    f.fix = util::trim(hooks::pin_advice());
    d.findings.push_back(f);
    return;
  }
  const auto text = repo.read_file_at(commit->commit, "trail.toml");
  if (!text) {
    f.status = Status::problem;
    f.detail = "new branches and tags are refused: " + commit->name + " does not exist";
    f.fix = util::trim(hooks::pin_advice());
  } else {
    try {
      policy::parse_policy(*text, commit->name);
      f.detail = "new refs are checked against " + commit->name +
                 "; each branch against its own trail.toml before the push";
    } catch (const policy::PolicyError& e) {
      f.status = Status::problem;
      f.detail = commit->name + " does not load: " + first_line(e.what());
      f.fix = "push a commit that repairs trail.toml (git trail check shows each error)";
    }
  }
  d.findings.push_back(f);
}

void registry_finding(const git::Repository& repo, const Inputs& inputs, Diagnosis& d)
{
  const auto head = repo.head();
  if (!head.commit) {
    return;
  }
  Finding f;
  f.check = "registry";
  try {
    const auto policy = workspace::load_policy_at(repo, *head.commit, inputs.policy_option);
    const auto registry = workspace::registry_at(repo, policy, *head.commit);
    f.detail = registry
                   ? std::to_string(registry->items.size()) +
                         (registry->items.size() == 1 ? " item" : " items") + " at HEAD, loaded"
                   : "no registry files at HEAD yet: links are not checked against items";
  } catch (const policy::PolicyError& e) {
    f.status = Status::problem;
    f.detail = "the registry or policy at HEAD does not load: " + first_line(e.what());
    f.fix = "git trail check HEAD shows each error at file:line:col";
  }
  d.findings.push_back(f);
}

} // namespace

Diagnosis diagnose(const git::Repository& repo, const Inputs& inputs)
{
  Diagnosis d;
  d.bare = repo.is_bare();
  d.repository = d.bare ? repo.git_dir() : repo.workdir();
  while (d.repository.size() > 1 && d.repository.back() == '/') {
    d.repository.pop_back();
  }
  d.findings.push_back(
      {"git-trail", Status::ok, "git-trail " TRAIL_VERSION " at " + inputs.binary, ""});
  Finding repository{"repository",
                     Status::ok,
                     d.bare ? "bare (a server: the pre-receive hook applies)"
                            : "a clone with a work tree (the commit-msg, prepare-commit-msg and "
                              "pre-push hooks apply)",
                     ""};
  if (repo.is_shallow()) {
    repository.status = Status::warning;
    repository.detail += "; shallow: history past the boundary cannot be judged, so check, "
                         "trace and release exit 4 where they need it";
    repository.fix = "git fetch --unshallow (in CI, fetch the whole history)";
  }
  d.findings.push_back(repository);
  hooks_findings(repo, inputs, d);
  if (d.bare) {
    server_policy(repo, inputs, d);
  } else {
    clone_policy(repo, inputs, d);
  }
  registry_finding(repo, inputs, d);
  return d;
}

} // namespace trail::doctor
