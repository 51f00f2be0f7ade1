#include "core/changelog/changelog.hpp"

#include "core/approvals/index.hpp"
#include "core/change/changes.hpp"
#include "core/change/problems.hpp"
#include "core/history/check.hpp"
#include "core/impact/impact.hpp"
#include "core/registry/item_diff.hpp"
#include "core/rules/rules.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace trail::changelog {

namespace {

// A commit of the range: as the changelog shows it (shared with the lists that will hold it),
// what folding and grouping need of the rest, and whether it still counts.
// (A range's entries are all held at once, so an entry keeps little besides its commit.)
struct Entry
{
  // The commits it names, for the few that name any.
  struct Names
  {
    std::string reverts;     // the commit it reverts, or ""
    std::string picked_from; // the commit it was cherry-picked from, or ""
  };

  std::shared_ptr<CommitRef> ref;
  std::vector<links::Link> links;
  const std::string* author_email = nullptr; // interned: a history has few authors
  int64_t author_time = 0;
  std::unique_ptr<const Names> names; // null when it names no commit
  // Its approval trailers (claims); null when it has none.
  std::unique_ptr<const std::vector<std::string>> claims;
  bool merge = false;
  bool soup_change = false;
  bool active = true;

  const std::string& reverts() const
  {
    static const std::string none;
    return names ? names->reverts : none;
  }
  const std::string& picked_from() const
  {
    static const std::string none;
    return names ? names->picked_from : none;
  }
};

// The entries of a range, oldest first once read (a deque: it grows without moving them).
using Entries = std::deque<Entry>;

// Makes CHANGE an entry, moving what it holds; its author's email is kept once in EMAILS.
Entry make_entry(change::Change&& c, std::unordered_set<std::string>& emails)
{
  Entry e;
  e.ref = std::make_shared<CommitRef>(
      c.commit, c.subject, c.author, c.date, c.safety_impact, c.safety_rationale);
  e.links = std::move(c.links);
  e.author_email = &*emails.insert(std::move(c.author_email)).first;
  e.author_time = c.author_time;
  if (!c.reverts.empty() || !c.picked_from.empty()) {
    e.names = std::make_unique<const Entry::Names>(
        Entry::Names{std::move(c.reverts), std::move(c.picked_from)});
  }
  if (!c.approval_claims.empty()) {
    e.claims = std::make_unique<const std::vector<std::string>>(std::move(c.approval_claims));
  }
  e.merge = c.merge;
  e.soup_change = c.soup_change;
  return e;
}

// Fills GROUP's definition fields from the registries at A and B.
void describe(Group& group,
              const std::optional<registry::Registry>& before,
              const std::optional<registry::Registry>& after)
{
  const registry::Item* now = after ? after->find(group.id) : nullptr;
  const registry::Item* then = before ? before->find(group.id) : nullptr;
  if (now) {
    group.defined = true;
    group.title = now->title;
    group.status = now->status;
  }
  if (now && !then) {
    group.definition = "added";
  } else if (!now && then) {
    group.definition = "removed";
  } else if (now && then) {
    const auto shown = [](const std::string& value) {
      return value.empty() ? std::string("(none)") : value;
    };
    for (const auto& change : registry::diff_items(*then, *now)) {
      group.definition = "changed";
      group.changes.push_back(change.field + ": " + shown(change.before) + " -> " +
                              shown(change.after));
    }
  }
}

std::vector<SoupChange> soup_changes(const std::vector<release::SoupItem>& before,
                                     const std::vector<release::SoupItem>& after)
{
  std::map<std::string, const release::SoupItem*, bool (*)(std::string_view, std::string_view)> old(
      util::natural_less);
  for (const auto& s : before) {
    old[s.id] = &s;
  }
  std::vector<SoupChange> out;
  std::set<std::string> seen;
  for (const auto& s : after) {
    seen.insert(s.id);
    const auto at = old.find(s.id);
    if (at == old.end()) {
      out.push_back({s.id, s.title, "added", {}, s.record.version, {}});
      continue;
    }
    const auto& a = at->second->record;
    const auto& b = s.record;
    if (a.version != b.version) {
      out.push_back({s.id, s.title, "upgraded", a.version, b.version, {}});
      continue;
    }
    std::vector<std::string> fields;
    const auto differ = [&](const char* name, const std::string& x, const std::string& y) {
      if (x != y) {
        fields.emplace_back(name);
      }
    };
    differ("title", at->second->title, s.title);
    differ("manufacturer", a.manufacturer, b.manufacturer);
    differ("license", a.license, b.license);
    differ("purl", a.purl, b.purl);
    differ("requirements", a.requirements, b.requirements);
    differ("needs", a.needs, b.needs);
    differ("anomaly_list", a.anomaly_list, b.anomaly_list);
    differ("anomaly_review", a.anomaly_review, b.anomaly_review);
    differ("support", a.support, b.support);
    differ("end_of_support", a.end_of_support, b.end_of_support);
    if (!fields.empty()) {
      out.push_back({s.id, s.title, "changed", a.version, b.version, std::move(fields)});
    }
  }
  for (const auto& s : before) {
    if (!seen.count(s.id)) {
      out.push_back({s.id, s.title, "removed", s.record.version, {}, {}});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return util::natural_less(x.id, y.id);
  });
  return out;
}

Endpoint endpoint(const git::Repository& repo, const std::string& name)
{
  const auto revision = change::revision_at(repo, name);
  return {name, revision.commit, revision.date};
}

} // namespace

