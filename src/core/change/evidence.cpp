#include "core/change/evidence.hpp"

#include "core/change/changes.hpp"
#include "core/results/junit.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

namespace trail::change {

namespace {

// The tree a report says it tested: git-trail.tree, else the tree of git-trail.commit.
std::string tree_of(const git::Repository& repo, const results::Report& report)
{
  std::string tree = k_unknown;
  for (const auto& [name, value] : report.properties) {
    if (name == results::k_tree_property) {
      tree = value;
    } else if (name == "git-trail.commit" && tree == k_unknown) {
      try {
        tree = repo.commit_tree(value);
      } catch (const Error&) {
        tree = "not in this repository (commit " + value + ")";
      }
    }
  }
  return tree;
}

} // namespace

Evidence read_evidence(const git::Repository& repo,
                       const std::string& path,
                       const std::string& tree,
                       results::Report* parsed)
{
  std::string text;
  try {
    text = util::read_file(path, util::k_max_report_bytes);
  } catch (const Error& error) {
    // A report the user named that cannot be read is a usage error, not an internal one.
    throw UsageError(error.what());
  }
  const auto report = results::parse_junit_report(text, path);
  Evidence e;
  e.file = path;
  e.sha256 = util::sha256_hex(text);
  e.tree = tree_of(repo, report);
  e.bound = e.tree == tree;
  for (const auto& test : report.tests) {
    ++e.tests;
    switch (test.outcome) {
    case results::Outcome::passed:
      ++e.passed;
      break;
    case results::Outcome::failed:
      ++e.failed;
      break;
    case results::Outcome::skipped:
      ++e.skipped;
      break;
    }
  }
  if (parsed != nullptr) {
    *parsed = report;
  }
  return e;
}

} // namespace trail::change
