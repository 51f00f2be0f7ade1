#include "core/change/identity.hpp"

#include "core/change/changes.hpp"
#include "core/util/digest.hpp"
#include "core/util/time.hpp"

namespace trail::change {

Identity identify(const policy::Policy& policy)
{
  const auto or_unknown = [](const std::string& s) {
    return s.empty() ? std::string(k_unknown) : s;
  };
  Identity id;
  id.product = or_unknown(policy.project.name);
  id.safety_class = or_unknown(policy.project.safety_class);
  id.tool_version = TRAIL_VERSION;
  id.policy_source = policy.source;
  id.policy_digest = util::sha256_hex(policy.text);
  return id;
}

Revision revision_at(const git::Repository& repo, const std::string& rev)
{
  Revision r;
  r.commit = repo.resolve_commit(rev);
  const git::CommitInfo info = repo.commit(r.commit);
  r.tree = repo.commit_tree(r.commit);
  r.date = util::iso8601(info.committer_time, info.committer_offset);
  return r;
}

} // namespace trail::change
