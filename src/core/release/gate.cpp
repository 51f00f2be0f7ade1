#include "core/release/gate.hpp"

#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace trail::release {

namespace {

// How many entries of a long list (dirty files, failing commits) are named one by one.
constexpr size_t k_listed = 20;

bool class_in(const std::string& safety_class, const std::vector<std::string>& classes)
{
  return std::find(classes.begin(), classes.end(), safety_class) != classes.end();
}

// An item's class for the gate: its own, else the system's.
std::string effective(const std::string& item_class, const std::string& system_class)
{
  return item_class.empty() || item_class == k_unknown ? system_class : item_class;
}

void check_tag(const git::Repository& repo,
               const policy::Policy& policy,
               const std::string& version,
               GateReport& out)
{
  const re2::RE2& pattern = policy::release_tag_regex(policy);
  if (!re2::RE2::PartialMatch(version, pattern)) {
    out.failures.push_back(
        {"tag",
         "'" + version + "' is not a release name: it does not match '" + pattern.pattern() + "'",
         "name the release like the policy's release tags, or set [release] tag_pattern"});
  }
  if (auto existing = repo.find_tag(version)) {
    out.failures.push_back(
        {"tag",
         "tag '" + version + "' already exists (at " + util::short_id(existing->target) + ")",
         "git-trail never moves a tag: choose another version"});
  }
}

void check_worktree(const git::Repository& repo, GateReport& out)
{
  if (repo.is_bare()) {
    return;
  }
  const auto changes = repo.uncommitted_changes();
  if (changes.empty()) {
    return;
  }
  std::string listed;
  for (size_t i = 0; i < changes.size() && i < k_listed; ++i) {
    listed += "\n    " + changes[i];
  }
  if (changes.size() > k_listed) {
    listed += "\n    ... and " + std::to_string(changes.size() - k_listed) + " more";
  }
  out.failures.push_back(
      {"clean",
       "the working tree has " + std::to_string(changes.size()) +
           " uncommitted change(s); a release must be built from what is committed:" + listed,
       "commit or stash them (git stash -u), then release again"});
}

void check_branch(const git::Repository& repo, const policy::Policy& policy, GateReport& out)
{
  if (policy.release.branches.empty()) {
    return;
  }
  const auto head = repo.head();
  const std::string allowed = util::join(policy.release.branches, ", ");
  if (!head.branch) {
    out.failures.push_back({"branch",
                            "HEAD is detached; releases are made from " + allowed,
                            "check out one of those branches (git switch BRANCH)"});
    return;
  }
  const bool ok =
      std::any_of(policy.release.branches.begin(),
                  policy.release.branches.end(),
                  [&](const auto& glob) { return util::glob_match(glob, *head.branch); });
  if (!ok) {
    out.failures.push_back(
        {"branch",
         "HEAD is on '" + *head.branch + "'; releases are made from " + allowed,
         "merge into a release branch and release from there, or change [release] branches"});
  }
}

void check_commits(const git::Repository& repo,
                   const policy::Policy& policy,
                   const workspace::MessageSettings& settings,
                   const Manifest& m,
                   GateReport& out)
{
  history::CheckOptions options;
  options.walk.revisions = {m.commit};
  if (m.previous_commit) {
    options.walk.hide = {*m.previous_commit};
  }
  options.branch = repo.head().branch;
  const auto report = history::check_history(repo, policy, settings, options);
  out.commits_checked = report.checked;
  const std::string since = m.previous_tag ? " since " + *m.previous_tag : "";
  size_t listed = 0;
  for (const auto& failure : report.failures) {
    for (const auto& d : failure.diagnostics) {
      if (listed++ < k_listed) {
        out.failures.push_back(
            {"history",
             "commit " + util::short_id(failure.id) + " \"" + failure.subject + "\": " + d.rule +
                 ": " + d.message,
             d.hint.empty() ? "fix it with a new commit, or waive it in [[waivers]] with a reason"
                            : d.hint});
      }
    }
  }
  if (listed > k_listed) {
    out.failures.push_back(
        {"history",
         std::to_string(listed - k_listed) + " more violation(s)" + since,
         "git trail check " + (m.previous_commit ? util::short_id(*m.previous_commit) + ".." : "") +
             "HEAD lists them all"});
  }
  if (!report.baseline_missing.empty()) {
    out.failures.push_back({"history",
                            "[project] baseline '" + report.baseline_missing +
                                "' names no commit here, so the history" + since +
                                " could not be checked",
                            "fetch it, or fix [project] baseline, and release again"});
  } else if (!report.complete()) {
    out.failures.push_back(
        {"history",
         "history" + since + " is incomplete (a shallow clone), so it was not all checked",
         "fetch the whole history (git fetch --unshallow) and release again"});
  }
}

void check_verification(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  const bool required = class_in(out.safety_class, policy.release.results_required_for);
  if (m.evidence.empty()) {
    if (required) {
      out.failures.push_back(
          {"verification",
           "no verification results given; a class " + out.safety_class +
               " release needs passing verification of every requirement (IEC 62304 5.8.1)",
           "run the tests and pass their JUnit XML with --results FILE"});
    }
    return;
  }
  for (const auto& e : m.evidence) {
    if (!e.bound) {
      out.failures.push_back(
          {"verification",
           e.file + " was produced for tree " + e.tree + ", not for the released tree " + m.tree,
           "run the tests on this commit and record the tree in the report: <property "
           "name=\"git-trail.tree\" value=\"" +
               m.tree + "\"/> (or git-trail.commit)"});
    }
  }
  for (const auto& r : m.requirements) {
    const std::string what = r.id + (r.title.empty() ? "" : " (" + r.title + ")");
    const bool item_required =
        class_in(effective(r.safety_class, out.safety_class), policy.release.results_required_for);
    if ((required || item_required) &&
        std::find(r.gaps.begin(), r.gaps.end(), "not implemented") != r.gaps.end()) {
      out.failures.push_back(
          {"implementation",
           what + ": no commit implements it (IEC 62304 5.8.6: planned activities complete)",
           "implement it in a commit with 'Implements: " + r.id +
               "', or move it to one of its kind's closed_states"});
    }
    if (r.failed > 0) {
      out.failures.push_back({"verification",
                              what + ": " + std::to_string(r.failed) + " failing test(s)",
                              "fix the failure, or the requirement, and test again"});
    } else if (r.passed == 0) {
      if (required || item_required) {
        out.failures.push_back(
            {"verification",
             what + ": no passing test in the results" +
                 (r.skipped > 0 ? " (" + std::to_string(r.skipped) + " skipped)" : ""),
             "add a test that verifies it (a file link or the ID in the test's name) and run it"});
      }
    }
  }
}

void check_anomalies(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  for (const auto& p : m.residual) {
    const std::string c = effective(p.safety_class, out.safety_class);
    if (p.evaluation.empty() && class_in(c, policy.release.evaluation_required_for)) {
      out.failures.push_back(
          {"anomalies",
           p.id + (p.title.empty() ? "" : " (" + p.title + ")") + " is open (" + p.status +
               ") and has no evaluation (IEC 62304 5.8.3)",
           "add evaluation = \"why it adds no unacceptable risk\" to its registry entry, or "
           "resolve it"});
    }
  }
}

void check_soup(const Manifest& m, GateReport& out)
{
  for (const auto& s : m.soup) {
    if (s.missing.empty()) {
      continue;
    }
    const std::string name =
        s.id + (s.title.empty() || s.title == s.id ? "" : " (" + s.title + ")");
    if (s.source == "submodule") {
      out.failures.push_back(
          {"soup",
           "submodule " + s.files.front().path + " has no SOUP record",
           "add a soup item to the registry with paths = [\"" + s.files.front().path + "\"]"});
    } else {
      out.failures.push_back({"soup",
                              name + " lacks " + util::join(s.missing, ", ") + " (class " +
                                  s.safety_class + ", IEC 62304 8.1.2, 5.3.3, 7.1.2)",
                              "complete its registry entry"});
    }
  }
}

} // namespace

GateReport release_gate(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const Manifest& manifest,
                        const std::string& version)
{
  GateReport out;
  out.class_declared = !policy.project.safety_class.empty();
  // An undeclared class is held to the strictest.
  out.safety_class = out.class_declared ? policy.project.safety_class : "C";
  check_tag(repo, policy, version, out);
  check_worktree(repo, out);
  check_branch(repo, policy, out);
  check_commits(repo, policy, settings, manifest, out);
  check_verification(policy, manifest, out);
  check_anomalies(policy, manifest, out);
  check_soup(manifest, out);
  return out;
}

} // namespace trail::release
