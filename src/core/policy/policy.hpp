#pragma once

#include "core/config/location.hpp"
#include "core/policy/vocabulary.hpp"
#include "core/standard/table.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace trail::policy {

// Where a value was written: file, 1-based line and column (0 when unknown).
using config::Location;

// An RE2 pattern kept with its source text; compiled once when the policy is loaded.
struct Pattern
{
  std::string source;
  std::shared_ptr<const re2::RE2> regex; // never null in a loaded policy
};

// [project]: what the repository is and where checking starts.
struct Project
{
  std::string name;
  std::string safety_class; // "A", "B" or "C"; empty when not declared
  std::string baseline;     // a revision; commits reachable from it are not checked
};

// What a kind of item is for, so release, changelog and audit know which kinds hold
// requirements, problem reports, SOUP and so on whatever the policy names them.
enum class KindRole
{
  requirement,    // needs verification before release
  problem_report, // open ones are residual anomalies at release
  change_request, // changes are grouped by it in the changelog
  risk_control,   // listed as risk controls touched
  test,           // a test case
  soup,           // software of unknown provenance: a configuration item with SOUP records
  plan,           // a plan (development, maintenance...): an item pointing at a document
  other,
};

// The names of the roles as written in trail.toml, in KindRole order.
inline constexpr std::string_view k_kind_roles[] = {"requirement",
                                                    "problem-report",
                                                    "change-request",
                                                    "risk-control",
                                                    "test",
                                                    "soup",
                                                    "plan",
                                                    "other"};

// The types of plan a `plan` item may be (registry `plan = "..."`, trail.toml [plans.TYPE]):
// the plans of software development planning (IEC 62304 5.1), maintenance (6), risk
// management (7), configuration management (8) and problem resolution (9).
inline constexpr std::string_view k_plan_types[] = {"development",
                                                    "maintenance",
                                                    "configuration-management",
                                                    "risk-management",
                                                    "verification",
                                                    "documentation",
                                                    "problem-resolution"};

// [kinds.NAME]: a kind of item that commits link to.
struct Kind
{
  std::string name;      // "requirement"
  Pattern pattern;       // must match a whole ID; a capture group yields the ID
  bool external = false; // IDs live in another tracker: an unknown ID is not an error
  std::string description;
  // The states an item of this kind may be in (registry `status`); empty: any.
  std::vector<std::string> states;
  // Per relation, the states an item must be in for a commit to link to it that way
  // (fixes = ["open", "investigating"]: fixing a closed problem report is refused).
  std::vector<std::pair<std::string, std::vector<std::string>>> link_states;
  // Relations every defined item of this kind needs for the trace to have no gap
  // (["implements", "verifies"] for a requirement).
  std::vector<std::string> require_links;
  // What the kind is for; defaults from its name (`problem-report`, `soup`, `test-case`...).
  KindRole role = KindRole::other;
  // States in which an item no longer counts: a closed problem report is not a residual
  // anomaly, a retired requirement needs no verification.
  std::vector<std::string> closed_states;
  // States of an item that is not ready to ship (a requirement still being written): the
  // release gate refuses it unless it is declared out of the release (default: "draft").
  std::vector<std::string> draft_states;
  // States that declare an item out of this release (default: "deferred"): the gate lists it
  // as "not in this release" and asks nothing else of it.
  std::vector<std::string> deferred_states;
  // The states in which an item counts as approved (default: "approved"): for kinds with the
  // role plan (`git trail plans`) and for kinds that ask for signed approvals; empty otherwise.
  std::vector<std::string> approved_states;
  // approvals = { ROLE = COUNT, ... }: signed approval records (docs/approvals.md) an item of
  // this kind needs, per role, to enter one of its approved_states or to change its definition
  // while in one; in file order. Empty: the state is set by whoever edits the registry.
  std::vector<std::pair<std::string, int>> approvals;
  // Problem reports: the allowed values of `type` and `severity` (registry keys); empty: free
  // text (docs/problems.md).
  std::vector<std::string> types;
  std::vector<std::string> severities;
  // Where an item of this kind is shown on the web: an http(s) address with "{id}" where the
  // ID goes ("https://bugs.launchpad.net/nova/+bug/{id}"); empty: none. Reports in HTML and
  // Markdown make IDs links with it (item_url).
  std::string url;
  Location where;

