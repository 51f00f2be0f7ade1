#include "core/release/gate.hpp"

#include "core/approvals/index.hpp"
#include "core/history/check.hpp"
#include "core/release/gate_class.hpp"
#include "core/release/gate_impact.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/soup_vulnerabilities.hpp"
#include "core/standard/table.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace trail::release {

const std::vector<GateCheck>& gate_checks()
{
  // Each check with the clauses it enforces (docs/release.md explains each choice). The unit
  // test test_standard.cpp holds every clause here against templates/iec62304.toml.
  static const std::vector<GateCheck> checks = {
      {"tag.name", {"5.8.4"}, "the version is a release name"},
      {"tag.free", {"5.8.4"}, "no tag has that name yet"},
      {"clean", {"8.1.3"}, "the working tree holds nothing uncommitted"},
      {"branch", {}, "HEAD is on a release branch ([release] branches)"},
      {"history", {"8.2"}, "every commit since the previous release passes the policy"},
      {"verification.results", {"5.8.1"}, "verification results are given"},
      {"verification.bound", {"5.8.1"}, "every results report was produced for this tree"},
      {"verification.requirement",
       {"5.7", "5.8.1"},
       "every requirement in this release has a passing test"},
      {"verification.risk-control",
       {"7.3.1"},
       "every risk control in this release has a passing test"},
      {"implementation", {}, "every requirement has the links its kind requires (implements)"},
      {"requirements.draft", {"5.8.6"}, "no draft requirement or risk control is in this release"},
      {"anomalies.failing-test",
       {"5.8.2"},
       "every failing or errored test names an open problem report"},
      {"anomalies.failing-test-evaluation",
       {"5.8.3"},
       "the problem report a failing test names has an evaluation"},
      {"anomalies.evaluation", {"5.8.3"}, "every open problem report has an evaluation"},
      {"soup.identity", {"8.1.2"}, "every SOUP record has title, manufacturer, version"},
      {"soup.requirements", {"5.3.3"}, "SOUP functional and performance requirements"},
      {"soup.needs", {"5.3.4"}, "hardware and software a SOUP item needs"},
      {"soup.anomalies", {"7.1.3"}, "evaluation of the SOUP supplier's anomaly list"},
      {"soup.undeclared",
       {"8.1.2"},
       "every component discovered in the tree (submodule, manifest or lock file, vendored "
       "directory) is covered by a SOUP record"},
      {"soup.version",
       {"8.1.2"},
       "every covered component is pinned at a fixed version, the one its record names"},
      {"soup.review",
       {"7.1.3"},
       "no SOUP record's anomaly review is older than the last change to its component's pin"},
      {"soup.end-of-support",
       {},
       "no SOUP record's end of support is before the revision's date",
       "FDA premarket cybersecurity guidance, not an IEC 62304 clause"},
      {"soup.vulnerabilities",
       {"7.1.2", "7.1.3"},
       "every known vulnerability of a shipped SOUP version has an evaluation"},
      {"class.rationale",
       {"4.3", "5.3.5"},
       "a class below the system's has a class_rationale (and, class C, segregation)"},
      {"risk-controls.changed",
       {"7.4.2", "7.4.3"},
       "every risk control the changes since the previous release touch is re-verified"},
      {"problems.verification",
       {"9.7"},
       "every problem report resolved in this release has a passing test or a verification "
       "record that names it"},
      {"approval",
       {},
       "the manifest has the signed approvals [release] approvals asks for, by role"},
  };
  return checks;
}

const GateCheck& gate_check(std::string_view id)
{
  for (const auto& check : gate_checks()) {
    if (check.id == id) {
      return check;
    }
  }
  throw Error("internal error: no gate check '" + std::string(id) + "'");
}

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

// True when check ID applies to SAFETY_CLASS: one of its clauses applies by Table A.1 as the
// policy changes it, or [release] LEGACY (results_required_for, evaluation_required_for) names
// the class when it is set. A check with no clause always applies.
bool applies(const policy::Policy& policy,
             std::string_view id,
             const std::string& safety_class,
             const std::optional<std::vector<std::string>>& legacy = std::nullopt)
{
  if (legacy) {
    return class_in(safety_class, *legacy);
  }
  const GateCheck& check = gate_check(id);
  if (check.clauses.empty()) {
    return true;
  }
  return std::any_of(check.clauses.begin(), check.clauses.end(), [&](std::string_view clause) {
    return standard::applies(standard::iec62304(), policy.standard, clause, safety_class);
  });
}

