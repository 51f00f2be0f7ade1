#include "core/audit/audit.hpp"

#include "core/approvals/index.hpp"
#include "core/audit/checklist.hpp"
#include "core/audit/facts.hpp"
#include "core/config/diagnostic.hpp"
#include "core/release/soup_vulnerabilities.hpp"
#include "core/soup/pinning.hpp"
#include "core/standard/table.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"

#include <algorithm>
#include <unordered_map>

namespace trail::audit {

std::string_view verdict_name(Verdict verdict)
{
  switch (verdict) {
  case Verdict::evidence:
    return "evidence";
  case Verdict::partial:
    return "partial";
  case Verdict::gap:
    return "gap";
  case Verdict::not_applicable:
    return "not applicable";
  }
  return "gap";
}

namespace {

constexpr std::string_view k_default_policy = "<default policy>";

// The checklist: the one given, else [audit] checklist at REV, else the built-in one.
Checklist load_checklist(const git::Repository& repo,
                         const policy::Policy& policy,
                         const std::string& commit,
                         const AuditOptions& options)
{
  if (!options.checklist_path.empty()) {
    return parse_checklist(options.checklist_text, options.checklist_path);
  }
  if (!policy.audit.checklist.empty()) {
    const auto text = repo.read_file_at(commit, policy.audit.checklist);
    if (!text) {
      throw config::ConfigError(
          {{policy.audit.where,
            "audit.checklist names '" + policy.audit.checklist + "', which is not in the tree of " +
                util::short_id(commit),
            std::string(config::line_at(policy.text, policy.audit.where.line))}});
    }
    return parse_checklist(*text, policy.audit.checklist);
  }
  return builtin_checklist();
}

// Release tags in REV's history, oldest first by ancestry (then by version), and the newest
// one at or before REV.
void find_releases(Facts& facts)
{
  std::unordered_map<std::string, std::vector<std::string>> by_commit;
  for (const auto& [name, commit] : facts.repo.tags()) {
    if (policy::is_release_tag(facts.policy, name)) {
      by_commit[commit].push_back(name);
    }
  }
  if (by_commit.empty()) {
    return;
  }
  std::vector<std::pair<std::string, std::string>> found; // newest first by walk order
  git::WalkSpec spec;
  spec.revisions = {facts.revision.commit};
  facts.repo.walk(spec, [&](const git::CommitInfo& commit) {
    auto it = by_commit.find(commit.id);
    if (it != by_commit.end()) {
      auto names = it->second;
      std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
        return util::natural_less(a, b);
      });
      for (auto n = names.rbegin(); n != names.rend(); ++n) {
        found.emplace_back(*n, commit.id);
      }
    }
    return true;
  });
  if (found.empty()) {
    return;
  }
  if (by_commit.count(facts.revision.commit) > 0) {
    facts.release = found.front();
  } else if (auto previous = release::find_previous_release(
                 facts.repo, facts.policy, facts.revision.commit, "")) {
    facts.release = previous;
  }
  facts.releases.assign(found.rbegin(), found.rend());
}

Facts gather(const git::Repository& repo,
             const policy::Policy& policy,
             const workspace::MessageSettings& settings,
             const AuditOptions& options,
             const change::Revision& revision,
             const std::string& safety_class)
{
  Facts facts(repo, policy);
  facts.revision = revision;
  try {
    facts.policy_root = toml::parse(policy.text, std::string_view(policy.source));
  } catch (const toml::parse_error&) {
    facts.policy_root.reset();
  }
  facts.rev = options.rev;
  facts.safety_class = safety_class;
  facts.default_policy = policy.source == k_default_policy;
  facts.shallow = repo.is_shallow();
  const std::string& commit = facts.revision.commit;

  // The results given: each read once, digested and checked against the tree.
  std::vector<results::Report> reports;
  for (const auto& path : options.results) {
    GivenResults given;
    given.path = path;
    try {
      results::Report parsed;
      given.evidence = change::read_evidence(repo, path, facts.revision.tree, &parsed);
      reports.push_back(std::move(parsed));
    } catch (const Error& e) {
      given.problem = e.what();
    }
    facts.results.push_back(std::move(given));
  }

  try {
    facts.registry = workspace::registry_at(repo, policy, commit);
  } catch (const Error& e) {
    facts.registry_problem = e.what();
  }
  if (facts.registry_problem.empty()) {
    trace::TraceOptions trace_options;
    trace_options.at = commit;
    trace_options.reports = std::move(reports);
    facts.trace = trace::build_trace(repo, policy, settings, trace_options);
    facts.classes = classes::class_report(repo, policy, facts.registry, commit);
    // The records and the submodules .gitmodules declares, for the fields each line asks;
    // then, with the tree's files, what the release gate sees: the discovered components
    // pinned to the records and the vulnerabilities of each version in use.
    facts.soup = release::soup_at(repo, policy, facts.registry, commit, false);
    try {
      soup::Pinning pinning;
      const auto with_files =
          release::soup_at(repo, policy, facts.registry, commit, true, &pinning);
      facts.pinning = std::move(pinning);
      facts.unevaluated = release::unevaluated_vulnerabilities(with_files);
    } catch (const Error& e) {
      facts.soup_files_problem = e.what();
    }
    try {
      // No registry files yet (registry_at gives none): no plan item is defined.
      facts.plans = plans::plan_statuses(
          repo, policy, facts.registry ? *facts.registry : registry::Registry{}, commit);
    } catch (const Error& e) {
      facts.plans_problem = e.what();
    }
  }
  try {
    facts.trends = problems::problem_trends(repo, policy, commit, std::nullopt);
  } catch (const Error& e) {
    facts.trends_problem = e.what();
  }
  try {
    facts.tools = release::declared_tools(policy, repo, commit);
  } catch (const Error& e) {
    facts.tools_problem = e.what();
  }

  history::CheckOptions check;
  check.walk.revisions = {commit};
  try {
    facts.history = history::check_history(repo, policy, settings, check);
  } catch (const Error& e) {
    facts.history_problem = e.what();
  }

  find_releases(facts);
  change::Range range{commit, std::nullopt};
  if (facts.release) {
    range.from = facts.release->second;
  }
  auto changes = change::read_changes(repo, policy, settings, range);
  facts.since_boundary = changes.shallow_boundary;
  // Signed approval records: verified only for the commits asked about, and only when some
  // role can have signed them.
  std::optional<approvals::Index> records;
  if (!policy.roles.empty()) {
    records = approvals::Index::load(repo, policy);
  }
  for (auto& c : changes.changes) {
    SinceCommit s;
    s.trailers = message::parse_trailers(repo.commit(c.commit).message, settings.trailers);
    if (records) {
      for (const auto* entry : records->for_commit(c.commit)) {
        s.signed_approvals.push_back(history::signed_approval(*entry));
      }
    }
    s.change = std::move(c);
    facts.since.push_back(std::move(s));
  }
  if (facts.registry_problem.empty()) {
    std::optional<registry::Registry> before;
    if (facts.release) {
      try {
        before = workspace::registry_at(repo, policy, facts.release->second);
      } catch (const Error&) {
        before.reset();
      }
    }
    std::vector<change::Change> plain;
    for (const auto& s : facts.since) {
      plain.push_back(s.change);
    }
    facts.residual =
        change::classify_problems(policy, before, facts.registry, change::fixes_in(policy, plain))
            .residual;
  }
  return facts;
}

