#include "core/approvals/record.hpp"

#include "core/message/trailers.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::approvals {
namespace {

constexpr std::string_view k_version = "1";
// The id of the empty tree, which every record has: a record carries no files.
constexpr std::string_view k_empty_tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

bool is_full_id(std::string_view text)
{
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

} // namespace

std::string record_message(const Record& record)
{
  std::string out = record.meaning + " " + record.target + " as " + record.role + "\n";
  if (!record.text.empty()) {
    out += "\n" + std::string(util::trim(record.text)) + "\n";
  }
  out += "\nApproval-Version: " + std::string(k_version) + "\n";
  out += "Approval-Role: " + record.role + "\n";
  out += "Approval-Meaning: " + record.meaning + "\n";
  out += "Approval-Target: " + record.target + "\n";
  for (const auto& commit : record.commits) {
    out += "Approval-Commit: " + commit + "\n";
  }
  if (!record.item.empty() || !record.release.empty()) {
    out += record.item.empty() ? "Approval-Release: " + record.release + "\n"
                               : "Approval-Item: " + record.item + "\n";
    out += "Approval-Content: " + record.content + "\n";
    out += "Approval-Revision: " + record.revision + "\n";
  }
  return out;
}

std::optional<Record>
parse_record(const git::CommitInfo& commit, const std::string& tree, std::string& why)
{
  Record record;
  record.id = commit.id;
  record.committer_name = commit.committer_name;
  record.committer_email = commit.committer_email;
  record.time = commit.committer_time;
  record.offset = commit.committer_offset;
  if (!commit.parents.empty()) {
    why = "a record has no parents; this commit has " + std::to_string(commit.parents.size());
    return std::nullopt;
  }
  if (tree != k_empty_tree) {
    why = "a record carries no files; this commit's tree is " + tree;
    return std::nullopt;
  }
  std::optional<std::string> version;
  std::optional<std::string> role;
  std::optional<std::string> meaning;
  std::optional<std::string> target;
  std::optional<std::string> item;
  std::optional<std::string> release;
  std::optional<std::string> content;
  std::optional<std::string> revision;
  size_t first_trailer_line = 0;
  for (const auto& trailer : message::parse_trailers(commit.message)) {
    if (first_trailer_line == 0) {
      first_trailer_line = trailer.line;
    }
    std::optional<std::string>* field = nullptr;
    if (trailer.key == "Approval-Version") {
      field = &version;
    } else if (trailer.key == "Approval-Role") {
      field = &role;
    } else if (trailer.key == "Approval-Meaning") {
      field = &meaning;
    } else if (trailer.key == "Approval-Target") {
      field = &target;
    } else if (trailer.key == "Approval-Item") {
      field = &item;
    } else if (trailer.key == "Approval-Release") {
      field = &release;
    } else if (trailer.key == "Approval-Content") {
      field = &content;
    } else if (trailer.key == "Approval-Revision") {
      field = &revision;
    } else if (trailer.key == "Approval-Commit") {
      if (!is_full_id(trailer.value)) {
        why = "Approval-Commit '" + trailer.value + "' is not a full commit id";
        return std::nullopt;
      }
      record.commits.push_back(trailer.value);
      continue;
    } else {
      why = "unknown field " + trailer.key;
      return std::nullopt;
    }
    if (*field) {
      why = trailer.key + " is given twice";
      return std::nullopt;
    }
    *field = trailer.value;
  }
  if (!version || *version != k_version) {
    why = version ? "unknown record version " + *version : "no Approval-Version";
    return std::nullopt;
  }
  if (!role || role->empty() || !meaning || !target || target->empty()) {
    why = !role || role->empty() ? "no Approval-Role"
          : !meaning             ? "no Approval-Meaning"
                                 : "no Approval-Target";
    return std::nullopt;
  }
  if (std::find(std::begin(k_meanings), std::end(k_meanings), *meaning) == std::end(k_meanings)) {
    why = "unknown meaning '" + *meaning + "' (approved, reviewed or rejected)";
    return std::nullopt;
  }
  if (item || release || content || revision) {
    // An item or release record names the content approved, not commits.
    const std::string what = release ? "a release record" : "an item record";
    if (!record.commits.empty()) {
      why = what + " names no Approval-Commit";
      return std::nullopt;
    }
    if (item && release) {
      why = "a record names an Approval-Item or an Approval-Release, not both";
      return std::nullopt;
    }
    const auto& named = release ? release : item;
    if (!named || named->empty() || !content || !revision) {
      why = !named || named->empty() ? (release ? "no Approval-Release" : "no Approval-Item")
            : !content               ? "no Approval-Content"
                                     : "no Approval-Revision";
      return std::nullopt;
    }
    if (!content->starts_with("sha256:") || content->size() != 71 ||
        !std::all_of(content->begin() + 7, content->end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
      why = "Approval-Content '" + *content + "' is not sha256: and 64 hex digits";
      return std::nullopt;
    }
    if (!is_full_id(*revision)) {
      why = "Approval-Revision '" + *revision + "' is not a full commit id";
      return std::nullopt;
    }
    (release ? record.release : record.item) = *named;
    record.content = *content;
    record.revision = *revision;
  } else if (record.commits.empty()) {
    why = "no Approval-Commit";
    return std::nullopt;
  }
  record.role = *role;
  record.meaning = *meaning;
  record.target = *target;
  // The approver's words: the body between the subject and the fields.
  const auto lines = util::split_lines(commit.message);
  std::string text;
  for (size_t i = 1; i < lines.size() && i + 1 < first_trailer_line; ++i) {
    text += std::string(lines[i]) + "\n";
  }
  record.text = std::string(util::trim(text));
  return record;
}

} // namespace trail::approvals