void fail(GateReport& out, std::string_view id, std::string message, std::string hint)
{
  const GateCheck& check = gate_check(id);
  GateFailure f;
  f.id = std::string(id);
  f.check = std::string(id.substr(0, id.find('.')));
  f.message = std::move(message);
  f.hint = std::move(hint);
  for (const auto clause : check.clauses) {
    f.clauses.emplace_back(clause);
  }
  f.authority = std::string(check.authority);
  out.failures.push_back(std::move(f));
}

void check_tag(const git::Repository& repo,
               const policy::Policy& policy,
               const std::string& version,
               GateReport& out)
{
  const re2::RE2& pattern = policy::release_tag_regex(policy);
  if (!re2::RE2::PartialMatch(version, pattern)) {
    fail(out,
         "tag.name",
         "'" + version + "' is not a release name: it does not match '" + pattern.pattern() + "'",
         "name the release like the policy's release tags, or set [release] tag_pattern");
  }
  if (auto existing = repo.find_tag(version)) {
    fail(out,
         "tag.free",
         "tag '" + version + "' already exists (at " + util::short_id(existing->target) + ")",
         "git-trail never moves a tag: choose another version");
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
  fail(out,
       "clean",
       "the working tree has " + std::to_string(changes.size()) +
           " uncommitted change(s); a release must be built from what is committed:" + listed,
       "commit or stash them (git stash -u), then release again");
}

void check_branch(const git::Repository& repo, const policy::Policy& policy, GateReport& out)
{
  if (policy.release.branches.empty()) {
    return;
  }
  const auto head = repo.head();
  const std::string allowed = util::join(policy.release.branches, ", ");
  if (!head.branch) {
    fail(out,
         "branch",
         "HEAD is detached; releases are made from " + allowed,
         "check out one of those branches (git switch BRANCH)");
    return;
  }
  const bool ok =
      std::any_of(policy.release.branches.begin(),
                  policy.release.branches.end(),
                  [&](const auto& glob) { return util::glob_match(glob, *head.branch); });
  if (!ok) {
    fail(out,
         "branch",
         "HEAD is on '" + *head.branch + "'; releases are made from " + allowed,
         "merge into a release branch and release from there, or change [release] branches");
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
        fail(out,
             "history",
             "commit " + util::short_id(failure.id) + " \"" + failure.subject + "\": " + d.rule +
                 ": " + d.message,
             d.hint.empty() ? "fix it with a new commit, or waive it in [[waivers]] with a reason"
                            : d.hint);
      }
    }
  }
  if (listed > k_listed) {
    fail(out,
         "history",
         std::to_string(listed - k_listed) + " more violation(s)" + since,
         "git trail check " + (m.previous_commit ? util::short_id(*m.previous_commit) + ".." : "") +
             "HEAD lists them all");
  }
  if (!report.baseline_missing.empty()) {
    fail(out,
         "history",
         "[project] baseline '" + report.baseline_missing +
             "' names no commit here, so the history" + since + " could not be checked",
         "fetch it, or fix [project] baseline, and release again");
  } else if (!report.complete()) {
    fail(out,
         "history",
         "history" + since + " is incomplete (a shallow clone), so it was not all checked",
         "fetch the whole history (git fetch --unshallow) and release again");
  }
}

std::string named(const std::string& id, const std::string& title)
{
  return id + (title.empty() || title == id ? "" : " (" + title + ")");
}

