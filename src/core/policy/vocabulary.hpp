#pragma once

// The words a policy, the rules and the reports share: link relations, trailer roles and the ids
// of the built-in rules. Defined once here; the loader validates against these lists, the rules
// report under these ids, and waivers may name any of them.

#include <string_view>

namespace trail::policy {

// The relations a link trailer may carry (validated when loading).
inline constexpr std::string_view k_relations[] = {
    "implements", "fixes", "verifies", "refs", "authorized-by", "mitigates"};

// The roles a trailer may have, in the order of TrailerRole (policy.hpp).
inline constexpr std::string_view k_role_names[] = {"link", "value", "approval", "signoff", "text"};

// Trailer keys with a meaning of their own in releases and changelogs (matched
// case-insensitively; read in one place, src/core/change/changes.cpp).
inline constexpr std::string_view k_trailer_safety_impact = "Safety-Impact";
inline constexpr std::string_view k_trailer_safety_rationale = "Safety-Rationale";
inline constexpr std::string_view k_trailer_soup_change = "SOUP-Change";

// The ids of the built-in rules (configured under [message], [trailers], [tags] and [registry]).
inline constexpr std::string_view k_rule_subject_length = "subject-length";
inline constexpr std::string_view k_rule_subject_pattern = "subject-pattern";
inline constexpr std::string_view k_rule_signoff = "signoff";
inline constexpr std::string_view k_rule_id_format = "id-format";
inline constexpr std::string_view k_rule_trailer_value = "trailer-value";
inline constexpr std::string_view k_rule_tag = "tag";
inline constexpr std::string_view k_rule_known_id = "known-id";
inline constexpr std::string_view k_rule_item_state = "item-state";
inline constexpr std::string_view k_rule_registry = "registry";
// An item of a kind with `approvals` entering an approved state, or changed while in one,
// without the signed approvals its kind asks for (docs/approvals.md).
inline constexpr std::string_view k_rule_item_approval = "item-approval";
// A change to the [roles] of the committed trail.toml without the signed approval of the roles
// it changes, as they were before it (docs/approvals.md).
inline constexpr std::string_view k_rule_roles_change = "roles-change";

// Every built-in rule id; a [[rules]] id may not reuse one, a waiver may name one.
inline constexpr std::string_view k_builtin_rules[] = {k_rule_subject_length,
                                                       k_rule_subject_pattern,
                                                       k_rule_signoff,
                                                       k_rule_id_format,
                                                       k_rule_trailer_value,
                                                       k_rule_tag,
                                                       k_rule_known_id,
                                                       k_rule_item_state,
                                                       k_rule_registry,
                                                       k_rule_item_approval,
                                                       k_rule_roles_change};

} // namespace trail::policy
