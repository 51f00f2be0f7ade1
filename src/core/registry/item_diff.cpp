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
  const auto text = [&](const char* field, const std::string& a, const std::string& b) {
    if (a != b) {
      changes.push_back({field, a, b});
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
  text("manufacturer", a.manufacturer, b.manufacturer);
  text("version", a.version, b.version);
  text("release_date", a.release_date, b.release_date);
  text("license", a.license, b.license);
  text("purl", a.purl, b.purl);
  text("cpe", a.cpe, b.cpe);
  text("requirements", a.requirements, b.requirements);
  text("needs", a.needs, b.needs);
  text("anomaly_list", a.anomaly_list, b.anomaly_list);
  text("anomaly_review", a.anomaly_review, b.anomaly_review);
  text("support", a.support, b.support);
  text("end_of_support", a.end_of_support, b.end_of_support);
  text("verification", a.verification, b.verification);
  if (a.paths != b.paths) {
    changes.push_back({"paths", util::join(a.paths, ", "), util::join(b.paths, ", ")});
  }
  if (a.authors != b.authors) {
    changes.push_back({"authors", util::join(a.authors, ", "), util::join(b.authors, ", ")});
  }
  text("not_soup", a.not_soup, b.not_soup);
  return changes;
}

} // namespace trail::registry