// The checks of requirements and risk controls: drafts, links, and passing verification.
void check_verification(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  const auto& legacy = policy.release.results_required_for;
  const bool requirements = applies(policy, "verification.requirement", out.safety_class, legacy);
  const bool risk_controls = applies(policy, "verification.risk-control", out.safety_class, legacy);
  if (m.evidence.empty()) {
    if (requirements || risk_controls) {
      const std::string what = requirements && risk_controls ? "requirement and risk control"
                               : requirements                ? "requirement"
                                                             : "risk control";
      fail(out,
           "verification.results",
           "no verification results given; a class " + out.safety_class +
               " release needs a passing test of every " + what + " in it",
           "run the tests, bind their JUnit XML to this tree (git trail bind-results FILE) and "
           "pass it with --results FILE");
    }
    return;
  }
  for (const auto& e : m.evidence) {
    if (!e.bound) {
      fail(out,
           "verification.bound",
           e.file + " was produced for tree " + e.tree + ", not for the released tree " + m.tree,
           "run the tests on this commit and record the tree in the report: <property "
           "name=\"git-trail.tree\" value=\"" +
               m.tree + "\"/> (or git-trail.commit)");
    }
  }
  for (const auto& r : m.requirements) {
    const std::string what = named(r.id, r.title);
    if (!r.in_release) {
      out.notes.push_back({"not in this release", what + ", status " + r.status});
      continue;
    }
    if (r.draft) {
      fail(out,
           "requirements.draft",
           what + " is " + r.status +
               ": it is in this release, but its definition is not settled (planned activities "
               "are not complete)",
           "approve it, or declare it out of this release with one of its kind's "
           "deferred_states (status = \"deferred\")");
      continue;
    }
    const std::string c = effective(r.safety_class, out.safety_class);
    const bool risk_control = r.role == "risk-control";
    const char* id = risk_control ? "verification.risk-control" : "verification.requirement";
    const bool required =
        (risk_control ? risk_controls : requirements) || applies(policy, id, c, legacy);
    if (std::find(r.gaps.begin(), r.gaps.end(), "not implemented") != r.gaps.end()) {
      fail(out,
           "implementation",
           what + ": no commit implements it (its kind requires an 'implements' link)",
           "implement it in a commit with 'Implements: " + r.id +
               "', or declare it out of this release with one of its kind's deferred_states");
    }
    if (!required || r.passed > 0) {
      continue;
    }
    std::vector<std::string> counts;
    if (r.failed > 0) {
      counts.push_back(std::to_string(r.failed) + " failing");
    }
    if (r.skipped > 0) {
      counts.push_back(std::to_string(r.skipped) + " skipped");
    }
    std::string message = what + ": no passing test in the results" +
                          (counts.empty() ? "" : " (" + util::join(counts, ", ") + ")");
    if (!r.claims.empty()) {
      std::vector<std::string> commits;
      for (const auto& commit : r.claims) {
        commits.push_back(util::short_id(commit));
      }
      message += r.claims.size() == 1 ? "; the 'Verifies:' trailer of commit " + commits.front() +
                                            " is a claim, not evidence"
                                      : "; the 'Verifies:' trailers of commits " +
                                            util::join(commits, ", ") + " are claims, not evidence";
    }
    fail(out,
         id,
         message,
         "add a test that verifies it (a file link or the ID in the test's name), run it on "
         "this tree and pass its results");
  }
}

