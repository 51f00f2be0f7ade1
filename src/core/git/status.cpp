// Status: what `git status` would list as uncommitted changes.

#include "core/git/handles.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"

namespace trail::git {

namespace {

// Adds the status lines of ENTRY ("staged: PATH", ...) to OUT.
void add_status_lines(const git_status_entry& entry, std::vector<std::string>& out)
{
  const unsigned status = entry.status;
  const auto path_of = [](const git_diff_delta* delta) -> std::string {
    if (!delta) {
      return {};
    }
    return delta->new_file.path ? delta->new_file.path
                                : (delta->old_file.path ? delta->old_file.path : "");
  };
  const std::string index_path = path_of(entry.head_to_index);
  const std::string work_path = path_of(entry.index_to_workdir);
  const std::string& path = work_path.empty() ? index_path : work_path;
  if (status & GIT_STATUS_CONFLICTED) {
    out.push_back("conflicted: " + path);
    return;
  }
  constexpr unsigned staged = GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED |
                              GIT_STATUS_INDEX_DELETED | GIT_STATUS_INDEX_RENAMED |
                              GIT_STATUS_INDEX_TYPECHANGE;
  if (status & staged) {
    out.push_back("staged: " + (index_path.empty() ? path : index_path));
  }
  if (status & GIT_STATUS_WT_NEW) {
    out.push_back("untracked: " + path);
  } else if (status & GIT_STATUS_WT_DELETED) {
    out.push_back("deleted: " + path);
  } else if (status & (GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_WT_RENAMED |
                       GIT_STATUS_WT_UNREADABLE)) {
    out.push_back("modified: " + path);
  }
}

} // namespace

std::vector<std::string> Repository::uncommitted_changes() const
{
  if (is_bare()) {
    throw UsageError("a bare repository has no working tree to check for uncommitted changes");
  }
  git_status_options options;
  check(git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION),
        "cannot set up a status query");
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
  StatusListPtr list;
  check(git_status_list_new(out(list), m_repo.get(), &options),
        "cannot read the status of the working tree");
  std::vector<std::string> lines;
  const size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    if (const git_status_entry* entry = git_status_byindex(list.get(), i)) {
      add_status_lines(*entry, lines);
    }
  }
  return lines;
}

} // namespace trail::git