Verdict combine(const std::vector<Finding>& findings)
{
  const auto satisfied = static_cast<size_t>(std::count_if(
      findings.begin(), findings.end(), [](const Finding& f) { return f.satisfied; }));
  if (!findings.empty() && satisfied == findings.size()) {
    return Verdict::evidence;
  }
  return satisfied > 0 ? Verdict::partial : Verdict::gap;
}

} // namespace

Verdict line_verdict(const std::vector<Finding>& findings)
{
  return combine(findings);
}

Report run_audit(const git::Repository& repo,
                 const policy::Policy& policy,
                 const workspace::MessageSettings& settings,
                 const AuditOptions& options)
{
  Report report;
  report.rev = options.rev;
  if (!options.safety_class.empty()) {
    report.safety_class = options.safety_class;
    report.class_source = "--class";
  } else if (!policy.project.safety_class.empty()) {
    report.safety_class = policy.project.safety_class;
    report.class_source = "trail.toml";
  } else {
    report.safety_class = "C";
    report.class_source = "default (the strictest)";
  }
  report.revision = change::revision_at(repo, options.rev);
  report.identity = change::identify(policy);
  const Checklist checklist = load_checklist(repo, policy, report.revision.commit, options);
  report.checklist_source = checklist.source;
  report.checklist_digest = checklist.digest;
  report.document_id =
      "AUDIT-" + util::short_id(report.revision.commit) + "-" + checklist.digest.substr(0, 12);

  const Facts facts = gather(repo, policy, settings, options, report.revision, report.safety_class);
  if (facts.release) {
    report.release_tag = facts.release->first;
  }
  for (const auto& r : facts.results) {
    report.results.push_back(r.evidence ? r.path + " sha256:" + r.evidence->sha256
                                        : r.path + " (unreadable: " + r.problem + ")");
  }
  report.tools = tools_of(facts);

  const standard::Table& table = standard::iec62304();
  size_t number = 0;
  for (const auto& entry : checklist.lines) {
    Line line;
    line.number = ++number;
    line.area = entry.area;
    line.activity = entry.activity;
    line.clauses = entry.clauses;
    line.where = entry.where;
    for (const std::string c : {"A", "B", "C"}) {
      const bool any = std::any_of(entry.clauses.begin(), entry.clauses.end(), [&](const auto& cl) {
        return standard::applies(table, policy.standard, cl, c);
      });
      if (any) {
        line.classes.push_back(c);
      }
    }
    const bool applicable =
        std::find(line.classes.begin(), line.classes.end(), report.safety_class) !=
        line.classes.end();
    if (!applicable) {
      line.verdict = Verdict::not_applicable;
      ++report.totals.not_applicable;
    } else {
      for (const auto& query : entry.queries) {
        line.findings.push_back(run_query(query, facts));
      }
      line.verdict = combine(line.findings);
      switch (line.verdict) {
      case Verdict::evidence:
        ++report.totals.evidence;
        break;
      case Verdict::partial:
        ++report.totals.partial;
        break;
      default:
        ++report.totals.gap;
        break;
      }
    }
    if (report.areas.empty() || report.areas.back().name != line.area) {
      report.areas.push_back({line.area, {}});
    }
    report.areas.back().lines.push_back(std::move(line));
  }
  return report;
}

} // namespace trail::audit