// Every failing or errored test names an open problem report with an evaluation, or refuses
// the release; skipped tests are listed.
void check_tests(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  const bool listed = applies(policy, "anomalies.failing-test", out.safety_class);
  for (const auto& t : m.unpassed) {
    const std::string test = "test '" + t.name + "' (" + t.source + ")";
    if (t.outcome == "skipped") {
      out.notes.push_back({"skipped", test + (t.message.empty() ? "" : ": " + t.message)});
      continue;
    }
    const std::string did = test + " " + (t.outcome == "errored" ? "errored" : "failed") +
                            (t.message.empty() ? "" : " (\"" + t.message + "\")");
    std::vector<const ProblemReport*> open;
    for (const auto& p : m.residual) {
      if (std::find(t.names.begin(), t.names.end(), p.id) != t.names.end()) {
        open.push_back(&p);
      }
    }
    if (open.empty()) {
      if (listed) {
        fail(out,
             "anomalies.failing-test",
             did + " and names no open problem report: a residual anomaly that is not listed",
             "fix it, or record it as a problem report with an evaluation and name its ID in "
             "the test's name or in a link in the test's file");
      }
      continue;
    }
    const auto evaluated = std::find_if(
        open.begin(), open.end(), [](const ProblemReport* p) { return !p->evaluation.empty(); });
    if (evaluated != open.end()) {
      out.notes.push_back({"known anomaly",
                           did + ": " + named((*evaluated)->id, (*evaluated)->title) +
                               ", evaluated: " + (*evaluated)->evaluation});
      continue;
    }
    const bool needed = std::any_of(open.begin(),
                                    open.end(),
                                    [&](const ProblemReport* p) {
                                      return applies(policy,
                                                     "anomalies.failing-test-evaluation",
                                                     effective(p->safety_class, out.safety_class),
                                                     policy.release.evaluation_required_for);
                                    }) ||
                        applies(policy,
                                "anomalies.failing-test-evaluation",
                                out.safety_class,
                                policy.release.evaluation_required_for);
    if (needed) {
      fail(out,
           "anomalies.failing-test-evaluation",
           did + ": " + open.front()->id + " is open but has no evaluation",
           "add evaluation = \"why it adds no unacceptable risk\" to " + open.front()->id +
               "'s registry entry, or fix the failure");
    } else {
      out.notes.push_back(
          {"known anomaly", did + ": " + named(open.front()->id, open.front()->title)});
    }
  }
}

void check_anomalies(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  const auto& legacy = policy.release.evaluation_required_for;
  for (const auto& p : m.residual) {
    const std::string c = effective(p.safety_class, out.safety_class);
    if (p.evaluation.empty() &&
        (applies(policy, "anomalies.evaluation", c, legacy) ||
         applies(policy, "anomalies.evaluation", out.safety_class, legacy))) {
      fail(out,
           "anomalies.evaluation",
           named(p.id, p.title) + " is open (" + p.status + ") and has no evaluation",
           "add evaluation = \"why it adds no unacceptable risk\" to its registry entry, or "
           "resolve it");
    }
  }
}

void check_soup(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  for (const auto& s : m.soup) {
    const std::string name = named(s.id, s.title);
    const std::string c = effective(s.safety_class, out.safety_class);
    // A SOUP item's record is asked for at its own class and at the system's (the stricter).
    const auto needed = [&](const char* id) {
      return applies(policy, id, c) || applies(policy, id, out.safety_class);
    };
    const bool undeclared_submodule = s.source == "submodule" && !s.missing.empty();
    if (undeclared_submodule && needed("soup.undeclared")) {
      fail(out,
           "soup.undeclared",
           "submodule " + s.files.front().path + " has no SOUP record",
           "add a soup item to the registry with paths = [\"" + s.files.front().path + "\"]");
    }
    // What pinning found (soup/pinning.hpp), each by the check of its rule.
    for (const auto& p : s.pin_problems) {
      const char* id = p.rule == "undeclared"       ? "soup.undeclared"
                       : p.rule == "stale-review"   ? "soup.review"
                       : p.rule == "end-of-support" ? "soup.end-of-support"
                                                    : "soup.version";
      if ((p.rule == "undeclared" && undeclared_submodule) || !needed(id)) {
        continue; // (said above, in the words of a submodule)
      }
      fail(out, id, p.message, p.fix);
    }
    if (s.source != "registry" || !s.record.not_soup.empty()) {
      continue; // (a record of what is not SOUP is asked for nothing SOUP needs)
    }
    std::vector<std::string> identity;
    if (s.title.empty()) {
      identity.emplace_back("title");
    }
    if (s.record.manufacturer.empty()) {
      identity.emplace_back("manufacturer");
    }
    if (s.record.version.empty()) {
      identity.emplace_back("version");
    }
    const auto report = [&](const char* id, const std::vector<std::string>& missing) {
      if (!missing.empty() && needed(id)) {
        fail(out,
             id,
             name + " lacks " + util::join(missing, ", ") + " (class " + s.safety_class + ")",
             "complete its registry entry");
      }
    };
    report("soup.identity", identity);
    report("soup.requirements",
           s.record.requirements.empty() ? std::vector<std::string>{"requirements"}
                                         : std::vector<std::string>{});
    report("soup.needs",
           s.record.needs.empty() ? std::vector<std::string>{"needs"} : std::vector<std::string>{});
    std::vector<std::string> anomalies;
    if (s.record.anomaly_list.empty()) {
      anomalies.emplace_back("anomaly_list");
    }
    if (s.record.anomaly_review.empty()) {
      anomalies.emplace_back("anomaly_review");
    }
    report("soup.anomalies", anomalies);
  }
}

