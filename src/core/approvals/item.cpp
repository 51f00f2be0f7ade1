#include "core/approvals/item.hpp"

#include "core/registry/item_diff.hpp"
#include "core/util/digest.hpp"

namespace trail::approvals {

std::string item_digest(const registry::Item& item)
{
  util::Sha256 digest;
  for (const auto& field : registry::diff_items(registry::Item{}, item)) {
    if (field.field == "status") {
      continue;
    }
    digest.update(field.field);
    digest.update(std::string_view("\t", 1));
    digest.update(field.after);
    digest.update(std::string_view("\n", 1));
  }
  return "sha256:" + digest.hex();
}

bool ItemStanding::approved_now() const
{
  if (!awaiting.empty()) {
    return false;
  }
  for (const auto& record : records) {
    if (record.current && record.entry->verdict.status == Verdict::Status::valid &&
        record.entry->record.meaning == "approved") {
      return true;
    }
  }
  return false;
}

ItemStanding
item_standing(const Index& index,
              const registry::Item& item,
              const std::string& revision,
              const std::function<const registry::Item*(const std::string& revision)>& defined_at)
{
  ItemStanding standing;
  standing.revision = revision;
  standing.item = &item;
  standing.digest = item_digest(item);
  for (const auto* entry : index.for_item(item.id)) {
    ItemApproval approval;
    approval.entry = entry;
    approval.current = entry->record.content == standing.digest;
    if (!approval.current) {
      if (const registry::Item* before = defined_at(entry->record.revision)) {
        for (const auto& field : registry::diff_items(*before, item)) {
          if (field.field != "status") {
            approval.changed.push_back(field.field);
          }
        }
      }
    }
    standing.records.push_back(std::move(approval));
  }
  return standing;
}

} // namespace trail::approvals
