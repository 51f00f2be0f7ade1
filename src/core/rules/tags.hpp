#pragma once

#include "core/policy/policy.hpp"
#include "core/rules/rules.hpp"

#include <string>
#include <vector>

namespace trail::rules {

// What a push does to one tag.
struct TagUpdate
{
  std::string name;       // "v1.2.0" (without refs/tags/)
  bool created = false;   // the tag did not exist before
  bool deleted = false;   // the push removes it
  bool annotated = false; // the new value is a tag object
  bool is_signed = false; // the tag object carries a signature
};

// Returns the problems POLICY's [tags] rules find with UPDATE (rule id "tag"): release tags
// (name matches release_pattern) must be annotated and signed when asked, are never moved or
// deleted, and with only_release no other tag may be pushed.
std::vector<Diagnostic> check_tag(const policy::Policy& policy, const TagUpdate& update);

} // namespace trail::rules