// Every vulnerability the committed VEX and OSV files name for a shipped SOUP version has an
// evaluation (7.1.2, 7.1.3: the SOUP's published anomaly list evaluated for the version in
// use), asked at the item's class and at the system's, as the other SOUP checks.
void check_soup_vulnerabilities(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  for (const auto& u : unevaluated_vulnerabilities(m.soup)) {
    const std::string c = effective(u.safety_class, out.safety_class);
    if (!applies(policy, "soup.vulnerabilities", c) &&
        !applies(policy, "soup.vulnerabilities", out.safety_class)) {
      continue;
    }
    const auto& v = u.vulnerability;
    fail(out,
         "soup.vulnerabilities",
         named(u.item, u.title) + " " + u.version + ": " + v.id + " " + u.reason + " (" +
             v.where.file + ":" + std::to_string(v.where.line) + ")",
         "evaluate it in a committed VEX file (a vulnerabilities entry with id " + v.id +
             " or an alias, its analysis state, and for not_affected a justification or "
             "detail)" +
             (v.fixed.empty() ? std::string() : ", or upgrade to " + util::join(v.fixed, ", ")));
  }
}

// Classes below the system's, each with its reason (release/gate_class.hpp).
void check_class_decisions(const git::Repository& repo,
                           const policy::Policy& policy,
                           const Manifest& m,
                           GateReport& out)
{
  if (!applies(policy, "class.rationale", out.safety_class)) {
    return;
  }
  for (auto& f : check_classes(repo, policy, m)) {
    out.failures.push_back(std::move(f));
  }
}

// Risk controls the changes touch, re-verified on this tree (release/gate_impact.hpp). Where
// verification.risk-control applies, every risk control in the release already needs a passing
// test bound to this tree and no failing one, which covers the touched ones: the check runs
// only where it does not (a [standard] that drops 7.3 for the class but keeps 7.4.2). One that
// already failed verification.risk-control is not named twice.
void check_touched_risk_controls(const git::Repository& repo,
                                 const policy::Policy& policy,
                                 const workspace::MessageSettings& settings,
                                 const Manifest& m,
                                 GateReport& out)
{
  if (!applies(policy, "risk-controls.changed", out.safety_class) ||
      applies(policy, "verification.risk-control", out.safety_class)) {
    return;
  }
  const auto named_before = [&](const std::string& message) {
    const auto end = message.find(" is touched by changes");
    return end != std::string::npos &&
           std::any_of(out.failures.begin(), out.failures.end(), [&](const GateFailure& f) {
             return f.id == "verification.risk-control" &&
                    f.message.compare(0, end, message, 0, end) == 0 && f.message.size() > end &&
                    f.message[end] == ':';
           });
  };
  for (auto& f : check_changed_risk_controls(repo, policy, settings, m)) {
    if (!named_before(f.message)) {
      out.failures.push_back(std::move(f));
    }
  }
}

// Every problem report resolved since the previous release (not one that is only "not defined")
// shows its fix was verified (9.7): a passing test of the results given names it (the manifest's
// verified_by), or its registry entry records the verification.
void check_problem_verification(const policy::Policy& policy, const Manifest& m, GateReport& out)
{
  for (const auto& p : m.resolved) {
    if (p.status == "not defined" || !p.verified_by.empty() || !p.verification.empty()) {
      continue;
    }
    if (!applies(policy, "problems.verification", effective(p.safety_class, out.safety_class)) &&
        !applies(policy, "problems.verification", out.safety_class)) {
      continue;
    }
    fail(out,
         "problems.verification",
         named(p.id, p.title) + " is resolved (" + p.status +
             ") in this release, but nothing shows its fix was verified: " +
             (m.evidence.empty() ? "no results were given"
                                 : "no passing test in the results given names it") +
             " and it has no verification record",
         "add a test that names " + p.id +
             " (in its name, or a file link in its file), run it on this tree and pass its "
             "results; or add verification = \"how the fix was verified\" to " +
             p.id + "'s registry entry");
  }
}

