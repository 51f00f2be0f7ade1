#pragma once

#include "core/links/links.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::rules {

// One signed approval record that speaks for a commit, as verification left it
// (src/core/approvals/, docs/approvals.md), oldest first.
struct SignedApproval
{
  std::string record;       // the record's id
  std::string role;         // the role it was signed in
  std::string meaning;      // "approved", "reviewed" or "rejected"
  bool valid = false;       // the signature verifies with the key of a member of ROLE
  std::string status;       // "valid", or why not ("not in role", "bad signature", ...)
  std::string signer_name;  // the member whose key signed it; empty when none
  std::string signer_email; // compared with the author's: the author's own does not count
};

// Everything the rules may look at for one commit, as plain values. The commit-msg hook fills
// it before the commit exists; the history engine fills it from a stored commit.
struct CommitFacts
{
  std::string id;      // full hex id; empty for a commit being made
  std::string message; // cleaned as git stores it
  std::vector<message::Trailer> trailers;
  links::Extraction links;
  std::vector<std::string> changed_paths; // against the first parent (or the empty tree)
  // The changed paths could not be computed (the parent is beyond a shallow boundary): every
  // path-scoped rule is then taken to apply, so a commit is never counted clean by a rule it
  // might be subject to.
  bool paths_unknown = false;
  std::optional<std::string> branch; // short branch name; empty when unknown/detached
  std::string author_name;
  std::string author_email;
  bool merge = false;
  // A revert (git's "This reverts commit <id>." line) inherits the links of the commits it
  // reverts when they are in the repository and it changes no other path: they satisfy
  // `require` relations. They are inherited, not written: only `links` are the message's own.
  std::vector<links::Link> inherited_links;
  // Why a revert inherits no links (the reverted commit is not here, has none, ...), added to
  // the hints of missing links; empty when the commit is no revert or inherits links.
  std::string revert_note;
  // The items the commit's links must name (null: no registry configured or not loaded).
  const registry::Registry* registry = nullptr;
  // The registry of the first parent, where an item the commit removes is still defined.
  const registry::Registry* parent_registry = nullptr;
  // The signed approval records that name this commit; nullopt when they were not looked up
  // (a commit being made has none yet): `require.approvals` is then judged where the commit
  // is pushed or checked, not here.
  std::optional<std::vector<SignedApproval>> approvals;
};

// One problem with one commit. Rules never throw; they return every problem at once.
struct Diagnostic
{
  std::string rule;    // built-in rule name or the [[rules]] id
  std::string commit;  // full hex id, or empty for a commit being made
  std::string message; // what is wrong
  std::string hint;    // what to add or change, e.g. "Implements: <requirement ID>"
  size_t line = 0;     // line in the message the problem is on, when there is one
};

// Returns every problem POLICY finds with FACTS, built-in rules first, then [[rules]] in order.
std::vector<Diagnostic> evaluate(const policy::Policy& policy, const CommitFacts& facts);

// Returns true when RULE applies to FACTS (its branch and path scope).
bool in_scope(const policy::Rule& rule, const CommitFacts& facts);

// Returns what RULE's require.approvals still asks of FACTS (nothing when RULE does not apply,
// asks for no approvals, or FACTS.approvals was not looked up): the problems evaluate reports
// for it, for `git trail approvals`.
std::vector<Diagnostic> signed_approval_problems(const policy::Rule& rule,
                                                 const CommitFacts& facts);

// What the valid records of one role say, each member by their latest approval or rejection
// (a "reviewed" record decides nothing): the one count of require.approvals and of items.
struct RoleCount
{
  std::vector<std::string> approvers; // the members whose latest record approves (author aside)
  std::vector<std::string> approver_records; // the record of each approver (full id), in order
  std::vector<std::string> rejecters;        // "NAME (record)" for each member whose latest rejects
  std::vector<std::string> not_counted;      // "RECORD why" for each record that does not count
  // "need N signed approval(s) by ROLE, have K (names); not counted: ...", or "" when the
  // approvers are at least WANTED.
  std::string shortfall(const std::string& role, int wanted) const;
};

// Counts the records of APPROVALS signed in ROLE; a record by AUTHOR_EMAIL (the commit's
// author) is not counted.
RoleCount count_role(const std::vector<SignedApproval>& approvals,
                     const std::string& role,
                     std::string_view author_email);

// One registry item of a kind with `approvals` that a commit makes approved (its status enters
// one of the kind's approved_states) or changes while it stays approved.
struct ItemApprovalFacts
{
  const policy::Kind* kind = nullptr;
  std::string id;
  std::string status;               // its status after the commit
  bool entered = false;             // the status became approved in this commit
  std::vector<std::string> changed; // else: the fields of its definition the commit changes
  // The records of the item whose digest is its definition after the commit, oldest first.
  std::vector<SignedApproval> approvals;
  size_t superseded = 0; // records of the item in the kind's roles about another definition
};

// Returns what ITEM's kind still asks of it (rule item-approval): for each role, enough valid
// records of its definition by members other than the author of the commit FACTS, and none
// whose latest rejects it.
std::vector<Diagnostic> item_approval_problems(const CommitFacts& facts,
                                               const ItemApprovalFacts& item);

// What a commit changes in the [roles] of the committed trail.toml, where its first parent's
// has roles (rule roles-change, docs/approvals.md): each role it changes or removes must approve
// it, and a role it adds needs an approval by one of the roles already there. CommitFacts::
// approvals are judged by the roles before the commit, so they are the approvals of those roles.
struct RolesChange
{
  std::string before;               // the first parent (full id), whose [roles] own the change
  std::vector<std::string> owners;  // the roles committed at BEFORE, in file order
  std::vector<std::string> changed; // roles of BEFORE whose members the commit changes
  std::vector<std::string> removed; // roles of BEFORE the commit removes
  std::vector<std::string> added;   // roles the commit adds
  // trail.toml does not load at the commit: why (its first line). Every owner is then asked.
  std::string unreadable;
  // What the commit changes cannot be told at all: why. Reported as a problem of its own.
  std::string unknown;
};

// Returns what CHANGE still asks of the commit FACTS (rule roles-change): nothing when
// FACTS.approvals was not looked up (a commit being made).
std::vector<Diagnostic> roles_change_problems(const CommitFacts& facts, const RolesChange& change);

// Returns true when IDENTITY_TEXT (a trailer value, "Name <email>" or a bare name) names the
// person NAME <EMAIL>: by the email when it has one, else by the name (case-insensitive). The
// one answer to "is this approval the author's own".
bool names_person(std::string_view identity_text, std::string_view name, std::string_view email);

// Returns the ids named by git's "This reverts commit <id>." lines of MESSAGE (the line git
// revert writes, "This reverts commit <id>, reversing" for a merge), in order, without repeats.
std::vector<std::string> reverted_commits(std::string_view message);

// Returns "fixup!", "squash!" or "amend!" when SUBJECT starts with it, else "".
std::string_view autosquash_prefix(std::string_view subject);

// Returns true when FACTS is a fixup!/squash!/amend! commit that git-trail can tell will be
// squashed before it lands: POLICY has a rule with forbid.autosquash and no path scope (so it
// refuses every such commit on its branches) and the commit's branch is known when that rule is
// branch-scoped. Such a commit is not asked for links or trailers ([[rules]] require and
// [message] require_signoff); on a protected branch the forbidding rule refuses it.
bool squashed_later(const policy::Policy& policy, const CommitFacts& facts);

} // namespace trail::rules