CommitRef::CommitRef(std::string_view commit,
                     std::string_view subject,
                     std::string_view author,
                     std::string_view date,
                     std::string_view safety_impact,
                     std::string_view rationale,
                     std::string_view reason,
                     std::string_view waived)
{
  const std::string_view fields[k_fields] = {
      commit, subject, author, date, safety_impact, rationale, reason, waived};
  size_t size = 0;
  for (const auto f : fields) {
    size += f.size();
  }
  m_text.reserve(size);
  for (size_t i = 0; i < k_fields; ++i) {
    m_text.append(fields[i]);
    m_end[i] = static_cast<uint32_t>(m_text.size());
  }
}

void CommitRef::set(size_t i, std::string_view value)
{
  std::string_view fields[k_fields];
  for (size_t f = 0; f < k_fields; ++f) {
    fields[f] = f == i ? value : field(f);
  }
  *this = CommitRef(fields[0],
                    fields[1],
                    fields[2],
                    fields[3],
                    fields[4],
                    fields[5],
                    fields[6],
                    fields[7]); // built aside, so VALUE may be a view of this one
}

void CommitRef::set_reason(std::string_view reason)
{
  set(6, reason);
}

void CommitRef::set_waived(std::string_view waived)
{
  set(7, waived);
}

std::string SoupChange::describe() const
{
  const auto version = [](const std::string& v) {
    return v.empty() ? std::string(release::k_unknown) : v;
  };
  if (change == "added") {
    return "added, version " + version(to_version);
  }
  if (change == "removed") {
    return "removed (was version " + version(from_version) + ")";
  }
  if (change == "upgraded") {
    return "version changed from " + version(from_version) + " to " + version(to_version);
  }
  return "record changed: " + util::join(fields, ", ");
}

std::pair<std::string, std::string> split_range(const std::string& range)
{
  if (range.find("...") != std::string::npos) {
    throw UsageError(
        "'" + range +
        "': a changelog is between an older and a newer revision; use A..B, not A...B");
  }
  if (range.empty()) {
    throw UsageError("an empty range; give A..B, or B for the whole history up to B");
  }
  const auto dots = range.find("..");
  if (dots == std::string::npos) {
    return {std::string(), range};
  }
  // As git reads it: an end left out is HEAD.
  std::string from = range.substr(0, dots);
  std::string to = range.substr(dots + 2);
  return {from.empty() ? std::string("HEAD") : from, to.empty() ? std::string("HEAD") : to};
}

namespace {

// The active entries' groups, by the role of the kind each link names; natural ID order.
template<typename T>
using ById = std::map<std::string, T, bool (*)(std::string_view, std::string_view)>;
struct Groups
{
  ById<Group> change_requests{util::natural_less};
  ById<Group> requirements{util::natural_less};
  ById<Group> risk_controls{util::natural_less};
  ById<Group> others{util::natural_less};
  ById<ProblemFixed> problems{util::natural_less};
  ById<Group> problems_related{util::natural_less};
};

// The entries of the range seen so far, found by a full commit id or an abbreviation of one.
class EntryIndex
{
public:
  explicit EntryIndex(Entries& entries) : m_entries(entries) {}