  // Returns this kind's address for item ID (the ID percent-encoded into "{id}"), or "" when
  // the kind has no url.
  std::string item_url(std::string_view id) const;

  // Returns true when STATUS is one of the closed states.
  bool is_closed(std::string_view status) const;
  // Returns true when STATUS is one of the draft states.
  bool is_draft(std::string_view status) const;
  // Returns true when STATUS is one of the deferred states.
  bool is_deferred(std::string_view status) const;
  // Returns true when STATUS is one of the approved states.
  bool is_approved(std::string_view status) const;
};

// What a configured trailer means.
enum class TrailerRole
{
  link,     // names items: relation + kinds
  value,    // a value from a fixed list (Safety-Impact)
  approval, // an identity that approved the change (Reviewed-by, Approved-by)
  signoff,  // Signed-off-by
  text,     // free text (Safety-Rationale, SOUP-Change)
};

// [trailers.KEY]: one trailer key and how it is read.
struct TrailerSpec
{
  std::string key; // canonical spelling; matched case-insensitively
  TrailerRole role = TrailerRole::text;
  std::string relation;            // role link: one of k_relations
  std::vector<std::string> kinds;  // role link: kinds tried in order; empty = every kind
  std::vector<std::string> values; // role value: the allowed values (case-insensitive)
  Location where;
};

// When a rule applies. An empty list places no restriction.
struct Scope
{
  std::vector<std::string> paths;    // globs over changed paths; any match puts it in scope
  std::vector<std::string> branches; // globs over the short branch name
};

// What an in-scope commit must carry.
struct Requirement
{
  std::vector<std::string> any_relation;  // at least one link with one of these relations
  std::vector<std::string> all_relations; // a link with each of these relations
  std::vector<std::string> trailers;      // each of these trailer keys, with a non-empty value
  bool signoff = false;                   // a Signed-off-by trailer
  bool approval = false; // an approval trailer (Reviewed-by, ...) by someone not the author
  // Signed approval records (docs/approvals.md): (role, how many) in file order; each counts
  // the valid records by distinct members of the role other than the commit's author.
  std::vector<std::pair<std::string, int>> approvals;
};

// What an in-scope commit must not be.
struct Forbid
{
  bool wip = false;               // subject starting with "WIP" or "[WIP]"
  bool autosquash = false;        // subject starting with "fixup!", "squash!" or "amend!"
  std::optional<Pattern> subject; // subject matching this pattern
  bool change = false;            // any in-scope commit at all (protected paths)
};

// [roles.NAME].members: one person who may approve in the role, and the SSH key they sign with.
struct RoleMember
{
  std::string name;  // as reports show the person ("Quinn QA")
  std::string email; // compared with a commit's author email: an author's approval is not
                     // independent
  std::string key;   // the SSH public key as "TYPE BASE64" (any comment dropped); or empty
  // An OpenPGP member instead: the primary key's fingerprint (upper-case hex, no spaces) and
  // the armored public key block it is read from; both empty for an SSH member.
  std::string openpgp;
  std::string openpgp_key;
  Location where; // the member's entry
};

// [roles.NAME]: who may approve in role NAME, in the file's order (docs/approvals.md).
struct Role
{
  std::string name;
  std::string description;
  std::vector<RoleMember> members;
  Location where; // the [roles.NAME] header
};

// [[rules]]: one configured rule.
struct Rule
{
  std::string id;
  std::string description;
  Scope when;
  Requirement require;
  Forbid forbid;
  Location where;
};

// [message]: rules on every commit message.
struct MessageRules
{
  size_t subject_max_length = 72;         // 0 turns the check off
  std::optional<Pattern> subject_pattern; // the subject must match (partial match)
  bool require_signoff = false;
  bool check_id_format = true; // link trailer values must be IDs of the allowed kinds
};

