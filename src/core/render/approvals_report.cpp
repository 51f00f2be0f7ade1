#include "core/render/approvals_report.hpp"

#include "core/message/cleanup.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

namespace trail::render {
namespace {

using nlohmann::ordered_json;
using Status = approvals::Verdict::Status;

std::string short_id(const std::string& id)
{
  return id.substr(0, 12);
}

// "commit 3f2a9b1c2d4e" or "range A..B (3 commits)".
std::string target_text(const approvals::Record& record)
{
  if (record.target.starts_with("commit ")) {
    return "commit " + short_id(record.target.substr(7));
  }
  if (record.target.empty()) {
    return "(no target)";
  }
  if (!record.item.empty()) {
    return "item " + record.item + " at " + short_id(record.revision);
  }
  if (!record.release.empty()) {
    // The manifest's digest as `release` prints it ("manifest sha256 HEX"), shortened.
    return "release " + record.release + " at " + short_id(record.revision) + " (manifest " +
           record.content.substr(0, 7 + 12) + ")";
  }
  return record.target + " (" + std::to_string(record.commits.size()) + " commit" +
         (record.commits.size() == 1 ? "" : "s") + ")";
}

ordered_json entry_json(const approvals::Entry& entry)
{
  const auto& r = entry.record;
  const auto& v = entry.verdict;
  ordered_json out;
  out["record"] = entry.id;
  out["ref"] = entry.ref.empty() ? ordered_json(nullptr) : ordered_json(entry.ref);
  out["target"] = r.target;
  out["commits"] = r.commits;
  if (!r.item.empty() || !r.release.empty()) {
    out[r.item.empty() ? "release" : "item"] = r.item.empty() ? r.release : r.item;
    out["content"] = r.content;
    out["revision"] = r.revision;
  }
  out["role"] = r.role;
  out["meaning"] = r.meaning;
  out["text"] = r.text;
  out["status"] = std::string(approvals::status_name(v.status));
  out["why"] = v.why.empty() ? ordered_json(nullptr) : ordered_json(v.why);
  // Evidence: the member whose key made a signature that verifies.
  out["signed_by"] =
      v.signer_name.empty()
          ? ordered_json(nullptr)
          : ordered_json(
                {{"name", v.signer_name}, {"email", v.signer_email}, {"roles", v.signer_roles}});
  // A claim: who git recorded, from the signer's own configuration.
  out["claimed_committer"] = {{"name", r.committer_name}, {"email", r.committer_email}};
  out["time"] = util::iso8601(r.time, r.offset);
  return out;
}

} // namespace

std::string approval_line(const approvals::Entry& entry)
{
  const auto& r = entry.record;
  const auto& v = entry.verdict;
  std::string line = short_id(entry.id) + " ";
  if (v.status == Status::malformed) {
    return line + "malformed: " + v.why + " (claims " + r.committer_name + " <" +
           r.committer_email + ">, " + util::iso8601(r.time, r.offset) + ")";
  }
  line += r.meaning + " " + target_text(r) + " as " + r.role + ", ";
  if (!v.signer_name.empty()) {
    line += "signed by " + v.signer_name + " <" + v.signer_email + ">";
  } else {
    line += "not verified, claims " + r.committer_name + " <" + r.committer_email + ">";
  }
  line +=
      ", " + util::iso8601(r.time, r.offset) + ": " + std::string(approvals::status_name(v.status));
  if (!v.why.empty()) {
    line += ": " + v.why;
  }
  return line;
}

std::string approved_text(const approvals::Approved& approved)
{
  const auto& entry = approved.entry;
  std::string out = "git-trail: " + approval_line(entry) + "\n";
  if (!approved.own_commits.empty()) {
    std::vector<std::string> ids;
    for (const auto& id : approved.own_commits) {
      ids.push_back(short_id(id));
    }
    out += "git-trail: note: " + entry.verdict.signer_name + " is the author of " +
           util::join(ids, ", ") +
           ": an author's own approval does not count toward require.approvals\n";
  }
  out += "git-trail: wrote " + entry.ref + "; share it: git push origin " + entry.ref + "\n";
  return out;
}

ordered_json approved_json(const approvals::Approved& approved)
{
  ordered_json out = entry_json(approved.entry);
  out["authored_by_signer"] = approved.own_commits;
  return out;
}

std::string approvals_text(const std::vector<approvals::Entry>& entries)
{
  if (entries.empty()) {
    return "no approval records (refs/trail/approvals/)\n";
  }
  std::string out;
  for (const auto& entry : entries) {
    out += approval_line(entry) + "\n";
  }
  return out;
}

ordered_json approvals_json(const std::vector<approvals::Entry>& entries)
{
  ordered_json list = ordered_json::array();
  for (const auto& entry : entries) {
    list.push_back(entry_json(entry));
  }
  return {{"records", list}};
}

std::string standing_text(const std::vector<history::ApprovalStanding>& standing)
{
  std::string out;
  for (const auto& s : standing) {
    out += "commit " + short_id(s.commit.id) + " " +
           std::string(message::subject_line(s.commit.message)) + " (author " +
           s.commit.author_name + " <" + s.commit.author_email + ">)\n";
    if (s.records.empty()) {
      out += "  no approval records\n";
    }
    for (const auto* entry : s.records) {
      out += "  " + approval_line(*entry) + "\n";
    }
    for (const auto& d : s.awaiting) {
      out += "  awaiting: " + d.message + " [" + d.rule + "]\n";
    }
  }
  return out;
}

ordered_json standing_json(const std::vector<history::ApprovalStanding>& standing)
{
  ordered_json commits = ordered_json::array();
  for (const auto& s : standing) {
    ordered_json records = ordered_json::array();
    for (const auto* entry : s.records) {
      records.push_back(entry_json(*entry));
    }
    ordered_json awaiting = ordered_json::array();
    for (const auto& d : s.awaiting) {
      awaiting.push_back({{"rule", d.rule}, {"message", d.message}, {"hint", d.hint}});
    }
    commits.push_back(
        {{"commit", s.commit.id},
         {"subject", std::string(message::subject_line(s.commit.message))},
         {"author", {{"name", s.commit.author_name}, {"email", s.commit.author_email}}},
         {"records", records},
         {"awaiting", awaiting}});
  }
  return {{"commits", commits}};
}

std::string item_standing_text(const approvals::ItemStanding& standing)
{
  const auto& item = *standing.item;
  return "item " + item.id + " " + item.title + " (status " + item.status + "), as defined at " +
         short_id(standing.revision) + " (" + standing.digest + ")\n" + item_records_text(standing);
}

std::string item_records_text(const approvals::ItemStanding& standing)
{
  const auto& item = *standing.item;
  std::string out;
  if (standing.records.empty()) {
    out += "  no approval records\n";
  }
  for (const auto& record : standing.records) {
    out += "  " + approval_line(*record.entry) + "; ";
    if (record.current) {
      out += "current\n";
    } else if (record.changed.empty()) {
      out += "superseded: approves another definition\n";
    } else {
      out += "superseded: " + util::join(record.changed, ", ") + " changed since\n";
    }
  }
  out +=
      std::string("  approved as defined now: ") + (standing.approved_now() ? "yes" : "no") + "\n";
  for (const auto& line : standing.awaiting) {
    out += "  awaiting: " + line + " (kind " + item.kind + ")\n";
  }
  return out;
}

nlohmann::ordered_json item_standing_json(const approvals::ItemStanding& standing)
{
  ordered_json records = ordered_json::array();
  for (const auto& record : standing.records) {
    ordered_json entry = entry_json(*record.entry);
    entry["current"] = record.current;
    entry["changed_since"] = record.changed;
    records.push_back(std::move(entry));
  }
  return {{"item", standing.item->id},
          {"title", standing.item->title},
          {"status", standing.item->status},
          {"revision", standing.revision},
          {"content", standing.digest},
          {"records", records},
          {"approved_now", standing.approved_now()},
          {"awaiting", standing.awaiting}};
}

} // namespace trail::render
