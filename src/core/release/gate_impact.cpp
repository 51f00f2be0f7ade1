#include "core/release/gate_impact.hpp"

#include "core/impact/impact.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::release {

std::vector<GateFailure> check_changed_risk_controls(const git::Repository& repo,
                                                     const policy::Policy& policy,
                                                     const workspace::MessageSettings& settings,
                                                     const Manifest& manifest)
{
  impact::ImpactOptions options;
  options.from = manifest.previous_commit.value_or("");
  options.to = manifest.commit;
  for (const auto& e : manifest.evidence) {
    options.results.push_back(e.file);
  }
  const auto impact = impact::analyse(repo, policy, settings, options);
  const std::string since =
      manifest.previous_tag ? " since " + *manifest.previous_tag : std::string();
  std::vector<GateFailure> out;
  if (!impact.complete()) {
    out.push_back({"risk-controls",
                   "the history" + since +
                       " is incomplete (a shallow clone), so the risk controls the changes touch "
                       "are not known",
                   "fetch the whole history (git fetch --unshallow) and release again",
                   "risk-controls.changed",
                   {"7.4.2", "7.4.3"}});
  }
  for (const auto& item : impact.items) {
    if (item.role != policy::KindRole::risk_control || item.reverified()) {
      continue;
    }
    const std::string what = item.id + (item.title.empty() ? "" : " (" + item.title + ")");
    const std::string files = util::join(item.files, ", ");
    std::string why;
    if (item.tests.empty()) {
      why = "no test links to it";
    } else if (std::any_of(item.tests.begin(), item.tests.end(), [](const auto& t) {
                 return t.outcome == "failed";
               })) {
      why = "a test of it fails";
    } else if (manifest.evidence.empty()) {
      why = "no results were given";
    } else {
      why = "no test of it passed in results bound to this tree";
    }
    out.push_back({"risk-controls",
                   what + " is touched by changes" + since + " (" + files +
                       ") and not re-verified on this tree: " + why,
                   "run its tests on this tree (a file that links it with 'verifies') and pass "
                   "their JUnit XML, bound to the tree, with --results FILE",
                   "risk-controls.changed",
                   {"7.4.2", "7.4.3"}});
  }
  return out;
}

} // namespace trail::release
