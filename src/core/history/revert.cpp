#include "core/history/revert.hpp"

#include "core/links/links.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <set>

namespace trail::history {

namespace {

// A revert of a revert of a revert...: deeper chains inherit nothing.
constexpr int k_max_depth = 8;

struct Inheritance
{
  std::vector<links::Link> links;
  std::string note; // why nothing is inherited
};

// Returns the commit ID names, or nullopt when it names none in REPO.
std::optional<git::CommitInfo> find_commit(const git::Repository& repo, const std::string& id)
{
  try {
    return repo.commit(repo.resolve_commit(id));
  } catch (const Error&) {
    return std::nullopt;
  }
}

Inheritance inherit(const git::Repository& repo,
                    const policy::Policy& policy,
                    const message::TrailerOptions& trailer_options,
                    const std::vector<std::string>& ids,
                    const PathsFn& paths,
                    int depth)
{
  Inheritance out;
  if (depth > k_max_depth) {
    out.note = "this reverts a chain of more than " + std::to_string(k_max_depth) +
               " reverts: no links are inherited";
    return out;
  }
  std::vector<links::Link> found;
  std::set<std::string> reverted_paths;
  std::vector<std::string> names;
  for (const auto& id : ids) {
    const auto commit = find_commit(repo, id);
    if (!commit) {
      out.note =
          "this reverts " + id + ", which is not in this repository: fetch it to inherit its links";
      return out;
    }
    names.push_back(util::short_id(commit->id));
    const auto own =
        links::extract_links(policy, message::parse_trailers(commit->message, trailer_options))
            .links;
    found.insert(found.end(), own.begin(), own.end());
    const auto reverted_paths_of = [&] {
      return repo.changed_paths(*commit);
    };
    const auto deeper = rules::reverted_commits(commit->message);
    if (!deeper.empty()) {
      const auto inner =
          inherit(repo, policy, trailer_options, deeper, reverted_paths_of, depth + 1);
      found.insert(found.end(), inner.links.begin(), inner.links.end());
    }
    const auto changed = reverted_paths_of();
    if (!changed) {
      out.note =
          "this reverts " + util::short_id(commit->id) +
          ", whose changes cannot be read here (its parent is missing): no links are inherited";
      return out;
    }
    reverted_paths.insert(changed->begin(), changed->end());
  }
  const std::string reverted = util::join(names, ", ");
  if (found.empty()) {
    out.note = "this reverts " + reverted + ", which " + (names.size() == 1 ? "has" : "have") +
               " no links either";
    return out;
  }
  const auto own_paths = paths();
  if (!own_paths) {
    out.note = "this reverts " + reverted +
               ", but the paths it changes cannot be read: no links are inherited";
    return out;
  }
  const auto extra = std::find_if(own_paths->begin(), own_paths->end(), [&](const auto& path) {
    return !reverted_paths.contains(path);
  });
  if (extra != own_paths->end()) {
    out.note = "this reverts " + reverted + " but also changes " + *extra + ", which " +
               (names.size() == 1 ? "that commit does" : "those commits do") +
               " not: no links are inherited";
    return out;
  }
  out.links = std::move(found);
  return out;
}

} // namespace

void inherit_revert_links(const git::Repository& repo,
                          const policy::Policy& policy,
                          const message::TrailerOptions& trailer_options,
                          const PathsFn& paths,
                          rules::CommitFacts& facts)
{
  const auto ids = rules::reverted_commits(facts.message);
  if (ids.empty()) {
    return;
  }
  auto inheritance = inherit(repo, policy, trailer_options, ids, paths, 1);
  facts.inherited_links = std::move(inheritance.links);
  facts.revert_note = std::move(inheritance.note);
}

} // namespace trail::history