  void add(size_t index)
  {
    m_by_id[m_entries[index].ref->commit()] = index;
  }
  Entry* find(const std::string& prefix)
  {
    if (prefix.empty()) {
      return nullptr;
    }
    if (auto at = m_by_id.find(prefix); at != m_by_id.end()) {
      return &m_entries[at->second];
    }
    if (prefix.size() >= 40) {
      return nullptr;
    }
    for (auto& [id, index] : m_by_id) {
      if (id.compare(0, prefix.size(), prefix) == 0) {
        return &m_entries[index];
      }
    }
    return nullptr;
  }
  Entry& at(const std::string& id)
  {
    return m_entries[m_by_id.at(id)];
  }

private:
  Entries& m_entries;
  // Keyed by the entries' own ids (their refs do not move).
  std::unordered_map<std::string_view, size_t> m_by_id;
};

// The non-merge entries seen so far, by authorship (author email, author date, subject: what
// `git cherry-pick` keeps), as hashes of the three whose entries are compared on a match.
class AuthorshipIndex
{
public:
  explicit AuthorshipIndex(const Entries& entries) : m_entries(entries) {}

  bool contains(const Entry& e) const
  {
    const auto [first, last] = m_by_hash.equal_range(hash(e));
    return std::any_of(first, last, [&](const auto& at) {
      const Entry& other = m_entries[at.second];
      return other.author_time == e.author_time && *other.author_email == *e.author_email &&
             other.ref->subject() == e.ref->subject();
    });
  }
  void add(size_t index)
  {
    if (!contains(m_entries[index])) {
      m_by_hash.emplace(hash(m_entries[index]), index);
    }
  }

private:
  static size_t hash(const Entry& e)
  {
    const std::hash<std::string_view> text;
    size_t h = text(*e.author_email);
    h = h * 31 + std::hash<int64_t>()(e.author_time);
    return h * 31 + text(e.ref->subject());
  }

