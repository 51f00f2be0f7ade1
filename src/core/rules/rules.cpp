#include "core/rules/rules.hpp"

#include "core/message/cleanup.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>

namespace trail::rules {

namespace {

using policy::Policy;
using policy::TrailerRole;

size_t utf8_length(std::string_view s)
{
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool starts_with_word(std::string_view subject, std::string_view word)
{
  if (subject.size() < word.size() || !util::iequals(subject.substr(0, word.size()), word)) {
    return false;
  }
  if (subject.size() == word.size()) {
    return true;
  }
  const char next = subject[word.size()];
  return !std::isalnum(static_cast<unsigned char>(next));
}

bool is_wip(std::string_view subject)
{
  return starts_with_word(subject, "wip") || starts_with_word(subject, "[wip]");
}

bool is_autosquash(std::string_view subject)
{
  return !autosquash_prefix(subject).empty();
}

bool has_trailer(const CommitFacts& facts, std::string_view key)
{
  return std::any_of(facts.trailers.begin(), facts.trailers.end(), [&](const auto& trailer) {
    return util::iequals(trailer.key, key) && !trailer.value.empty();
  });
}

// Returns true when the commit carries a link with RELATION: its own, or one a revert inherits.
bool has_relation(const CommitFacts& facts, std::string_view relation)
{
  auto with_relation = [&](const auto& link) {
    return link.relation == relation;
  };
  return std::any_of(facts.links.links.begin(), facts.links.links.end(), with_relation) ||
         std::any_of(facts.inherited_links.begin(), facts.inherited_links.end(), with_relation);
}

// A line of the message that looks like a trailer of the policy but is not in the trailer
// block (left in the body by a squash, or followed by a line that is no trailer).
struct StrayLine
{
  size_t line = 0;
  std::string text;
  const policy::TrailerSpec* spec = nullptr;
  bool in_last_paragraph = false; // the last paragraph holds it but is no trailer block
};

std::vector<StrayLine> stray_trailer_lines(const Policy& policy, const CommitFacts& facts)
{
  static const re2::RE2 k_trailer_like(R"(([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*\S.*)");
  std::vector<StrayLine> out;
  const auto lines = util::split_lines(facts.message);
  size_t last_paragraph = lines.size(); // index of its first line
  while (last_paragraph > 0 && util::trim(lines[last_paragraph - 1]).empty()) {
    --last_paragraph;
  }
  while (last_paragraph > 0 && !util::trim(lines[last_paragraph - 1]).empty()) {
    --last_paragraph;
  }
  for (size_t i = 1; i < lines.size(); ++i) { // line 1 is the subject
    const size_t number = i + 1;
    const auto text = util::trim_right(lines[i]);
    std::string key;
    if (!re2::RE2::FullMatch(text, k_trailer_like, &key)) {
      continue;
    }
    const bool is_trailer =
        std::any_of(facts.trailers.begin(), facts.trailers.end(), [&](const auto& trailer) {
          return trailer.line == number;
        });
    const auto* spec = policy.find_trailer(key);
    if (!is_trailer && spec) {
      out.push_back({number, std::string(text), spec, i >= last_paragraph});
    }
  }
  return out;
}

// What is added to the hints of missing links and trailers: why a fixup! commit is asked for
// them, why a revert inherits none, and the trailer-like lines that git does not read as trailers.
struct Notes
{
  std::string fixup;
  std::string revert;
  // The stray lines, found only when a hint needs them (most commits have no violation).
  const std::vector<StrayLine>& stray() const
  {
    if (!m_stray) {
      m_stray = stray_trailer_lines(*m_policy, *m_facts);
    }
    return *m_stray;
  }

  const Policy* m_policy = nullptr;
  const CommitFacts* m_facts = nullptr;
  mutable std::optional<std::vector<StrayLine>> m_stray;
};

Notes notes_for(const Policy& policy, const CommitFacts& facts)
{
  Notes notes;
  const auto prefix = autosquash_prefix(message::subject_line(facts.message));
  if (!prefix.empty() && !squashed_later(policy, facts)) {
    const bool guarded =
        std::any_of(policy.rules.begin(), policy.rules.end(), [](const auto& rule) {
          return rule.forbid.autosquash && rule.when.paths.empty();
        });
    notes.fixup =
        "this is a " + std::string(prefix) + " commit, judged like any other because " +
        (guarded ? std::string("its branch is not known")
                 : std::string("no rule without a path scope forbids autosquash commits")) +
        ": squash it into its target first (git rebase -i --autosquash)";
  }
  notes.revert = facts.revert_note;
  notes.m_policy = &policy;
  notes.m_facts = &facts;
  return notes;
}

// Returns HINT followed by the notes that concern it: the revert note for a missing link
// (LINKS), the stray lines whose trailer RELEVANT accepts, the fixup note.
std::string with_notes(std::string hint,
                       const Notes& notes,
                       bool links,
                       const std::function<bool(const policy::TrailerSpec&)>& relevant)
{
  if (links && !notes.revert.empty()) {
    hint += "; " + notes.revert;
  }
  for (const auto& stray : notes.stray()) {
    if (relevant(*stray.spec)) {
      hint += "; line " + std::to_string(stray.line) + " '" + stray.text +
              "' is not read as a trailer: " +
              (stray.in_last_paragraph
                   ? "the last paragraph must hold trailers only, move the other lines above it"
                   : "it is outside the trailer block, move it into the last paragraph");
    }
  }
  if (!notes.fixup.empty()) {
    hint += "; " + notes.fixup;
  }
  return hint;
}

bool links_with(const policy::TrailerSpec& spec, const std::vector<std::string>& relations)
{
  return spec.role == TrailerRole::link &&
         std::find(relations.begin(), relations.end(), spec.relation) != relations.end();
}

bool has_signoff(const Policy& policy, const CommitFacts& facts)
{
  return std::any_of(facts.trailers.begin(), facts.trailers.end(), [&](const auto& trailer) {
    const auto* spec = policy.find_trailer(trailer.key);
    const bool signoff =
        spec ? spec->role == TrailerRole::signoff : util::iequals(trailer.key, "Signed-off-by");
    return signoff && !trailer.value.empty();
  });
}

// Returns true when the trailer value names the author (by email, else by name).
bool names_author(std::string_view value, const CommitFacts& facts)
{
  return names_person(value, facts.author_name, facts.author_email);
}

// Returns true when an approval trailer names somebody other than the author.
bool has_independent_approval(const Policy& policy, const CommitFacts& facts)
{
  return std::any_of(facts.trailers.begin(), facts.trailers.end(), [&](const auto& trailer) {
    const auto* spec = policy.find_trailer(trailer.key);
    return spec && spec->role == TrailerRole::approval && !trailer.value.empty() &&
           !names_author(trailer.value, facts);
  });
}

// Returns the approval trailer keys of the policy, for hints.
std::string approval_examples(const Policy& policy)
{
  std::vector<std::string> examples;
  for (const auto& spec : policy.trailers) {
    if (spec.role == TrailerRole::approval) {
      examples.push_back("'" + spec.key + ": <name> <email>'");
    }
  }
  return examples.empty() ? "'Reviewed-by: <name> <email>'" : util::join(examples, " or ");
}

std::string identity(const CommitFacts& facts)
{
  if (facts.author_name.empty() && facts.author_email.empty()) {
    return "Your Name <you@example.com>";
  }
  return facts.author_name + " <" + facts.author_email + ">";
}

std::string add_hint(const std::string& what)
{
  return "add " + what + " to the trailers at the end of the message";
}

// Returns "Key: <what goes there>" for a trailer the user should add.
std::string trailer_example(const Policy& policy, std::string_view key, const CommitFacts& facts)
{
  const auto* spec = policy.find_trailer(key);
  const std::string name = spec ? spec->key : std::string(key);
  if (!spec) {
    return name + ": <value>";
  }
  switch (spec->role) {
  case TrailerRole::link:
    return name + ": <" +
           (spec->kinds.empty() ? std::string("item") : util::join(spec->kinds, " or ")) + " ID>";
  case TrailerRole::value:
    return name + ": <" + util::join(spec->values, "|") + ">";
  case TrailerRole::approval:
    return name + ": <name> <email>";
  case TrailerRole::signoff:
    return name + ": " + identity(facts);
  case TrailerRole::text:
    break;
  }
  return name + ": <text>";
}

// Returns the link trailers that carry one of RELATIONS, as examples to add.
std::string relation_examples(const Policy& policy,
                              const std::vector<std::string>& relations,
                              const CommitFacts& facts)
{
  std::vector<std::string> examples;
  for (const auto& relation : relations) {
    for (const auto& spec : policy.trailers) {
      if (spec.role == TrailerRole::link && spec.relation == relation) {
        examples.push_back("'" + trailer_example(policy, spec.key, facts) + "'");
        break;
      }
    }
  }
  return examples.empty() ? "a trailer with relation " + util::join(relations, " or ")
                          : util::join(examples, " or ");
}

// Checks the subject. A commit squashed later (SQUASHED) keeps the subject of its target, so
// its "fixup! " prefixes are left out.
void check_subject(const Policy& policy,
                   const CommitFacts& facts,
                   bool squashed,
                   std::vector<Diagnostic>& out)
{
  auto subject = message::subject_line(facts.message);
  std::string what = "the subject line";
  while (squashed && !autosquash_prefix(subject).empty()) {
    const auto prefix = autosquash_prefix(subject);
    what = "the subject line without '" + std::string(prefix) + " '";
    subject.remove_prefix(prefix.size() + 1);
  }
  const size_t max = policy.message.subject_max_length;
  const size_t length = utf8_length(subject);
  if (max > 0 && length > max) {
    out.push_back({std::string(policy::k_rule_subject_length),
                   facts.id,
                   what + " is " + std::to_string(length) + " characters long; the limit is " +
                       std::to_string(max),
                   "shorten the first line to " + std::to_string(max) +
                       " characters and put details in the body",
                   1});
  }
  const auto& pattern = policy.message.subject_pattern;
  if (pattern && !re2::RE2::PartialMatch(subject, *pattern->regex)) {
    out.push_back({std::string(policy::k_rule_subject_pattern),
                   facts.id,
                   what + " does not match '" + pattern->source + "'",
                   "rewrite the first line so that it matches '" + pattern->source + "'",
                   1});
  }
}

void check_signoff(const Policy& policy,
                   const CommitFacts& facts,
                   const Notes& notes,
                   std::vector<Diagnostic>& out)
{
  if (!policy.message.require_signoff || has_signoff(policy, facts)) {
    return;
  }
  out.push_back(
      {std::string(policy::k_rule_signoff),
       facts.id,
       "the message has no Signed-off-by trailer",
       with_notes(add_hint("'Signed-off-by: " + identity(facts) + "'") + " (git commit -s does it)",
                  notes,
                  false,
                  [](const auto& spec) { return spec.role == TrailerRole::signoff; }),
       0});
}

void check_id_format(const Policy& policy, const CommitFacts& facts, std::vector<Diagnostic>& out)
{
  if (!policy.message.check_id_format) {
    return;
  }
  for (const auto& bad : facts.links.bad_ids) {
    std::vector<std::string> patterns;
    for (const auto& name : bad.kinds) {
      if (const auto* kind = policy.find_kind(name)) {
        patterns.push_back(name + " '" + kind->pattern.source + "'");
      }
    }
    out.push_back(
        {std::string(policy::k_rule_id_format),
         facts.id,
         "'" + bad.token + "' in trailer " + bad.trailer + " is not an ID of an allowed kind",
         "write IDs that match " + util::join(patterns, " or ") + ", separated by commas",
         bad.line});
  }
}

void check_values(const Policy& policy, const CommitFacts& facts, std::vector<Diagnostic>& out)
{
  for (const auto& trailer : facts.trailers) {
    const auto* spec = policy.find_trailer(trailer.key);
    if (!spec || spec->role != TrailerRole::value) {
      continue;
    }
    const bool allowed = std::any_of(spec->values.begin(), spec->values.end(), [&](const auto& v) {
      return util::iequals(v, trailer.value);
    });
    if (!allowed) {
      out.push_back({std::string(policy::k_rule_trailer_value),
                     facts.id,
                     "'" + trailer.value + "' is not an allowed value of " + trailer.key,
                     "write '" + spec->key + ": " +
                         util::join(spec->values, "' or '" + spec->key + ": ") + "'",
                     trailer.line});
    }
  }
}

// Returns the definition of ID in the commit's registry or its parent's.
const registry::Item* find_item(const CommitFacts& facts, const std::string& id)
{
  if (const auto* item = facts.registry->find(id)) {
    return item;
  }
  return facts.parent_registry ? facts.parent_registry->find(id) : nullptr;
}

// Returns the states KIND allows for a link with RELATION, or null when any state will do.
const std::vector<std::string>* allowed_states(const policy::Kind& kind,
                                               const std::string& relation)
{
  for (const auto& [name, states] : kind.link_states) {
    if (name == relation) {
      return &states;
    }
  }
  return nullptr;
}

void check_registry_links(const Policy& policy,
                          const CommitFacts& facts,
                          std::vector<Diagnostic>& out)
{
  if (!facts.registry) {
    return;
  }
  for (const auto& link : facts.links.links) {
    const auto* kind = policy.find_kind(link.kind);
    if (!kind || kind->external) {
      continue;
    }
    const auto* item = find_item(facts, link.id);
    if (!item) {
      out.push_back({std::string(policy::k_rule_known_id),
                     facts.id,
                     link.id + " (" + link.trailer + ") is not defined in the registry",
                     "define " + link.id + " in one of " + util::join(policy.registry.files, ", ") +
                         ", or fix the ID",
                     link.line});
      continue;
    }
    const auto* states = allowed_states(*kind, link.relation);
    if (states && std::find(states->begin(), states->end(), item->status) == states->end()) {
      out.push_back(
          {std::string(policy::k_rule_item_state),
           facts.id,
           link.id + " is " +
               (item->status.empty() ? std::string("without a status") : item->status) +
               "; a commit that " + link.relation + " it needs it to be " +
               util::join(*states, " or "),
           "link an item in one of those states, or change " + link.id + "'s status first",
           link.line});
    }
  }
}

// Returns who the rule speaks of: "changes to PATH (GLOB)", "commits on BRANCH" or "commits".
std::string scope_subject(const policy::Rule& rule, const CommitFacts& facts)
{
  for (const auto& path : facts.changed_paths) {
    for (const auto& glob : rule.when.paths) {
      if (util::glob_match(glob, path)) {
        return "changes to " + path + " (" + glob + ")";
      }
    }
  }
  if (facts.paths_unknown && !rule.when.paths.empty()) {
    return "changes to " + util::join(rule.when.paths, " or ") +
           " (if this commit makes any: its changed paths are unknown)";
  }
  if (!rule.when.branches.empty() && facts.branch) {
    return "commits on " + *facts.branch;
  }
  return "commits";
}

// require.approvals: for each role, enough members other than the author whose latest valid
// record for the commit approves it, and none whose latest rejects it.
void check_signed_approvals(const policy::Rule& rule,
                            const CommitFacts& facts,
                            const std::string& subject,
                            std::vector<Diagnostic>& out)
{
  if (!facts.approvals) {
    return;
  }
  for (const auto& [role, wanted] : rule.require.approvals) {
    const RoleCount count = count_role(*facts.approvals, role, facts.author_email);
    const std::string hint =
        "a member of " + role + " other than the author runs 'git trail approve " +
        facts.id.substr(0, 12) + " --role " + role + "' and pushes refs/trail/approvals/*";
    if (!count.rejecters.empty()) {
      out.push_back(
          {rule.id,
           facts.id,
           subject + " were rejected in role " + role + " by " + util::join(count.rejecters, ", "),
           "a rejection stands until the same member signs a later approval",
           0});
    }
    if (auto shortfall = count.shortfall(role, wanted); !shortfall.empty()) {
      out.push_back({rule.id, facts.id, subject + " " + shortfall, hint, 0});
    }
  }
}

void check_requirements(const Policy& policy,
                        const policy::Rule& rule,
                        const CommitFacts& facts,
                        const Notes& notes,
                        std::vector<Diagnostic>& out)
{
  const auto& require = rule.require;
  const std::string subject = scope_subject(rule, facts);
  if (!require.any_relation.empty() &&
      std::none_of(require.any_relation.begin(), require.any_relation.end(), [&](const auto& r) {
        return has_relation(facts, r);
      })) {
    out.push_back(
        {rule.id,
         facts.id,
         subject + " need a link: " + util::join(require.any_relation, " or "),
         with_notes(add_hint(relation_examples(policy, require.any_relation, facts)),
                    notes,
                    true,
                    [&](const auto& spec) { return links_with(spec, require.any_relation); }),
         0});
  }
  for (const auto& relation : require.all_relations) {
    if (!has_relation(facts, relation)) {
      out.push_back({rule.id,
                     facts.id,
                     subject + " need a link: " + relation,
                     with_notes(add_hint(relation_examples(policy, {relation}, facts)),
                                notes,
                                true,
                                [&](const auto& spec) { return links_with(spec, {relation}); }),
                     0});
    }
  }
  for (const auto& key : require.trailers) {
    if (!has_trailer(facts, key)) {
      const auto* spec = policy.find_trailer(key);
      out.push_back({rule.id,
                     facts.id,
                     subject + " need a " + (spec ? spec->key : key) + " trailer",
                     with_notes(add_hint("'" + trailer_example(policy, key, facts) + "'"),
                                notes,
                                false,
                                [&](const auto& s) { return util::iequals(s.key, key); }),
                     0});
    }
  }
  if (require.approval && !has_independent_approval(policy, facts)) {
    out.push_back(
        {rule.id,
         facts.id,
         subject + " need an approval by someone other than the author (" + identity(facts) + ")",
         with_notes(add_hint(approval_examples(policy)) + " naming the reviewer",
                    notes,
                    false,
                    [](const auto& spec) { return spec.role == TrailerRole::approval; }),
         0});
  }
  check_signed_approvals(rule, facts, subject, out);
  if (require.signoff && !has_signoff(policy, facts)) {
    out.push_back({rule.id,
                   facts.id,
                   subject + " need a Signed-off-by trailer",
                   with_notes(add_hint("'Signed-off-by: " + identity(facts) + "'") +
                                  " (git commit -s does it)",
                              notes,
                              false,
                              [](const auto& spec) { return spec.role == TrailerRole::signoff; }),
                   0});
  }
}

std::string where_branch(const CommitFacts& facts)
{
  return facts.branch ? " on branch " + *facts.branch : std::string();
}

void check_forbidden(const policy::Rule& rule,
                     const CommitFacts& facts,
                     std::vector<Diagnostic>& out)
{
  const auto subject = message::subject_line(facts.message);
  if (rule.forbid.change) {
    out.push_back({rule.id,
                   facts.id,
                   scope_subject(rule, facts) + " are not allowed" +
                       (rule.description.empty() ? std::string() : ": " + rule.description),
                   "leave these paths out of the commit, or ask for a waiver in trail.toml",
                   0});
  }
  if (rule.forbid.wip && is_wip(subject)) {
    out.push_back({rule.id,
                   facts.id,
                   "work-in-progress commit" + where_branch(facts),
                   "finish the change, or commit it on a feature branch",
                   1});
  }
  if (rule.forbid.autosquash && is_autosquash(subject)) {
    out.push_back({rule.id,
                   facts.id,
                   "fixup!/squash!/amend! commit" + where_branch(facts),
                   "squash it first: git rebase -i --autosquash",
                   1});
  }
  if (rule.forbid.subject && re2::RE2::PartialMatch(subject, *rule.forbid.subject->regex)) {
    out.push_back(
        {rule.id,
         facts.id,
         "the subject line matches the forbidden pattern '" + rule.forbid.subject->source + "'",
         "rewrite the first line",
         1});
  }
}

} // namespace

bool in_scope(const policy::Rule& rule, const CommitFacts& facts)
{
  if (!rule.when.branches.empty()) {
    if (!facts.branch) {
      return false;
    }
    const bool branch_matches =
        std::any_of(rule.when.branches.begin(), rule.when.branches.end(), [&](const auto& glob) {
          return util::glob_match(glob, *facts.branch);
        });
    if (!branch_matches) {
      return false;
    }
  }
  if (rule.when.paths.empty() || facts.paths_unknown) {
    return true;
  }
  return std::any_of(facts.changed_paths.begin(), facts.changed_paths.end(), [&](const auto& path) {
    return std::any_of(rule.when.paths.begin(), rule.when.paths.end(), [&](const auto& glob) {
      return util::glob_match(glob, path);
    });
  });
}

std::vector<std::string> reverted_commits(std::string_view message)
{
  static const re2::RE2 k_reverts(R"((?m)^This reverts commit ([0-9a-f]{7,64})(?:\.|,))");
  std::vector<std::string> out;
  if (message.find("This reverts commit ") == std::string_view::npos) {
    return out; // most messages: no regex
  }
  re2::StringPiece input(message.data(), message.size());
  std::string id;
  while (re2::RE2::FindAndConsume(&input, k_reverts, &id)) {
    if (std::find(out.begin(), out.end(), id) == out.end()) {
      out.push_back(id);
    }
  }
  return out;
}

std::string_view autosquash_prefix(std::string_view subject)
{
  for (const std::string_view prefix : {"fixup!", "squash!", "amend!"}) {
    if (subject.starts_with(prefix) && subject.size() > prefix.size() &&
        subject[prefix.size()] == ' ') {
      return prefix;
    }
  }
  return {};
}

bool squashed_later(const Policy& policy, const CommitFacts& facts)
{
  if (!is_autosquash(message::subject_line(facts.message))) {
    return false;
  }
  return std::any_of(policy.rules.begin(), policy.rules.end(), [&](const auto& rule) {
    return rule.forbid.autosquash && rule.when.paths.empty() &&
           (rule.when.branches.empty() || facts.branch);
  });
}

std::vector<Diagnostic> evaluate(const Policy& policy, const CommitFacts& facts)
{
  std::vector<Diagnostic> out;
  const auto notes = notes_for(policy, facts);
  // A fixup!/squash!/amend! commit that the policy keeps off protected branches is squashed
  // before it lands: links and trailers are asked of the commit it becomes.
  const bool squashed = squashed_later(policy, facts);
  check_subject(policy, facts, squashed, out);
  if (!squashed) {
    check_signoff(policy, facts, notes, out);
  }
  check_id_format(policy, facts, out);
  check_values(policy, facts, out);
  check_registry_links(policy, facts, out);
  for (const auto& rule : policy.rules) {
    if (!in_scope(rule, facts)) {
      continue;
    }
    if (!squashed) {
      check_requirements(policy, rule, facts, notes, out);
    }
    check_forbidden(rule, facts, out);
  }
  return out;
}

bool names_person(std::string_view identity_text, std::string_view name, std::string_view email)
{
  const auto open = identity_text.rfind('<');
  const auto close = identity_text.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    const auto named = util::trim(identity_text.substr(open + 1, close - open - 1));
    if (!named.empty()) {
      return util::iequals(named, email);
    }
  }
  return util::iequals(util::trim(identity_text), name);
}

RoleCount count_role(const std::vector<SignedApproval>& approvals,
                     const std::string& role,
                     std::string_view author_email)
{
  // Each member's latest valid approval or rejection in the role decides what that member
  // says; a "reviewed" record informs and decides nothing.
  std::map<std::string, const SignedApproval*> latest; // by lower-case email
  std::map<std::string, const SignedApproval*> reviewed;
  RoleCount count;
  for (const auto& approval : approvals) {
    if (approval.role != role) {
      continue;
    }
    if (!approval.valid) {
      count.not_counted.push_back(approval.record.substr(0, 12) + " " + approval.status);
      continue;
    }
    (approval.meaning == "reviewed" ? reviewed : latest)[util::to_lower(approval.signer_email)] =
        &approval;
  }
  for (const auto& [email, approval] : reviewed) {
    if (latest.count(email) == 0) {
      count.not_counted.push_back(approval->record.substr(0, 12) + " reviewed, not approved, by " +
                                  approval->signer_name);
    }
  }
  for (const auto& [email, approval] : latest) {
    const std::string record = approval->record.substr(0, 12);
    if (approval->meaning == "rejected") {
      count.rejecters.push_back(approval->signer_name + " (" + record + ")");
    } else if (util::iequals(approval->signer_email, author_email)) {
      count.not_counted.push_back(record + " by the author, " + approval->signer_name);
    } else {
      count.approvers.push_back(approval->signer_name);
      count.approver_records.push_back(approval->record);
    }
  }
  return count;
}

std::string RoleCount::shortfall(const std::string& role, int wanted) const
{
  if (static_cast<int>(approvers.size()) >= wanted) {
    return "";
  }
  std::string have = std::to_string(approvers.size());
  if (!approvers.empty()) {
    have += " (" + util::join(approvers, ", ") + ")";
  }
  if (!not_counted.empty()) {
    have += "; not counted: " + util::join(not_counted, "; ");
  }
  return "need " + std::to_string(wanted) + " signed approval" + (wanted == 1 ? "" : "s") + " by " +
         role + ", have " + have;
}

std::vector<Diagnostic> item_approval_problems(const CommitFacts& facts,
                                               const ItemApprovalFacts& item)
{
  std::vector<Diagnostic> out;
  const std::string id = item.id;
  std::string subject;
  if (item.entered) {
    subject = id + " becomes " + item.status;
  } else {
    subject = id + " is " + item.status + " and its " + util::join(item.changed, ", ") +
              (item.changed.size() == 1 ? " changes" : " change");
  }
  subject += " in this commit";
  if (item.superseded > 0) {
    subject += " (" + std::to_string(item.superseded) +
               (item.superseded == 1 ? " record is" : " records are") +
               " about an earlier definition)";
  }
  for (const auto& [role, wanted] : item.kind->approvals) {
    const RoleCount count = count_role(item.approvals, role, facts.author_email);
    const std::string hint =
        "a member of " + role + " other than the commit's author runs 'git trail approve " + id +
        " --role " + role + "' on this definition and pushes " + "refs/trail/approvals/*";
    if (!count.rejecters.empty()) {
      out.push_back({std::string(policy::k_rule_item_approval),
                     facts.id,
                     subject + ": its definition was rejected in role " + role + " by " +
                         util::join(count.rejecters, ", "),
                     "a rejection stands until the same member signs a later approval",
                     0});
    }
    if (auto shortfall = count.shortfall(role, wanted); !shortfall.empty()) {
      out.push_back({std::string(policy::k_rule_item_approval),
                     facts.id,
                     subject + ": its definition needs" + shortfall.substr(4),
                     hint,
                     0});
    }
  }
  return out;
}

std::vector<Diagnostic> signed_approval_problems(const policy::Rule& rule, const CommitFacts& facts)
{
  std::vector<Diagnostic> out;
  if (in_scope(rule, facts)) {
    check_signed_approvals(rule, facts, scope_subject(rule, facts), out);
  }
  return out;
}

std::vector<Diagnostic> roles_change_problems(const CommitFacts& facts, const RolesChange& change)
{
  std::vector<Diagnostic> out;
  const std::string rule(policy::k_rule_roles_change);
  const std::string before = util::short_id(change.before);
  if (!change.unknown.empty()) {
    out.push_back({rule,
                   facts.id,
                   "trail.toml changes in this commit, and " + change.unknown +
                       ", so the roles that must approve the change cannot be told",
                   "check it where the history and the policy before it can be read",
                   0});
    return out;
  }
  if (!facts.approvals) {
    return out;
  }
  auto hint = [&](const std::string& roles, const std::string& role) {
    return "a member of " + roles + " as committed at " + before +
           " (before this change), other than the author, runs 'git trail approve " +
           util::short_id(facts.id) + " --role " + role + "' and pushes refs/trail/approvals/*";
  };
  // Each role the commit changes, removes, or (trail.toml unreadable) may change, by itself.
  std::vector<std::pair<std::string, std::string>> asked; // (role, what the commit does to it)
  if (!change.unreadable.empty()) {
    for (const auto& role : change.owners) {
      asked.emplace_back(role,
                         "trail.toml does not load at this commit (" + change.unreadable +
                             "), so it may change role " + role);
    }
  } else {
    for (const auto& role : change.changed) {
      asked.emplace_back(role, "trail.toml changes the members of role " + role);
    }
    for (const auto& role : change.removed) {
      asked.emplace_back(role, "trail.toml removes role " + role);
    }
  }
  for (const auto& [role, subject] : asked) {
    const RoleCount count = count_role(*facts.approvals, role, facts.author_email);
    if (!count.rejecters.empty()) {
      out.push_back({rule,
                     facts.id,
                     subject + ", and this was rejected in role " + role + " by " +
                         util::join(count.rejecters, ", "),
                     "a rejection stands until the same member signs a later approval",
                     0});
    }
    if (auto shortfall = count.shortfall(role, 1); !shortfall.empty()) {
      out.push_back({rule,
                     facts.id,
                     subject + ", which only " + role + " may approve: " + shortfall,
                     hint(role, role),
                     0});
    }
  }
  if (change.unreadable.empty() && !change.added.empty()) {
    // One approval by a member of any role there was, and no standing rejection by one.
    std::vector<std::string> approvers;
    std::vector<std::string> rejecters;
    std::vector<std::string> not_counted;
    for (const auto& role : change.owners) {
      const RoleCount count = count_role(*facts.approvals, role, facts.author_email);
      approvers.insert(approvers.end(), count.approvers.begin(), count.approvers.end());
      rejecters.insert(rejecters.end(), count.rejecters.begin(), count.rejecters.end());
      not_counted.insert(not_counted.end(), count.not_counted.begin(), count.not_counted.end());
    }
    const std::string subject = "trail.toml adds role" +
                                std::string(change.added.size() == 1 ? " " : "s ") +
                                util::join(change.added, ", ");
    const std::string owners = util::join(change.owners, " or ");
    if (!rejecters.empty()) {
      out.push_back({rule,
                     facts.id,
                     subject + ", and this was rejected by " + util::join(rejecters, ", "),
                     "a rejection stands until the same member signs a later approval",
                     0});
    }
    if (approvers.empty()) {
      std::string have = "0";
      if (!not_counted.empty()) {
        have += "; not counted: " + util::join(not_counted, "; ");
      }
      out.push_back({rule,
                     facts.id,
                     subject +
                         ", which a role it already has must approve: need 1 signed "
                         "approval by " +
                         owners + ", have " + have,
                     hint(owners, change.owners.front()),
                     0});
    }
  }
  return out;
}

} // namespace trail::rules
