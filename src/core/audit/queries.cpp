// The evidence queries of the checklist mapping (docs/audit.md), each over the facts gathered
// once by audit.cpp. Each returns a finding: satisfied or not, a one-sentence summary of what
// was found or exactly what to add, and pointers an auditor can follow.

#include "core/audit/facts.hpp"
#include "core/plans/plans.hpp"
#include "core/policy/vocabulary.hpp"
#include "core/problems/trends.hpp"
#include "core/release/tag_message.hpp"
#include "core/rules/rules.hpp"
#include "core/util/digest.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>

namespace trail::audit {

namespace {

using Check = Finding (*)(const Query&, const Facts&);

std::string at(const Facts& facts)
{
  return facts.rev + " (" + util::short_id(facts.revision.commit) + ")";
}

std::string where(const config::Location& location)
{
  std::string text = location.file;
  if (location.line > 0) {
    text += ":" + std::to_string(location.line);
  }
  return text;
}

Finding make(const Query& query)
{
  Finding f;
  f.query = query.name;
  return f;
}

Finding fail(Finding f, std::string summary)
{
  f.satisfied = false;
  f.summary = std::move(summary);
  return f;
}

Finding pass(Finding f, std::string summary)
{
  f.satisfied = true;
  f.summary = std::move(summary);
  return f;
}

void point(Finding& f, std::string kind, std::string text)
{
  f.pointers.push_back({std::move(kind), std::move(text)});
}

// Lists up to a few names, then how many more.
std::string names(const std::vector<std::string>& all, size_t shown = 8)
{
  std::vector<std::string> head(all.begin(), all.begin() + std::min(shown, all.size()));
  std::string text = util::join(head, ", ");
  if (all.size() > shown) {
    text += " and " + std::to_string(all.size() - shown) + " more";
  }
  return text;
}

std::optional<policy::KindRole> role_of(std::string_view name)
{
  for (size_t i = 0; i < std::size(policy::k_kind_roles); ++i) {
    if (policy::k_kind_roles[i] == name) {
      return static_cast<policy::KindRole>(i);
    }
  }
  return std::nullopt;
}

// Returns the node of POLICY's text at the dotted KEY ("release.build"), or null.
const toml::node* setting(const toml::table& root, std::string_view key)
{
  const toml::node* node = &root;
  for (const auto part : util::split(key, '.')) {
    const toml::table* t = node ? node->as_table() : nullptr;
    node = t ? t->get(part) : nullptr;
  }
  return node;
}

// Returns "FILE:LINE" of the dotted KEY in the policy's text (FILE alone when it cannot be told).
std::string setting_where(const Facts& facts, std::string_view key)
{
  if (facts.policy_root) {
    if (const toml::node* node = setting(*facts.policy_root, key)) {
      return facts.policy.source + ":" + std::to_string(node->source().begin.line);
    }
  }
  return facts.policy.source;
}

// Why the registry cannot answer, or "".
std::string registry_unjudgeable(const Facts& facts)
{
  if (!facts.registry_problem.empty()) {
    return "the registry at " + at(facts) + " cannot be read: " + facts.registry_problem;
  }
  return "";
}

// The defined items of ROLE that still count (not in a closed state), registry order.
std::vector<const registry::Item*> items_of(const Facts& facts, std::string_view role_name)
{
  std::vector<const registry::Item*> out;
  const auto role = role_of(role_name);
  if (!facts.registry || !role) {
    return out;
  }
  for (const auto& item : facts.registry->items) {
    if (registry::has_role(item, *role) && !item.kind_spec->is_closed(item.status)) {
      out.push_back(&item);
    }
  }
  return out;
}

std::string no_items(const Facts& facts, const std::string& role)
{
  if (facts.policy.kinds_with(*role_of(role)).empty()) {
    return "the policy has no kind with the role " + role + ": add a [kinds.NAME] with role = \"" +
           role + "\" and define its items in the registry";
  }
  if (!facts.registry) {
    return "no registry at " + at(facts) + ": define the " + role +
           " items in the files [registry] files names";
  }
  return "no " + role + " item is defined at " + at(facts) + ": define them in the registry";
}

// ---- policy ----------------------------------------------------------------------------

Finding query_policy(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (facts.default_policy) {
    point(f, "command", "git trail init");
    return fail(std::move(f),
                "no trail.toml at " + at(facts) +
                    ": the default policy is in force; write one (git trail init) that sets " +
                    util::join(query.keys, ", "));
  }
  if (!facts.policy_root) {
    return fail(std::move(f), "the policy " + facts.policy.source + " cannot be read again");
  }
  const toml::table& root = *facts.policy_root;
  std::vector<std::string> missing;
  for (const auto& key : query.keys) {
    const toml::node* node = setting(root, key);
    const bool empty = node == nullptr || (node->is_array() && node->as_array()->empty()) ||
                       (node->is_string() && node->as_string()->get().empty());
    if (empty) {
      missing.push_back(key);
    } else {
      point(f,
            "setting",
            facts.policy.source + ":" + std::to_string(node->source().begin.line) + " " + key);
    }
  }
  if (!missing.empty()) {
    return fail(std::move(f),
                facts.policy.source + " does not set " + util::join(missing, ", ") +
                    ": add them (docs/configuration.md)");
  }
  return pass(std::move(f), facts.policy.source + " sets " + util::join(query.keys, ", "));
}

// ---- items -----------------------------------------------------------------------------

Finding query_items(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  const auto items = items_of(facts, query.role);
  if (items.empty()) {
    return fail(std::move(f), no_items(facts, query.role));
  }
  std::vector<std::string> drafts;
  for (const auto* item : items) {
    point(f, "item", item->id + " " + where(item->where));
    if (item->kind_spec->is_draft(item->status)) {
      drafts.push_back(item->id);
    }
  }
  point(f, "command", "git trail trace " + facts.rev);
  const std::string count =
      std::to_string(items.size()) + " " + query.role + " item(s) at " + at(facts);
  if (query.none_in_draft && !drafts.empty()) {
    return fail(std::move(f),
                count + ", " + std::to_string(drafts.size()) + " still in a draft state (" +
                    names(drafts) + "): finish and approve them");
  }
  return pass(std::move(f), count + (query.none_in_draft ? ", none in a draft state" : ""));
}

// ---- links -----------------------------------------------------------------------------

Finding query_links(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  const auto items = items_of(facts, query.role);
  if (items.empty()) {
    return fail(std::move(f), no_items(facts, query.role));
  }
  std::vector<std::string> lacking, claimed;
  for (const auto* item : items) {
    const auto entry = std::find_if(facts.trace->entries.begin(),
                                    facts.trace->entries.end(),
                                    [&](const auto& e) { return e.id == item->id; });
    bool file = false, commit = false;
    if (entry != facts.trace->entries.end()) {
      for (const auto& ref : entry->files) {
        if (ref.relation == query.relation) {
          file = true;
          point(f, "file", ref.path + ":" + std::to_string(ref.line) + " " + item->id);
          break;
        }
      }
      for (const auto& c : entry->commits) {
        if (c.relation == query.relation) {
          commit = true;
          if (query.relation != "verifies") {
            point(f, "commit", util::short_id(c.commit) + " " + item->id);
          }
          break;
        }
      }
    }
    // A `Verifies:` trailer is a claim; a test file that names the item links a test to it.
    const bool linked = query.relation == "verifies" ? file : (file || commit);
    if (!linked) {
      (query.relation == "verifies" && commit ? claimed : lacking).push_back(item->id);
    }
  }
  point(f, "command", "git trail trace " + facts.rev);
  const std::string total = std::to_string(items.size()) + " " + query.role + " item(s)";
  if (lacking.empty() && claimed.empty()) {
    return pass(std::move(f), "every one of " + total + " has a '" + query.relation + "' link");
  }
  std::string summary;
  if (!lacking.empty()) {
    summary = std::to_string(lacking.size()) + " of " + total + " have no '" + query.relation +
              "' link (" + names(lacking) + ")";
  }
  if (!claimed.empty()) {
    f.claim_only = lacking.empty();
    summary += std::string(summary.empty() ? "" : "; ") + names(claimed) +
               ": claimed, not evidenced (a Verifies: trailer, no test file names it)";
  }
  return fail(std::move(f), summary + ": add the links (trailers, or file links in tests)");
}

// ---- results / verified ----------------------------------------------------------------

std::string no_results()
{
  return "no test results given: pass --results FILE (bound with git trail bind-results)";
}

Finding query_results(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (facts.results.empty()) {
    return fail(std::move(f), no_results());
  }
  std::vector<std::string> problems;
  size_t tests = 0;
  for (const auto& r : facts.results) {
    if (!r.evidence) {
      problems.push_back(r.path + " cannot be read (" + r.problem + ")");
      continue;
    }
    point(f, "report", r.path + " sha256:" + r.evidence->sha256);
    tests += r.evidence->tests;
    if (!r.evidence->bound) {
      problems.push_back(r.path + " is bound to tree " +
                         (r.evidence->tree == "unknown" ? std::string("unknown")
                                                        : util::short_id(r.evidence->tree)) +
                         ", not to " + util::short_id(facts.revision.tree) +
                         " (bind it with git trail bind-results)");
    }
    if (r.evidence->failed > 0) {
      problems.push_back(r.path + " has " + std::to_string(r.evidence->failed) +
                         " failing test(s)");
    }
  }
  point(f, "command", "git trail trace " + facts.rev + " --results FILE");
  if (!problems.empty()) {
    return fail(std::move(f), util::join(problems, "; "));
  }
  return pass(std::move(f),
              std::to_string(facts.results.size()) + " report(s) bound to tree " +
                  util::short_id(facts.revision.tree) + ", " + std::to_string(tests) +
                  " test(s), none failing");
}

Finding query_verified(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  std::vector<const registry::Item*> items;
  for (const auto* item : items_of(facts, query.role)) {
    if (!item->kind_spec->is_deferred(item->status)) {
      items.push_back(item);
    }
  }
  if (items.empty()) {
    return fail(std::move(f), no_items(facts, query.role));
  }
  if (facts.results.empty()) {
    return fail(std::move(f), no_results());
  }
  std::vector<std::string> bound;
  for (const auto& r : facts.results) {
    if (r.evidence && r.evidence->bound) {
      bound.push_back(r.path);
    }
  }
  std::vector<std::string> unverified, claimed, failing;
  for (const auto* item : items) {
    const auto entry = std::find_if(facts.trace->entries.begin(),
                                    facts.trace->entries.end(),
                                    [&](const auto& e) { return e.id == item->id; });
    size_t passed = 0, failed = 0;
    std::string first;
    if (entry != facts.trace->entries.end()) {
      for (const auto& t : entry->tests) {
        if (std::find(bound.begin(), bound.end(), t.source) == bound.end()) {
          continue;
        }
        if (t.outcome == "passed") {
          ++passed;
          if (first.empty()) {
            first = t.name;
          }
        } else if (t.outcome == "failed") {
          ++failed;
        }
      }
    }
    if (failed > 0) {
      failing.push_back(item->id);
    } else if (passed == 0) {
      const bool claim =
          entry != facts.trace->entries.end() && !trace::verification_claims(*entry).empty();
      (claim ? claimed : unverified).push_back(item->id);
    } else {
      point(f, "item", item->id + " passed " + first);
    }
  }
  for (const auto& path : bound) {
    const auto r = std::find_if(
        facts.results.begin(), facts.results.end(), [&](const auto& g) { return g.path == path; });
    point(f, "report", path + " sha256:" + r->evidence->sha256);
  }
  point(f, "command", "git trail trace " + facts.rev + " --results FILE");
  const std::string total = std::to_string(items.size()) + " " + query.role + " item(s)";
  if (bound.empty()) {
    return fail(std::move(f),
                "no results report given is bound to tree " + util::short_id(facts.revision.tree) +
                    ": run the tests on this tree and bind the report (git trail bind-results)");
  }
  if (unverified.empty() && claimed.empty() && failing.empty()) {
    return pass(std::move(f),
                "every one of " + total + " has a passing test in results bound to tree " +
                    util::short_id(facts.revision.tree));
  }
  std::vector<std::string> parts;
  if (!failing.empty()) {
    parts.push_back(names(failing) + " failing");
  }
  if (!unverified.empty()) {
    parts.push_back(names(unverified) + " without a passing test");
  }
  if (!claimed.empty()) {
    parts.push_back(names(claimed) + ": claimed, not evidenced (Verifies: trailer only)");
    f.claim_only = failing.empty() && unverified.empty();
  }
  return fail(std::move(f),
              "of " + total + ": " + util::join(parts, "; ") +
                  ": add tests that name them (file links) and pass");
}

// ---- soup ------------------------------------------------------------------------------

const std::string& soup_field(const registry::SoupRecord& r, std::string_view name)
{
  static const std::string none;
  if (name == "manufacturer")
    return r.manufacturer;
  if (name == "version")
    return r.version;
  if (name == "release_date")
    return r.release_date;
  if (name == "license")
    return r.license;
  if (name == "purl")
    return r.purl;
  if (name == "cpe")
    return r.cpe;
  if (name == "requirements")
    return r.requirements;
  if (name == "needs")
    return r.needs;
  if (name == "anomaly_list")
    return r.anomaly_list;
  if (name == "anomaly_review")
    return r.anomaly_review;
  if (name == "support")
    return r.support;
  if (name == "end_of_support")
    return r.end_of_support;
  if (name == "verification")
    return r.verification;
  return none;
}

Finding query_soup(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  if (facts.soup.empty()) {
    return fail(std::move(f),
                "no SOUP is recorded at " + at(facts) +
                    ": add an item of a kind with the role soup for each library, runtime and tool "
                    "the software uses");
  }
  std::vector<std::string> incomplete;
  for (const auto& item : facts.soup) {
    std::vector<std::string> missing;
    for (const auto& field : query.fields) {
      if (soup_field(item.record, field).empty()) {
        missing.push_back(field);
      }
    }
    if (!missing.empty()) {
      incomplete.push_back(item.id + " lacks " + util::join(missing, ", "));
    }
    const registry::Item* defined = facts.registry ? facts.registry->find(item.id) : nullptr;
    point(f, "item", defined ? item.id + " " + where(defined->where) : item.id);
  }
  // What pinning found that this line's fields are about: identification (8.1.2: the
  // components no record covers, versions that are not the pinned ones) or the anomaly review
  // (7.1.3: reviews older than the pin).
  const auto asks = [&](std::string_view field) {
    return std::find(query.fields.begin(), query.fields.end(), field) != query.fields.end();
  };
  std::vector<std::string> pins;
  if (!facts.soup_files_problem.empty()) {
    // Without the tree's SOUP files, nothing pinning or a VEX file would say is known.
    return fail(std::move(f),
                "the SOUP files at " + at(facts) +
                    " could not be read: " + facts.soup_files_problem);
  }
  if (facts.pinning) {
    for (const auto& p : facts.pinning->problems) {
      const bool identity = p.rule == "undeclared" || p.rule == "version" || p.rule == "mutable";
      const bool review = p.rule == "stale-review";
      if ((identity && (asks("version") || asks("manufacturer"))) ||
          (review && (asks("anomaly_review") || asks("anomaly_list")))) {
        point(f, "component", p.message);
        pins.push_back(p.rule + " " + p.component);
      }
    }
    if (asks("version") || asks("manufacturer")) {
      for (const auto& unread : facts.pinning->discovery_problems) {
        point(f, "file", unread);
        pins.push_back("unreadable " + unread.substr(0, unread.find(':')));
      }
    }
  }
  // The published anomalies (7.1.3): each known vulnerability of a version in use evaluated.
  if (asks("anomaly_review") || asks("anomaly_list")) {
    for (const auto& u : facts.unevaluated) {
      point(f, "vulnerability", release::describe(u));
      pins.push_back(u.vulnerability.id + " of " + u.item + " " + u.reason);
    }
  }
  point(f, "command", "git trail soup " + facts.rev);
  if (!incomplete.empty()) {
    return fail(std::move(f), names(incomplete, 5) + ": fill them in the SOUP records");
  }
  if (!pins.empty()) {
    return fail(std::move(f),
                names(pins, 5) + ": declare, pin, review or evaluate them (git trail soup " +
                    facts.rev + ")");
  }
  return pass(std::move(f),
              std::to_string(facts.soup.size()) + " SOUP item(s), each records " +
                  util::join(query.fields, ", "));
}

// ---- classes / configuration items -----------------------------------------------------

Finding query_classes(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (!facts.classes) {
    return fail(std::move(f), registry_unjudgeable(facts));
  }
  const auto& report = *facts.classes;
  std::vector<std::string> unjustified;
  for (const auto& ci : report.configuration_items) {
    point(f, "setting", where(ci.where) + " " + ci.name + " class " + ci.decision.applied);
    if (!ci.decision.justified()) {
      unjustified.push_back(ci.name + " (lacks " + util::join(ci.decision.missing, ", ") + ")");
    }
  }
  for (const auto& item : report.items) {
    point(f, "item", item.id + " " + where(item.where) + " class " + item.decision.applied);
    if (!item.decision.justified()) {
      unjustified.push_back(item.id + " (lacks " + util::join(item.decision.missing, ", ") + ")");
    }
  }
  point(f, "command", "git trail class " + facts.rev);
  if (!report.system.declared) {
    return fail(std::move(f),
                "the system's safety class is not declared: set [project] safety_class");
  }
  if (!unjustified.empty()) {
    return fail(std::move(f),
                "lower classes without their justification: " + names(unjustified, 5) +
                    ": add class_rationale (and segregation in a class C system)");
  }
  return pass(std::move(f),
              "system class " + report.system.safety_class + "; " +
                  std::to_string(report.configuration_items.size() + report.items.size()) +
                  " class decision(s), every lower class justified");
}

Finding query_configuration_items(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  const auto& items = facts.policy.configuration_items;
  if (items.empty()) {
    return fail(std::move(f),
                "no [[configuration_items]] in " + facts.policy.source +
                    ": declare the path groups that make up the software, with their class");
  }
  std::vector<std::string> named;
  for (const auto& ci : items) {
    named.push_back(ci.name);
    point(f, "setting", where(ci.where) + " " + ci.name);
  }
  point(f, "command", "git trail manifest " + facts.rev);
  return pass(std::move(f),
              std::to_string(items.size()) + " configuration item(s) declared: " + names(named));
}

// ---- history / trailers / impact -------------------------------------------------------

Finding query_history(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  point(f, "command", "git trail check " + facts.rev);
  if (!facts.history) {
    return fail(std::move(f), "history could not be checked: " + facts.history_problem);
  }
  const auto& h = *facts.history;
  if (!h.complete()) {
    std::string why = !h.shallow_boundary.empty()
                          ? "a shallow clone: commits before " +
                                util::short_id(h.shallow_boundary.front()) + " were not read"
                      : !h.baseline_missing.empty()
                          ? "[project] baseline " + h.baseline_missing + " is not in this clone"
                          : std::to_string(h.unjudged.size()) +
                                " commit(s) could not be judged (their changed paths are unknown)";
    return fail(std::move(f), "history is incomplete: " + why + "; fetch the whole history");
  }
  if (!h.clean()) {
    std::vector<std::string> ids;
    for (const auto& c : h.failures) {
      ids.push_back(util::short_id(c.id));
      point(f, "commit", util::short_id(c.id) + " " + c.subject);
    }
    return fail(std::move(f),
                std::to_string(h.failing_commits) + " of " + std::to_string(h.checked) +
                    " commit(s) violate the policy (" + names(ids) +
                    "): fix or waive them ([[waivers]])");
  }
  return pass(std::move(f),
              "all " + std::to_string(h.checked) + " commit(s) of " + at(facts) +
                  " pass the policy, history complete");
}

std::string since_text(const Facts& facts)
{
  return facts.release ? "since " + facts.release->first : "in the whole history (no release yet)";
}

// The verdict of a query over the commits since the release: unsatisfied when that history
// is incomplete (fail closed) or when a commit lacks WHAT (LACKING, short ids), naming them.
Finding since_verdict(Finding f,
                      const Facts& facts,
                      const std::vector<std::string>& lacking,
                      size_t considered,
                      const std::string& lack_text,
                      const std::string& have_text)
{
  if (!facts.since_boundary.empty()) {
    return fail(std::move(f),
                "history is incomplete (a shallow clone): the commits " + since_text(facts) +
                    " cannot all be read");
  }
  if (!lacking.empty()) {
    for (const auto& id : lacking) {
      point(f, "commit", id);
    }
    return fail(std::move(f),
                std::to_string(lacking.size()) + " of " + std::to_string(considered) +
                    " commit(s) " + since_text(facts) + " " + lack_text + " (" + names(lacking) +
                    ")");
  }
  return pass(std::move(f),
              "all " + std::to_string(considered) + " commit(s) " + since_text(facts) + " " +
                  have_text);
}

Finding query_trailers(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  std::vector<std::string> lacking;
  size_t considered = 0;
  for (const auto& s : facts.since) {
    if (s.change.merge) {
      continue;
    }
    ++considered;
    bool has = false;
    if (!query.role.empty()) {
      for (const auto& t : s.trailers) {
        const auto* spec = facts.policy.find_trailer(t.key);
        if (spec && spec->role == policy::TrailerRole::approval && !t.value.empty()) {
          has = has || !rules::names_person(t.value, s.change.author, s.change.author_email);
        }
      }
    } else {
      has = std::any_of(s.change.links.begin(), s.change.links.end(), [&](const auto& l) {
        return l.relation == query.relation;
      });
    }
    if (!has) {
      lacking.push_back(util::short_id(s.change.commit));
    }
  }
  const std::string what =
      !query.role.empty()
          ? std::string("an approval trailer (a claim) by someone other than the author")
          : "a '" + query.relation + "' link";
  if (facts.release) {
    point(f, "tag", facts.release->first);
  }
  point(f,
        "command",
        "git trail trailers " + (facts.release ? facts.release->first + ".." : std::string()) +
            facts.rev);
  return since_verdict(
      std::move(f), facts, lacking, considered, "do not carry " + what, "carry " + what);
}

// Signed approval records (evidence), unlike approval trailers (claims): every commit since the
// release has a valid `approved` record by a member of some role other than its author, and no
// member's latest record rejects it.
Finding query_approvals(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  point(f,
        "command",
        "git trail approvals " + (facts.release ? facts.release->first + ".." : std::string()) +
            facts.rev);
  if (facts.policy.roles.empty()) {
    point(f, "setting", "[roles] (not defined)");
    return fail(std::move(f),
                "no signed approvals can exist: the policy defines no [roles] (approval trailers "
                "are claims, not evidence; docs/approvals.md)");
  }
  std::vector<std::string> lacking;
  size_t considered = 0;
  for (const auto& s : facts.since) {
    if (s.change.merge) {
      continue;
    }
    ++considered;
    bool approved = false;
    bool rejected = false;
    for (const auto& role : facts.policy.roles) {
      const auto count = rules::count_role(s.signed_approvals, role.name, s.change.author_email);
      approved = approved || !count.approvers.empty();
      rejected = rejected || !count.rejecters.empty();
    }
    if (!approved || rejected) {
      lacking.push_back(util::short_id(s.change.commit));
    }
  }
  if (facts.release) {
    point(f, "tag", facts.release->first);
  }
  return since_verdict(std::move(f),
                       facts,
                       lacking,
                       considered,
                       "have no valid signed approval by a role member other than the author",
                       "have a valid signed approval by a role member other than the author");
}

Finding query_impact(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  std::vector<std::string> lacking;
  size_t considered = 0;
  for (const auto& s : facts.since) {
    if (s.change.merge) {
      continue;
    }
    ++considered;
    if (s.change.safety_impact.empty() || s.change.safety_rationale.empty()) {
      lacking.push_back(util::short_id(s.change.commit));
    }
  }
  point(f,
        "command",
        "git trail impact " + (facts.release ? facts.release->first + ".." : std::string()) +
            facts.rev);
  return since_verdict(std::move(f),
                       facts,
                       lacking,
                       considered,
                       "do not state both Safety-Impact and Safety-Rationale",
                       "state Safety-Impact and Safety-Rationale");
}

// ---- release / changelog / anomalies ---------------------------------------------------

Finding query_release(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (!facts.release) {
    return fail(std::move(f),
                "no release tag at or before " + at(facts) +
                    ": release with git trail release VERSION --results FILE");
  }
  const std::string& name = facts.release->first;
  point(f, "tag", name + " " + util::short_id(facts.release->second));
  point(f, "command", "git trail verify " + name);
  const auto tag = facts.repo.find_tag(name);
  if (!tag || !tag->annotated) {
    return fail(std::move(f),
                "release tag " + name +
                    " is not annotated: it carries no manifest; release with "
                    "git trail release");
  }
  const auto stored = release::parse_tag_message(tag->message);
  if (!stored) {
    return fail(std::move(f),
                "release tag " + name +
                    " carries no git-trail manifest: release with git trail "
                    "release");
  }
  if (query.signed_ && !tag->is_signed) {
    return fail(std::move(f),
                "release tag " + name +
                    " carries a manifest but no signature: sign releases ([release] sign = true)");
  }
  return pass(std::move(f),
              "release tag " + name + " carries its manifest" +
                  (tag->is_signed ? std::string(" and a signature") : std::string()) +
                  (stored->declared_digest.empty()
                       ? std::string()
                       : " (Manifest-SHA256 " + stored->declared_digest.substr(0, 12) + ")"));
}

Finding query_changelog(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (facts.releases.empty()) {
    return fail(std::move(f),
                "no release tag in the history of " + at(facts) +
                    ": the changes of a release are communicated by its changelog; release first");
  }
  std::vector<std::string> tags;
  std::string previous;
  for (const auto& [name, commit] : facts.releases) {
    tags.push_back(name);
    point(
        f, "command", "git trail changelog " + (previous.empty() ? name : previous + ".." + name));
    previous = name;
  }
  return pass(std::move(f),
              std::to_string(tags.size()) +
                  " release(s) with a changelog to produce: " + names(tags));
}

Finding query_anomalies(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  if (facts.policy.kinds_with(policy::KindRole::problem_report).empty()) {
    return fail(std::move(f),
                "the policy has no kind with the role problem-report: residual anomalies cannot "
                "be listed");
  }
  std::vector<std::string> unevaluated;
  for (const auto& p : facts.residual) {
    const registry::Item* item = facts.registry ? facts.registry->find(p.id) : nullptr;
    point(f, "item", item ? p.id + " " + where(item->where) : p.id);
    if (p.evaluation.empty()) {
      unevaluated.push_back(p.id);
    }
  }
  point(f, "command", "git trail manifest " + facts.rev);
  if (facts.residual.empty()) {
    return pass(std::move(f), "no open problem report at " + at(facts));
  }
  if (!unevaluated.empty()) {
    return fail(std::move(f),
                std::to_string(facts.residual.size()) + " open problem report(s), " +
                    std::to_string(unevaluated.size()) + " without an evaluation (" +
                    names(unevaluated) + "): add evaluation = \"...\" to each");
  }
  return pass(std::move(f),
              std::to_string(facts.residual.size()) +
                  " open problem report(s), each with an evaluation");
}

// ---- build / tools / document ----------------------------------------------------------

Finding query_build(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (facts.policy.release.build.empty()) {
    return fail(std::move(f),
                "[release] build is not set in " + facts.policy.source +
                    ": write the build procedure there");
  }
  point(f, "setting", setting_where(facts, "release.build") + " release.build");
  return pass(std::move(f), "[release] build: " + facts.policy.release.build);
}

Finding query_tools(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (!facts.tools_problem.empty()) {
    return fail(std::move(f),
                "the tools of [[release.tools]] cannot be read: " + facts.tools_problem);
  }
  if (facts.tools.empty()) {
    return fail(std::move(f),
                facts.policy.release.environment.empty()
                    ? "no tool is declared in " + facts.policy.source +
                          ": list each tool that builds and tests the software in "
                          "[[release.tools]] with its name, version and digest"
                    : "[release] environment names " + names(facts.policy.release.environment) +
                          ", but no tool is declared with its version: list each in "
                          "[[release.tools]] with its name, version and digest");
  }
  point(f, "setting", setting_where(facts, "release.tools") + " release.tools");
  std::vector<std::string> unversioned;
  std::vector<std::string> undigested;
  for (const auto& tool : facts.tools) {
    if (tool.version.empty()) {
      unversioned.push_back(tool.name);
    }
    if (tool.sha256.empty()) {
      undigested.push_back(tool.name);
    }
  }
  if (!unversioned.empty()) {
    return fail(std::move(f),
                std::to_string(facts.tools.size()) + " tool(s) in [[release.tools]], " +
                    std::to_string(unversioned.size()) + " without a version (" +
                    names(unversioned) + "): add version = \"...\" to each");
  }
  return pass(std::move(f),
              std::to_string(facts.tools.size()) +
                  " tool(s) in [[release.tools]], each with its version" +
                  (undigested.empty() ? std::string(" and digest")
                                      : "; without a digest: " + names(undigested)));
}

// ---- plans, problem reports ------------------------------------------------------------

Finding query_plan(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  if (!facts.plans_problem.empty()) {
    return fail(std::move(f),
                "the plans at " + at(facts) + " cannot be read: " + facts.plans_problem);
  }
  point(f, "command", "git trail plans " + facts.rev);
  const auto it = std::find_if(facts.plans.begin(), facts.plans.end(), [&](const auto& plan) {
    return plan.type == query.plan;
  });
  if (it == facts.plans.end() || it->id.empty()) {
    return fail(std::move(f),
                "no " + query.plan + " plan at " + at(facts) +
                    ": add a registry item with plan = \"" + query.plan +
                    "\" and its document (git trail init --plans writes a starter set)");
  }
  const plans::PlanStatus& plan = *it;
  point(f, "item", plan.id + " " + where(plan.item_where));
  std::vector<std::string> gaps = plan.gaps();
  if (plan.document_found) {
    for (const auto& section : query.sections) {
      const std::string key = plans::section_key(section);
      const auto heading =
          std::find_if(plan.headings.begin(), plan.headings.end(), [&](const plans::Heading& h) {
            return plans::section_key(h.text) == key;
          });
      if (heading == plan.headings.end()) {
        gaps.push_back(plan.document + " has no section \"" + section + "\"");
      } else {
        point(f, "file", plan.document + ":" + std::to_string(heading->line) + " " + section);
      }
    }
    if (query.sections.empty()) {
      point(f, "file", plan.document);
    }
  }
  std::string changed;
  if (plan.last_change) {
    point(f, "commit", util::short_id(plan.last_change->commit) + " last changed " + plan.document);
    changed = "; last changed in " + util::short_id(plan.last_change->commit) + " on " +
              plan.last_change->date;
    if (!plan.release_tag.empty()) {
      changed += (plan.changed_since_release ? ", changed since " : ", unchanged since ") +
                 plan.release_tag;
    }
  }
  const std::string name = plan.id + " (" + query.plan + " plan, " + plan.status + ")";
  if (!gaps.empty()) {
    return fail(std::move(f), name + ": " + util::join(gaps, "; ") + changed);
  }
  return pass(
      std::move(f),
      name + ": " + plan.document +
          (query.sections.empty() ? std::string() : " has " + util::join(query.sections, ", ")) +
          changed);
}

Finding query_problems(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (auto why = registry_unjudgeable(facts); !why.empty()) {
    return fail(std::move(f), why);
  }
  if (facts.policy.kinds_with(policy::KindRole::problem_report).empty()) {
    return fail(std::move(f),
                "the policy has no kind with the role problem-report: problem reports cannot be "
                "recorded");
  }
  std::vector<std::string> record;
  bool evaluation = false;
  for (const auto& field : query.fields) {
    if (field == "evaluation") {
      evaluation = true;
    } else {
      record.push_back(field);
    }
  }
  std::vector<const registry::Item*> reports;
  // No registry files yet: no problem report is recorded (reports stays empty).
  if (facts.registry) {
    for (const auto& item : facts.registry->items) {
      if (registry::has_role(item, policy::KindRole::problem_report)) {
        reports.push_back(&item);
      }
    }
  }
  point(f, "command", "git trail problems " + facts.rev + " --check");
  if (reports.empty()) {
    return fail(std::move(f),
                "no problem report is recorded at " + at(facts) +
                    ": nothing shows the process in use; record problem reports in the registry");
  }
  std::vector<std::string> gaps;
  for (const auto& gap : problems::record_gaps(facts.policy, *facts.registry, record)) {
    gaps.push_back(gap.id + " lacks " + util::join(gap.missing, ", "));
    point(f, "item", gap.id + " " + where(gap.where));
  }
  if (evaluation) {
    for (const auto& p : facts.residual) {
      if (p.evaluation.empty()) {
        gaps.push_back(p.id + " (open) lacks evaluation");
        const registry::Item* item = facts.registry->find(p.id);
        point(f, "item", item ? p.id + " " + where(item->where) : p.id);
      }
    }
  }
  if (!gaps.empty()) {
    return fail(std::move(f),
                std::to_string(reports.size()) + " problem report(s) at " + at(facts) +
                    "; incomplete records: " + names(gaps, 6));
  }
  for (const auto* item : reports) {
    point(f, "item", item->id + " " + where(item->where));
  }
  return pass(std::move(f),
              std::to_string(reports.size()) + " problem report(s) at " + at(facts) +
                  (query.fields.empty() ? std::string(", recorded in the registry")
                                        : ", each recording " + util::join(query.fields, ", ")));
}

Finding query_problem_trends(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  if (!facts.trends) {
    return fail(std::move(f),
                "the problem reports' history cannot be read: " + facts.trends_problem);
  }
  const problems::Trends& trends = *facts.trends;
  point(f, "command", "git trail problems " + facts.rev + " --by item");
  if (!trends.complete()) {
    return fail(std::move(f), "the trend is incomplete: " + trends.incomplete());
  }
  if (trends.reports.empty()) {
    return fail(std::move(f),
                "no problem report in the registry's history up to " + at(facts) +
                    ": there is no trend to analyse yet");
  }
  size_t open = 0;
  for (const auto& life : trends.reports) {
    open += life.open ? 1 : 0;
  }
  std::string recurring;
  for (const auto& r : problems::recurring(trends)) {
    recurring += (recurring.empty() ? "" : "; ") + r.item + ": " + util::join(r.reports, ", ");
  }
  return pass(std::move(f),
              std::to_string(trends.reports.size()) + " problem report(s) over " +
                  std::to_string(trends.commits) + " commit(s), " + std::to_string(open) +
                  " open; recurring: " + (recurring.empty() ? "none" : recurring));
}

// The newest commit of REV's first-parent history that changed PATH, or "".
std::string last_change(const Facts& facts, const std::string& path)
{
  std::string found;
  std::string current = facts.repo.tree_id_at(facts.revision.commit, path);
  std::string candidate = facts.revision.commit;
  git::WalkSpec spec;
  spec.revisions = {facts.revision.commit};
  facts.repo.walk(spec, [&](const git::CommitInfo& commit) {
    const std::string id = commit.parents.empty() || !facts.repo.has_object(commit.parents.front())
                               ? std::string()
                               : facts.repo.tree_id_at(commit.parents.front(), path);
    if (id != current) {
      found = commit.id;
      return false;
    }
    return true;
  });
  return found;
}

Finding query_document(const Query& query, const Facts& facts)
{
  Finding f = make(query);
  const auto text = facts.repo.read_file_at(facts.revision.commit, query.path);
  if (!text) {
    return fail(std::move(f),
                "no " + query.path + " at " + at(facts) + ": add it" +
                    (query.headings.empty()
                         ? std::string()
                         : " with the headings " + util::join(query.headings, ", ")));
  }
  const auto headings = plans::markdown_headings(*text);
  std::vector<std::string> missing;
  for (const auto& wanted : query.headings) {
    const std::string key = plans::section_key(wanted);
    const auto it = std::find_if(headings.begin(), headings.end(), [&](const plans::Heading& h) {
      return plans::section_key(h.text) == key;
    });
    if (it == headings.end()) {
      missing.push_back(wanted);
    } else {
      point(f, "file", query.path + ":" + std::to_string(it->line) + " " + wanted);
    }
  }
  if (query.headings.empty()) {
    point(f, "file", query.path);
  }
  std::string changed;
  const std::string last = last_change(facts, query.path);
  if (!last.empty()) {
    point(f, "commit", util::short_id(last) + " last changed " + query.path);
    const auto info = facts.repo.commit(last);
    changed = "; last changed in " + util::short_id(last) + " on " +
              util::iso_date(info.committer_time, info.committer_offset);
    if (facts.release) {
      changed += facts.repo.is_ancestor(last, facts.release->second)
                     ? ", before " + facts.release->first
                     : ", after " + facts.release->first;
    }
  }
  if (!missing.empty()) {
    return fail(std::move(f),
                query.path + " lacks the heading(s) " + util::join(missing, ", ") + changed);
  }
  return pass(
      std::move(f),
      query.path + " at " + at(facts) +
          (query.headings.empty() ? std::string() : " has " + util::join(query.headings, ", ")) +
          changed);
}

} // namespace

std::vector<Tool> tools_of(const Facts& facts)
{
  std::vector<Tool> tools;
  const std::string environment = setting_where(facts, "release.environment");
  for (const auto& entry : facts.policy.release.environment) {
    Tool t;
    t.name = entry;
    t.source = environment + " release.environment";
    tools.push_back(std::move(t));
  }
  const std::string declared = setting_where(facts, "release.tools");
  for (const auto& record : facts.tools) {
    Tool t;
    t.name = record.name;
    t.version = record.version;
    t.digest = record.sha256.empty() ? std::string() : "sha256:" + record.sha256;
    t.source =
        declared + " release.tools" + (record.path.empty() ? std::string() : ", " + record.path);
    tools.push_back(std::move(t));
  }
  const release::ToolRecord self = release::git_trail_tool();
  Tool t;
  t.name = self.name;
  t.version = self.version;
  t.digest = self.sha256.empty() ? std::string() : "sha256:" + self.sha256;
  t.source = "this executable";
  tools.push_back(std::move(t));
  return tools;
}

Finding run_query(const Query& query, const Facts& facts)
{
  static const std::vector<std::pair<std::string_view, Check>> checks = {
      {"policy", &query_policy},
      {"items", &query_items},
      {"links", &query_links},
      {"verified", &query_verified},
      {"results", &query_results},
      {"soup", &query_soup},
      {"classes", &query_classes},
      {"configuration-items", &query_configuration_items},
      {"history", &query_history},
      {"trailers", &query_trailers},
      {"approvals", &query_approvals},
      {"release", &query_release},
      {"anomalies", &query_anomalies},
      {"impact", &query_impact},
      {"changelog", &query_changelog},
      {"build", &query_build},
      {"tools", &query_tools},
      {"document", &query_document},
      {"plan", &query_plan},
      {"problems", &query_problems},
      {"problem-trends", &query_problem_trends},
  };
  for (const auto& [name, check] : checks) {
    if (name == query.name) {
      try {
        return check(query, facts);
      } catch (const Error& e) {
        Finding f;
        f.query = query.name;
        f.summary = std::string("could not be judged: ") + e.what();
        return f;
      }
    }
  }
  Finding f;
  f.query = query.name;
  f.summary = "unknown query " + query.name;
  return f;
}

} // namespace trail::audit