  const Entries& m_entries;
  std::unordered_multimap<size_t, size_t> m_by_hash;
};

// Folds cherry-picks and cancels reverted pairs: those entries are no longer active.
void fold(Entries& entries, Changelog& out)
{
  // Cherry-picks appear once: the pick of a commit in the range, or a second commit with the
  // same author, author date and subject (git cherry-pick keeps all three).
  EntryIndex index(entries);
  AuthorshipIndex by_authorship(entries);
  std::unordered_map<std::string, std::string> cancelled_by; // revert -> the commit it cancelled
  for (size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    index.add(i);
    if (e.merge) {
      ++out.merges;
    }
    if (!e.merge && (index.find(e.picked_from()) != nullptr || by_authorship.contains(e))) {
      e.active = false;
      ++out.cherry_picks_folded;
      continue;
    }
    if (!e.merge) {
      by_authorship.add(i);
    }
    // A revert cancels the change it reverts when both are in the range; reverting a revert
    // brings the original back. The pair is copied as it is now, before annotate() writes
    // reasons and waivers into the entries.
    if (Entry* target = index.find(e.reverts())) {
      if (target->active) {
        target->active = false;
        e.active = false;
        out.reverted.push_back({*target->ref, *e.ref});
        cancelled_by[std::string(e.ref->commit())] = target->ref->commit();
      } else if (auto again = cancelled_by.find(std::string(target->ref->commit()));
                 again != cancelled_by.end()) {
        index.at(again->second).active = true;
        e.active = false;
        std::erase_if(out.reverted, [&](const Cancelled& c) {
          return c.revert.commit() == target->ref->commit();
        });
      }
    }
  }
}

void add_to(ById<Group>& groups, const links::Link& link, const SharedCommit& ref)
{
  Group& g = groups[link.id];
  g.id = link.id;
  g.kind = link.kind;
  if (g.relation.find(link.relation) == std::string::npos) {
    g.relation += (g.relation.empty() ? "" : ", ") + link.relation;
  }
  if (g.commits.empty() || g.commits.back()->commit() != ref->commit()) {
    g.commits.push_back(ref);
  }
}

void add_problem(ById<ProblemFixed>& problems, const links::Link& link, const SharedCommit& ref)
{
  ProblemFixed& p = problems[link.id];
  p.id = link.id;
  p.kind = link.kind;
  if (p.commits.empty() || p.commits.back()->commit() != ref->commit()) {
    p.commits.push_back(ref);
  }
  if (!ref->safety_impact().empty() &&
      std::find(p.safety_impacts.begin(), p.safety_impacts.end(), ref->safety_impact()) ==
          p.safety_impacts.end()) {
    p.safety_impacts.emplace_back(ref->safety_impact());
  }
}

// Lists the active entries (commits, SOUP declared, unlinked) and groups them by what they link.
void group(const policy::Policy& policy, const Entries& entries, Groups& groups, Changelog& out)
{
  for (const auto& e : entries) {
    if (!e.active) {
      continue;
    }
    if (!e.merge) {
      out.commits.push_back(e.ref);
    }
    if (e.soup_change) {
      out.soup_declared.push_back(e.ref);
    }
    if (e.links.empty() && !e.merge) {
      out.unlinked.push_back(e.ref);
    }
    for (const auto& link : e.links) {
      const auto* kind = policy.find_kind(link.kind);
      switch (kind ? kind->role : policy::KindRole::other) {
      case policy::KindRole::change_request:
        add_to(groups.change_requests, link, e.ref);
        break;
      case policy::KindRole::requirement:
        add_to(groups.requirements, link, e.ref);
        break;
      case policy::KindRole::risk_control:
        add_to(groups.risk_controls, link, e.ref);
        break;
      case policy::KindRole::problem_report:
        // Only a fix fixes; a reference or another relation is listed as related.
        if (link.relation == "fixes") {
          add_problem(groups.problems, link, e.ref);
        } else {
          add_to(groups.problems_related, link, e.ref);
        }
        break;
      default:
        add_to(groups.others, link, e.ref);
        break;
      }
    }
  }
}

// How each listed change stands with its signed approval records (verified against the [roles]
// of POLICY, the policy at B) and its approval trailers, counted as `require.approvals` and the
// audit count them: a change is approved when some role has a member other than its author
// whose latest valid record approves it, and no member's latest record rejects it.
ApprovalsSummary summarise_approvals(const git::Repository& repo,
                                     const policy::Policy& policy,
                                     const Entries& entries)
{
  ApprovalsSummary out;
  out.roles_defined = !policy.roles.empty();
  std::optional<approvals::Index> index;
  if (out.roles_defined) {
    index = approvals::Index::load(repo, policy);
  }
  for (const auto& e : entries) {
    if (!e.active || e.merge) {
      continue;
    }
    ChangeApprovals c;
    c.change = e.ref;
    if (e.claims) {
      c.claims = *e.claims;
    }
    std::vector<rules::SignedApproval> records;
    if (index) {
      for (const auto* entry : index->for_commit(std::string(e.ref->commit()))) {
        records.push_back(history::signed_approval(*entry));
      }
    }
    for (const auto& role : policy.roles) {
      const auto count = rules::count_role(records, role.name, *e.author_email);
      for (size_t i = 0; i < count.approvers.size(); ++i) {
        c.approved.push_back("approved in " + role.name + " by " + count.approvers[i] +
                             " (record " + util::short_id(count.approver_records[i]) + ")");
      }
      for (const auto& who : count.rejecters) {
        c.rejected.push_back("rejected in " + role.name + " by " + who);
      }
      c.not_counted.insert(c.not_counted.end(), count.not_counted.begin(), count.not_counted.end());
    }
    // A record in a role the policy does not define counts for nothing.
    for (const auto& r : records) {
      if (policy.find_role(r.role) == nullptr) {
        c.not_counted.push_back(util::short_id(r.record) + " in role " + r.role +
                                ", which [roles] does not define");
      }
    }
    if (!c.rejected.empty()) {
      c.standing = ChangeApprovals::Standing::rejected;
      ++out.rejected;
    } else if (!c.approved.empty()) {
      c.standing = ChangeApprovals::Standing::approved;
      ++out.approved;
    } else if (!c.claims.empty()) {
      ++out.claims_only;
    } else {
      ++out.neither;
    }
    if (out.roles_defined && c.standing != ChangeApprovals::Standing::approved) {
      out.without_signed.push_back(e.ref);
    }
    if (!records.empty() || !c.claims.empty()) {
      out.changes.push_back(std::move(c));
    }
  }
  return out;
}

// Requirements and risk controls whose definition changed in the range (any field, added or
// removed) are listed even without a commit linking them.
void add_changed_definitions(const std::optional<registry::Registry>& before,
                             const std::optional<registry::Registry>& after,
                             Groups& groups)
{
  const auto list_of = [&](const registry::Item& item) -> ById<Group>* {
    if (registry::has_role(item, policy::KindRole::risk_control)) {
      return &groups.risk_controls;
    }
    if (registry::has_role(item, policy::KindRole::requirement)) {
      return &groups.requirements;
    }
    return nullptr;
  };
  const auto add = [&](const registry::Item& item) {
    if (ById<Group>* list = list_of(item); list && !list->count(item.id)) {
      Group& g = (*list)[item.id];
      g.id = item.id;
      g.kind = item.kind;
    }
  };
  if (after) {
    for (const auto& item : after->items) {
      const registry::Item* then = before ? before->find(item.id) : nullptr;
      if (!then || !registry::diff_items(*then, item).empty()) {
        add(item);
      }
    }
  }
  if (before) {
    for (const auto& item : before->items) {
      if (!after || !after->find(item.id)) {
        add(item);
      }
    }
  }
}

// Risk controls that a file changed in the range touches (impact/impact.hpp: a commit that
// implements the control changed the file, or the file links to it) count as touched, with the
// files and how.
void add_touched_risk_controls(const impact::Impact& impact, Groups& groups)
{
  for (const auto& item : impact.items) {
    if (item.role != policy::KindRole::risk_control) {
      continue;
    }
    Group& g = groups.risk_controls[item.id];
    g.id = item.id;
    g.kind = item.kind;
  }
  for (const auto& file : impact.files) {
    for (const auto& item : file.items) {
      auto at = groups.risk_controls.find(item.id);
      if (at == groups.risk_controls.end()) {
        continue;
      }
      for (const auto& via : item.via) {
        at->second.touched.push_back(file.path + ": " + impact::describe(via));
      }
    }
  }
}

// Marks each entry with the waivers that name it (listing them in OUT) and with its reason:
// its Safety-Rationale, else the text of the change requests it links.
void annotate(const policy::Policy& policy,
              const std::optional<registry::Registry>& after,
              Entries& entries,
              Changelog& out)
{
  for (auto& e : entries) {
    std::vector<std::string> waived;
    for (const auto& w : policy.waivers) {
      if (w.commit.empty() || e.ref->commit().compare(0, w.commit.size(), w.commit) != 0) {
        continue;
      }
      waived.push_back(w.rule + ": " + w.reason + " (approved by " + w.approved_by + ")");
      // A copy as the commit is now, without the waivers and the reason written below.
      out.waivers.push_back({*e.ref, w.rule, w.reason, w.approved_by});
    }
    e.ref->set_waived(util::join(waived, "; "));
    if (!e.ref->rationale().empty()) {
      e.ref->set_reason(e.ref->rationale());
      continue;
    }
    std::vector<std::string> requests;
    for (const auto& link : e.links) {
      const auto* kind = policy.find_kind(link.kind);
      if (!kind || kind->role != policy::KindRole::change_request) {
        continue;
      }
      const registry::Item* item = after ? after->find(link.id) : nullptr;
      const std::string text = !item                        ? std::string()
                               : !item->description.empty() ? item->description
                                                            : item->title;
      requests.push_back(link.id + (text.empty() ? "" : ": " + text));
    }
    e.ref->set_reason(util::join(requests, "; "));
  }
}

// Describes every group from the registries at A and B and moves them into OUT.
void fill(const policy::Policy& policy,
          Groups& groups,
          const std::optional<registry::Registry>& before,
          const std::optional<registry::Registry>& after,
          Changelog& out)
{
  const std::pair<ById<Group>*, std::vector<Group>*> lists[] = {
      {&groups.change_requests, &out.change_requests},
      {&groups.requirements, &out.requirements},
      {&groups.risk_controls, &out.risk_controls},
      {&groups.problems_related, &out.problems_related},
      {&groups.others, &out.other_links}};
  for (const auto& [from, to] : lists) {
    for (auto& [id, g] : *from) {
      describe(g, before, after);
      to->push_back(std::move(g));
    }
  }
  for (auto& [id, p] : groups.problems) {
    if (const registry::Item* item = after ? after->find(id) : nullptr) {
      p.title = item->title;
      p.status = item->status;
      p.severity = item->severity;
      p.safety_class = item->safety_class;
    }
    if (p.safety_class.empty()) {
      p.safety_class = policy.project.safety_class.empty() ? std::string(change::k_unknown)
                                                           : policy.project.safety_class;
    }
    out.problems.push_back(std::move(p));
  }
}

} // namespace