// [release] approvals (release_approvals), each shortfall and rejection a failure.
void check_release_approvals(const git::Repository& repo,
                             const policy::Policy& policy,
                             const Manifest& manifest,
                             const std::string& version,
                             GateReport& out)
{
  if (policy.release.approvals.empty()) {
    return;
  }
  const auto found = release_approvals(approvals::Index::load(repo, policy),
                                       policy,
                                       version,
                                       util::sha256_hex(manifest_text(manifest)));
  for (size_t i = 0; i < found.missing.size(); ++i) {
    fail(out, "approval", found.missing[i], found.hints[i]);
  }
  out.approvals = found.counted;
}

} // namespace

ReleaseApprovals release_approvals(const approvals::Index& index,
                                   const policy::Policy& policy,
                                   const std::string& version,
                                   const std::string& digest)
{
  ReleaseApprovals out;
  std::vector<rules::SignedApproval> current;
  std::map<std::string, const approvals::Entry*> of_manifest; // by record id
  size_t other = 0;
  for (const auto* entry : index.for_release(version)) {
    if (entry->record.content != "sha256:" + digest) {
      ++other;
      continue;
    }
    current.push_back(history::signed_approval(*entry));
    of_manifest.emplace(entry->id, entry);
    out.records.push_back(
        entry->id.substr(0, 12) + " " + entry->record.meaning + " as " + entry->record.role + ", " +
        (entry->verdict.signer_name.empty() ? "not verified"
                                            : "signed by " + entry->verdict.signer_name + " <" +
                                                  entry->verdict.signer_email + ">") +
        ": " + std::string(approvals::status_name(entry->verdict.status)));
  }
  const std::string subject =
      "the manifest of " + version + " (sha256 " + digest.substr(0, 12) + ")" +
      (other == 0 ? std::string()
                  : " (" + std::to_string(other) + (other == 1 ? " record is" : " records are") +
                        " about another manifest of " + version + ")");
  for (const auto& [role, wanted] : policy.release.approvals) {
    // Nobody's record is set aside as an author's: a release has no single author.
    const auto count = rules::count_role(current, role, "");
    for (const auto& record : count.approver_records) {
      const auto& verdict = of_manifest.at(record)->verdict;
      out.counted.push_back(record + " approved as " + role + " by " + verdict.signer_name + " <" +
                            verdict.signer_email + ">");
    }
    if (!count.rejecters.empty()) {
      out.missing.push_back(subject + " was rejected in role " + role + " by " +
                            util::join(count.rejecters, ", "));
      out.hints.emplace_back("a rejection stands until the same member signs a later approval");
    }
    if (auto shortfall = count.shortfall(role, wanted); !shortfall.empty()) {
      out.missing.push_back(subject + " needs" + shortfall.substr(4));
      out.hints.push_back("a member of " + role + " runs 'git trail approve " + version +
                          " --release --role " + role +
                          "' on this commit with the same --results, and the record is fetched "
                          "here (refs/trail/approvals/*)");
    }
  }
  return out;
}

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
  check_tests(policy, manifest, out);
  check_anomalies(policy, manifest, out);
  check_soup(policy, manifest, out);
  check_soup_vulnerabilities(policy, manifest, out);
  for (const auto& unread : manifest.soup_unread) {
    // Discovery could not read a manifest: components may be missing from the list.
    if (applies(policy, "soup.undeclared", out.safety_class)) {
      fail(out,
           "soup.undeclared",
           "SOUP discovery could not read " + unread + ": the component list may be incomplete",
           "fix the file (git trail soup --discovered names what it could not read)");
    }
  }
  check_class_decisions(repo, policy, manifest, out);
  check_touched_risk_controls(repo, policy, settings, manifest, out);
  check_problem_verification(policy, manifest, out);
  check_release_approvals(repo, policy, manifest, version, out);
  return out;
}

} // namespace trail::release