// [prepare]: what prepare-commit-msg pre-fills.
struct Prepare
{
  bool link_from_branch = false;
  // Applied to the branch name; capture group 1 is the ID, e.g. '^(?:feature|bugfix)/([A-Z]+-\d+)'.
  std::optional<Pattern> branch_pattern;
  // The trailer key to add; empty picks the first link trailer whose kinds include the ID's kind.
  std::string trailer;
};

// [[registry.file_links]]: links written in files (tests, sources), read at a revision.
struct FileLinkRule
{
  std::vector<std::string> files; // globs
  // Found anywhere in a line. With `relation`, its one capture group is the ID; without, the
  // first group is the relation and the second the ID ('(verifies|implements):\s*(SRS-\d+)').
  Pattern pattern;
  std::string relation;
  Location where;
};

// [registry]: where item definitions live inside the repository.
struct Registry
{
  std::vector<std::string> files; // globs relative to the repository root
  std::vector<FileLinkRule> file_links;
};

// [[configuration_items]]: a named group of paths with a safety class.
struct ConfigurationItem
{
  std::string name;
  std::vector<std::string> paths; // globs
  std::string safety_class;       // "A", "B" or "C"
  // Why a class below the system's is right (IEC 62304 4.3) and what segregates the item from
  // the items of the system's class (5.3.5, class C systems); classes/ applies a lower class
  // only with them.
  std::string class_rationale;
  std::string segregation;
  Location where;
};

// How merge commits are checked in history.
enum class MergePolicy
{
  first_parent, // by their own message; changed paths against the first parent (default)
  no_paths,     // by their own message, with no changed paths (path-scoped rules skip them)
  skip,         // not checked
};

// [history]: how history is checked.
struct History
{
  MergePolicy merges = MergePolicy::first_parent;
};

// [tags]: rules for tags pushed to the shared repository.
struct TagRules
{
  std::optional<Pattern> release_pattern; // tags matching this are release tags
  bool annotated = false;                 // release tags must be annotated
  bool signed_ = false;                   // release tags must carry a signature
  bool only_release = false;              // any tag not matching release_pattern is refused
  bool manifest = false; // release tags must carry a git-trail manifest that verifies
};

// [[release.tools]]: a tool of the build environment with its version and digest (IEC 62304
// 5.1.4, 8.1.1): recorded in the manifest's build section, never run.
struct Tool
{
  std::string name;
  std::string version; // empty: not declared
  std::string digest;  // "sha256:" + 64 lowercase hex digits; empty: not declared
  std::string
      path; // a file in the repository: its digest is computed from the blob at the revision
  std::string command; // how the tool is invoked or asked its version ("gcc --version"); not run
  std::string purpose;
  Location where;
};

// [release]: what `git trail release` requires and records.
struct Release
{
  std::vector<std::string> branches;  // globs HEAD's branch must match; empty: any branch
  std::optional<Pattern> tag_pattern; // release tags; default: [tags] release_pattern, else v1.2...
  std::string build;                  // the build procedure (IEC 62304 5.8.5)
  std::vector<std::string> environment; // the build environment, one entry per tool or image
  std::vector<Tool> tools;              // [[release.tools]], in file order
  bool sign = false;                    // sign release tags even without --sign
  // When set, the classes whose releases need passing verification of every requirement and
  // risk control, instead of the classes of Table A.1 (5.7, 5.8.1, 7.3; [standard]).
  std::optional<std::vector<std::string>> results_required_for;
  // When set, the classes for which residual anomalies need an evaluation, instead of the
  // classes of Table A.1 (5.8.3; [standard]).
  std::optional<std::vector<std::string>> evaluation_required_for;
  // approvals = { ROLE = COUNT, ... }: signed approvals of the release's manifest the gate asks
  // for (docs/approvals.md), per role in file order; empty: none.
  std::vector<std::pair<std::string, int>> approvals;
  Location where;
};

// [[waivers]]: a named commit exempt from a named rule, with why and who approved.
struct Waiver
{
  std::string commit; // full or abbreviated hex id (at least 7 digits)
  std::string rule;   // a rule id (built-in or configured)
  std::string reason;
  std::string approved_by;
  Location where;
  Location commit_where; // where the `commit = ...` value is
};

// [audit]: how `git trail audit` reads the checklist (docs/audit.md).
struct Audit
{
  std::string checklist; // a checklist mapping file in the repository; empty: the built-in one
  Location where;
};

