#include "core/registry/item_diff.hpp"

#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::registry {

namespace {

std::string links_text(const std::vector<ItemLink>& links)
{
  std::vector<std::string> parts;
  for (const auto& link : links) {
    parts.push_back(link.type + "=" + link.target);
  }
  return util::join(parts, ", ");
}

bool same_links(const std::vector<ItemLink>& a, const std::vector<ItemLink>& b)
{
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.type == y.type && x.target == y.target;
  });
}

} // namespace

std::vector<FieldChange> diff_items(const Item& before, const Item& after)
{
  std::vector<FieldChange> changes;
  const auto text = [&](std::string_view field, const std::string& a, const std::string& b) {
    if (a != b) {
      changes.push_back({std::string(field), a, b});
    }
  };
  text("id", before.id, after.id);
  text("kind", before.kind, after.kind);
  text("title", before.title, after.title);
  text("status", before.status, after.status);
  text("class", before.safety_class, after.safety_class);
  text("class_rationale", before.class_rationale, after.class_rationale);
  text("segregation", before.segregation, after.segregation);
  text("description", before.description, after.description);
  if (!same_links(before.links, after.links)) {
    changes.push_back({"links", links_text(before.links), links_text(after.links)});
  }
  text("severity", before.severity, after.severity);
  text("evaluation", before.evaluation, after.evaluation);
  text("plan", before.plan, after.plan);
  text("document", before.document, after.document);
  text("type", before.problem.type, after.problem.type);
  text("scope", before.problem.scope, after.problem.scope);
  if (before.problem.informed != after.problem.informed) {
    changes.push_back({"informed",
                       util::join(before.problem.informed, ", "),
                       util::join(after.problem.informed, ", ")});
  }
  text("verification", before.problem.verification, after.problem.verification);
  const SoupRecord& a = before.soup;
  const SoupRecord& b = after.soup;
  for (const auto& field : k_soup_fields) {
    if (field.text) {
      text(field.key, a.*field.text, b.*field.text);
    } else if (a.*field.list != b.*field.list) {
      changes.push_back({std::string(field.key),
                         util::join(a.*field.list, ", "),
                         util::join(b.*field.list, ", ")});
    }
  }
  return changes;
}

} // namespace trail::registry