Changelog build_changelog(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const ChangelogOptions& options)
{
  Changelog out;
  static_cast<change::Identity&>(out) = change::identify(policy);
  out.to = endpoint(repo, options.to);
  if (options.from.empty()) {
    out.from.name = "(start of history)";
  } else {
    out.from = endpoint(repo, options.from);
  }
  // The files the range changes, and the risk controls they touch (IEC 62304 7.4.1); the walk
  // of the range that finds the files reads the entries too, newest first. Only what touches
  // items is kept of the files (each file's commits and the unstated changes grow with the
  // range and are not shown here).
  Entries entries;
  std::unordered_set<std::string> emails;
  impact::ImpactOptions impact_options;
  impact_options.from = out.from.commit;
  impact_options.to = out.to.commit;
  impact_options.list_commits = false;
  impact_options.roles = {policy::KindRole::risk_control};
  impact_options.on_change = [&](change::Change&& c) {
    entries.push_back(make_entry(std::move(c), emails));
    if (options.on_progress && entries.size() % 256 == 0) {
      options.on_progress(entries.size());
    }
  };
  const auto impact = impact::analyse(repo, policy, settings, impact_options);
  out.shallow_boundary = impact.shallow_boundary;
  std::reverse(entries.begin(), entries.end());
  out.commits_in_range = entries.size();
  fold(entries, out);

  std::optional<registry::Registry> before;
  if (!out.from.commit.empty()) {
    before = workspace::registry_at(repo, policy, out.from.commit);
  }
  const auto after = workspace::registry_at(repo, policy, out.to.commit);
  annotate(policy, after, entries, out);
  Groups groups;
  group(policy, entries, groups, out);
  out.approvals = summarise_approvals(repo, policy, entries);
  change::Fixes fixed(util::natural_less);
  for (const auto& e : entries) {
    if (e.active) {
      change::add_fixes(policy, std::string(e.ref->commit()), e.links, fixed);
    }
  }
  // The lists hold the commits they show; the rest is not needed again.
  entries = Entries();
  emails = std::unordered_set<std::string>();
  add_changed_definitions(before, after, groups);
  add_touched_risk_controls(impact, groups);
  fill(policy, groups, before, after, out);

  // SOUP at both ends (registry records and submodules), and what is still open at B.
  const auto soup_after = release::soup_at(repo, policy, after, out.to.commit, false);
  const auto soup_before = out.from.commit.empty()
                               ? std::vector<release::SoupItem>{}
                               : release::soup_at(repo, policy, before, out.from.commit, false);
  out.soup = soup_changes(soup_before, soup_after);
  // The components found in the trees (submodules, manifests, lock files, vendored folders).
  const policy::Policy& from_policy = options.from_policy ? *options.from_policy : policy;
  auto components = release::soup_diff(repo,
                                       {out.from.name, out.from.commit, &from_policy, &before},
                                       {out.to.name, out.to.commit, &policy, &after});
  out.soup_components = std::move(components.entries);
  out.soup_component_problems = std::move(components.problems);
  out.residual = change::classify_problems(policy, before, after, fixed).residual;
  // Each item's address, where its kind has one (links in HTML and Markdown).
  for (auto* groups_of : {&out.change_requests,
                          &out.requirements,
                          &out.problems_related,
                          &out.risk_controls,
                          &out.other_links}) {
    for (auto& g : *groups_of) {
      g.url = policy.item_url(g.kind, g.id);
    }
  }
  for (auto& p : out.problems) {
    p.url = policy.item_url(p.kind, p.id);
  }
  for (auto& p : out.residual) {
    const registry::Item* item = after ? after->find(p.id) : nullptr;
    if (item != nullptr) {
      p.url = policy.item_url(item->kind, p.id);
    }
  }
  return out;
}

} // namespace trail::changelog