// [soup]: where `git trail soup` looks for SOUP in the tree besides the registry
// (docs/soup.md).
struct Soup
{
  // Globs of directories that hold vendored code; a matching directory with a LICENSE or
  // COPYING file or a known version header is a component.
  std::vector<std::string> vendored = {
      "third_party/*", "third-party/*", "thirdparty/*", "3rdparty/*", "vendor/*", "external/*"};
  // Globs of paths never searched for manifests or vendored code (test fixtures, examples).
  std::vector<std::string> ignore;
  // Globs of committed vulnerability files (CycloneDX VEX or OSV JSON) to attach to components.
  std::vector<std::string> vulnerabilities;
  Location where; // the [soup] table; empty when the policy has none
};

// [plans.TYPE]: what the policy asks of the plan of one type.
struct PlanRequirement
{
  std::string type; // one of k_plan_types
  // Markdown headings its document must have, as written (matched case-insensitively,
  // ignoring leading numbering such as "1.2").
  std::vector<std::string> sections;
  Location where;
};

// The loaded, validated policy: trail.toml or the embedded default.
struct Policy
{
  std::string source; // the file it came from, or "<default policy>"
  std::string text;   // the bytes it was loaded from (for digests)
  // Pinned: a file the repository does not hold (--policy, $GIT_TRAIL_POLICY), whose [roles]
  // then judge every approval record, rather than the roles in force for what it approves
  // (docs/approvals.md, "Which roles apply").
  bool pinned = false;
  Project project;
  std::vector<Kind> kinds;
  std::vector<TrailerSpec> trailers;
  MessageRules message;
  std::vector<Rule> rules;
  Prepare prepare;
  Registry registry;
  std::vector<ConfigurationItem> configuration_items;
  History history;
  TagRules tags;
  Release release;
  std::vector<Waiver> waivers;
  // [standard]: the project's changes to the classes of IEC 62304's clauses (Table A.1).
  std::vector<standard::ClassOverride> standard;
  Audit audit; // [audit]
  Soup soup;   // [soup]
  // [plans]: the plans the project must have, in file order.
  std::vector<PlanRequirement> plans;
  // [roles]: who may sign approvals in which role, in file order.
  std::vector<Role> roles;

  // Returns the spec for trailer KEY (case-insensitive), or null when not configured.
  const TrailerSpec* find_trailer(std::string_view key) const;
  // Returns the kind named NAME, or null.
  const Kind* find_kind(std::string_view name) const;
  // Returns the role named NAME (case-sensitive), or null.
  const Role* find_role(std::string_view name) const;
  // Returns the address of item ID of kind KIND (Kind::item_url), or "" when the kind is
  // unknown or has no url.
  std::string item_url(std::string_view kind, std::string_view id) const;
  // Returns the kinds with ROLE, in file order.
  std::vector<const Kind*> kinds_with(KindRole role) const;
};

// The one answer to "is NAME a release tag", used by release, the manifest, the gate, the tag
// rules and the hooks: [release] tag_pattern, else [tags] release_pattern (the loader refuses the
// two when they differ), else versions like v1.2 or 1.2.3-rc1. Partial match.
const re2::RE2& release_tag_regex(const Policy& policy);
bool is_release_tag(const Policy& policy, std::string_view name);

// Returns true when roles A and B list the same people with the same keys: each member's
// name, email and key compared, their order and the roles' descriptions aside. A null role
// lists nobody.
bool same_members(const Role* a, const Role* b);

// What a change of [roles] from BEFORE to AFTER does to who may approve, each list in file
// order: the rule roles-change asks the roles of BEFORE to approve it (docs/approvals.md).
struct RolesDiff
{
  std::vector<std::string> changed; // roles of BEFORE whose members AFTER changes
  std::vector<std::string> removed; // roles of BEFORE that AFTER lacks
  std::vector<std::string> added;   // roles of AFTER that BEFORE lacks
  bool empty() const
  {
    return changed.empty() && removed.empty() && added.empty();
  }
};
RolesDiff diff_roles(const Policy& before, const Policy& after);

} // namespace trail::policy
