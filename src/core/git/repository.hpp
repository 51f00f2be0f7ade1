#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct git_repository;

namespace trail::git {

// A commit as plain values: everything outside this folder works on these, never on libgit2.
struct CommitInfo
{
  std::string id;                   // full hex object id
  std::vector<std::string> parents; // full hex ids, first parent first
  std::string author_name;
  std::string author_email;
  int64_t author_time = 0; // seconds since the epoch
  int author_offset = 0;   // the author's time zone, in minutes east of UTC
  std::string committer_name;
  std::string committer_email;
  int64_t committer_time = 0; // seconds since the epoch
  int committer_offset = 0;   // the committer's time zone, in minutes east of UTC
  std::string message; // raw bytes, as `git log --format=%B` minus git's trailing newline handling
};

// Where HEAD points.
struct HeadState
{
  std::optional<std::string> branch; // short name ("main"); empty when HEAD is detached
  std::optional<std::string> commit; // the commit HEAD resolves to; empty on an unborn branch
  bool detached = false;
};

// How to walk history: git's revision arguments, plus exclusions.
struct WalkSpec
{
  std::vector<std::string> revisions;  // "A..B", "A...B", "^X", "--all", names; empty: HEAD
  std::vector<std::string> hide;       // revisions whose history is excluded (baseline, ...)
  std::vector<std::string> hide_globs; // refs whose history is excluded ("refs/remotes/origin/*")
  bool head_when_empty = true;         // with no revisions, walk HEAD (else walk nothing)
  // Never show a commit before one of its children (like `git log --topo-order`); committer
  // dates only order the rest. Slower to start: the whole range is read before the first commit.
  bool children_first = false;
};

// What a walk could not see.
struct WalkReport
{
  // Commits shown whose parents are not in the repository (a shallow clone's boundary):
  // history beyond them was not walked.
  std::vector<std::string> shallow_boundary;
};

// One file of a commit's tree (a blob or a submodule), for release manifests.
struct TreeEntry
{
  // What the entry is, from its mode.
  enum class Type
  {
    file,       // 100644
    executable, // 100755
    symlink,    // 120000: the blob holds the link's target
    gitlink,    // 160000: a submodule; the id is the submodule's commit
  };
  std::string path; // from the top of the tree, '/'-separated
  std::string id;   // hex object id (a blob, or a commit for a gitlink)
  Type type = Type::file;
};

// Where git-trail keeps its records (approval records, docs/approvals.md): commits outside
// history, under references of their own. `--all` in a walk leaves them out, as history.
inline constexpr std::string_view k_records_ref_prefix = "refs/trail/";

// A signed commit's signature and the bytes it signs (the commit object without its gpgsig
// header), as git hands them to gpg or ssh-keygen.
struct CommitSignature
{
  std::string signature;   // armored: "-----BEGIN SSH SIGNATURE-----", "-----BEGIN PGP ..."
  std::string signed_data; // the payload the signature is over
};

// What `git verify-tag` made of a signature.
struct SignatureCheck
{
  enum class Status
  {
    good,         // the signature verifies with a trusted key
    bad,          // the signature does not match the tag (tampered with, or made by another key)
    cannot_check, // the keys or the program to check it are missing: nothing is known
  };
  Status status = Status::bad;
  std::string why;    // cannot_check: what is missing, and how to provide it
  std::string detail; // what git and the signing program reported
};

// A tag as stored, for releases.
struct TagObject
{
  std::string name;         // without refs/tags/
  std::string id;           // the tag object's id, or the object's id for a lightweight tag
  bool annotated = false;   // true for a tag object
  std::string target;       // the commit the tag peels to ("" when it peels to none)
  std::string tagger_name;  // annotated tags only
  std::string tagger_email; // annotated tags only
  int64_t tagger_time = 0;  // seconds since the epoch
  int tagger_offset = 0;    // minutes east of UTC
  std::string message;      // the full message as stored, signature included
  bool is_signed = false;   // the message carries a PGP, SSH or X.509 signature
};

// Bounds what libgit2 holds in this process, for a command that reads a long history once and
// keeps its own model of it (the changelog): no object cache even when GIT_TRAIL_CACHE_MB
// sets one (it is off by default, see ensure_initialized), and at most 16 MiB of pack data
// mapped at once, in windows of 8 MiB (libgit2 maps a whole pack by default, and its pages
// count in the process's memory once read). Call it before the history is read.
void bound_library_memory();

class RecentCommits; // private to the git layer (objects.hpp)
class CommitGraph;   // private to the git layer (commit_graph.hpp)

// An open repository. The only type in git-trail that talks to libgit2.
class Repository
{
public:
  // Trees read by the last changed_paths call (private to the git layer): walking history
  // newest first, the next commit's tree is usually the last commit's parent tree.
  struct TreeMemo;

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  // == Opening (repository.cpp): the repository as git finds it, its configuration and HEAD.
  // Opens the repository git itself would use here: honours GIT_DIR, GIT_WORK_TREE (and
  // core.worktree), GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES
  // (a pre-receive quarantine) and searches upwards from the current directory. Throws a
  // clear Error for no repository, for one git's safe.directory check refuses (owned by
  // another user) and for SHA-256 repositories, which libgit2 1.5 cannot read. Loose objects
  // are read by git-trail's own reader (loose_objects.hpp): a corrupt one throws Error
  // naming it (exit 3) wherever it is read.
  static Repository open_from_environment();
  // Opens the repository containing PATH (searching upwards).
  static Repository open_at(const std::string& path);
  // Opens another handle on the same repository, the same way (for another thread: a
  // handle must not be shared between threads).
  Repository reopen() const;
  // Returns true for a bare repository.
  bool is_bare() const;
  // Returns true for a shallow clone (it has a shallow file).
  bool is_shallow() const;
  // Returns the working tree root with a trailing '/', or "" when bare.
  std::string workdir() const;
  // Returns this worktree's git directory (".git/worktrees/x/" in a linked worktree).
  std::string git_dir() const;
  // Returns the git directory shared by all worktrees (where hooks/ and config live).
  std::string common_dir() const;
  // Returns a configuration value as git would read it (including `git -c` values passed to
  // hooks in the environment), or nullopt when unset.
  std::optional<std::string> config_string(const std::string& name) const;
  // Returns every (name, value) of the configuration whose name matches the POSIX extended
  // regular expression PATTERN, as `git config --get-regexp` does (file entries only).
  std::vector<std::pair<std::string, std::string>>
  config_matching(const std::string& pattern) const;
  // Sets NAME to VALUE in the repository's own configuration (.git/config).
  void set_config(const std::string& name, const std::string& value) const;
  // Adds VALUE to the multi-valued NAME in the repository's own configuration unless NAME
  // already has exactly that value there (`git config --add`, once). Returns true when added.
  bool add_config_value(const std::string& name, const std::string& value) const;
  // Removes every value VALUE of NAME from the repository's own configuration; returns true
  // when there was one.
  bool remove_config_value(const std::string& name, const std::string& value) const;
  // Returns the state of HEAD.
  HeadState head() const;
  // Returns true when the repository has at least one reference besides HEAD (a repository
  // that nothing has been pushed to yet has none).
  bool has_refs() const;

  // == Objects (objects.cpp): commits and blobs by id.
  // Resolves REV to a commit id; throws UsageError naming REV when it does not resolve.
  std::string resolve_commit(const std::string& rev) const;
  // Returns the commit with id ID.
  CommitInfo commit(const std::string& id) const;
  // Returns true when an object with hex id ID is in the repository.
  bool has_object(const std::string& id) const;
  // Returns the content of the blob with hex id ID.
  std::string read_blob(const std::string& id) const;

  // == Trees (trees.cpp): the files of a commit's tree or of the index, selected by globs.
  // Calls VISIT for every blob and gitlink (submodule) of the tree of commit REV whose path
  // matches one of GLOBS (every entry when GLOBS is empty), in no particular order; only the
  // folders the globs can match are read. What VISIT throws comes back out of this call.
  void for_each_entry(const std::string& rev,
                      const std::vector<std::string>& globs,
                      const std::function<void(const TreeEntry&)>& visit) const;
  // Returns every blob and gitlink (submodule) of the tree of commit REV whose path matches
  // one of GLOBS (every entry when GLOBS is empty), sorted by path bytewise.
  std::vector<TreeEntry> tree_entries(const std::string& rev,
                                      const std::vector<std::string>& globs) const;
  // Returns the gitlinks (submodules, mode 160000) in the tree of commit REV, in path order.
  std::vector<TreeEntry> gitlinks(const std::string& rev) const;
  // Returns (path, content) of every file in the tree of commit REV whose path matches one
  // of GLOBS, in path order; only the folders the globs can match are read.
  std::vector<std::pair<std::string, std::string>>
  files_at(const std::string& rev, const std::vector<std::string>& globs) const;
  // Returns (path, content) of every file staged in the index whose path matches one of GLOBS.
  std::vector<std::pair<std::string, std::string>>
  staged_files(const std::vector<std::string>& globs) const;
  // Returns the content of PATH in the tree of commit REV, or nullopt when REV does not
  // resolve or has no such file.
  std::optional<std::string> read_file_at(const std::string& rev, const std::string& path) const;
  // Returns the id of the entry at PATH in commit REV ("" when there is none): a folder's tree,
  // a file's blob or a gitlink's commit, to tell cheaply whether it changed between commits.
  std::string tree_id_at(const std::string& rev, const std::string& path) const;
  // Returns the id of the tree of commit REV.
  std::string commit_tree(const std::string& rev) const;

  // == History (history.cpp): walks in `git log` order, shallow clones included, and ancestry.
  // Calls VISIT for each commit of SPEC in `git log` order; stops early when VISIT returns
  // false. In a shallow clone the walk stops at the shallow boundary and reports it.
  WalkReport walk(const WalkSpec& spec, const std::function<bool(const CommitInfo&)>& visit) const;
  // Returns true when commit ANCESTOR is DESCENDANT or one of its ancestors; throws
  // UsageError when either does not name a commit. In a shallow clone, answers from the
  // commits the clone has, as `git merge-base --is-ancestor` does (false past the boundary).
  bool is_ancestor(const std::string& ancestor, const std::string& descendant) const;

  // == Tree diffs (diff.cpp): the paths a commit or the index changes.
  // Returns the paths COMMIT changes against its first parent (the empty tree for a root
  // commit); nullopt when the parent is not in the repository (shallow boundary).
  std::optional<std::vector<std::string>> changed_paths(const CommitInfo& commit) const;
  // The same, without reading the folders that no path one of GLOBS matches can lie in (a
  // folder outside every glob's fixed folder, util::glob_fixed_folder): every changed path
  // that one of GLOBS matches is there, in the same order, others may be left out. A walk
  // with path-scoped rules reads a fraction of the trees `git log --name-only` reads.
  std::optional<std::vector<std::string>>
  changed_paths(const CommitInfo& commit, const std::vector<std::string>& globs) const;
  // Returns true when the entry NAME at the top of COMMIT's tree (a file such as trail.toml)
  // differs from its first parent's: another id or mode, added or removed; for a root commit,
  // whether it has one. nullopt when the parent is not in the repository (shallow boundary).
  // Shares the trees changed_paths just read: a walk asks it of every commit for little more.
  std::optional<bool> top_entry_changed(const CommitInfo& commit, std::string_view name) const;
  // Returns the paths whose entries differ between the trees of commits FROM and TO (full
  // ids), sorted: a file changed and changed back between them is not among them.
  std::vector<std::string> paths_between(const std::string& from, const std::string& to) const;
  // Returns, for each of PATHS (sorted) whose entry has another id in commit TO than in commit
  // FROM (the empty tree when FROM is empty), its index in PATHS and its id in TO ("" when TO
  // has none). Reads only the folders on the way to PATHS whose ids differ: a history walk
  // asking about hundreds of files costs about what `git log -- PATHS` does.
  std::vector<std::pair<size_t, std::string>> changed_among(
      const std::string& from, const std::string& to, const std::vector<std::string>& paths) const;
  // Returns the paths that differ between the tree of commit BASE (or the empty tree when
  // BASE is empty) and the index (GIT_INDEX_FILE when set, as during `git commit -a`).
  std::vector<std::string> staged_paths(const std::optional<std::string>& base) const;

  // == Tags (tags.cpp): found, read, listed, created, signed and verified.
  // Returns the tag NAME (without refs/tags/), or nullopt when there is none.
  std::optional<TagObject> find_tag(const std::string& name) const;
  // Returns true when NAME may name a tag (git check-ref-format), so find_tag will not throw.
  static bool is_tag_name(const std::string& name);
  // Returns the object with hex id ID read as a tag named NAME (a tag being pushed has no ref
  // yet); a non-tag object gives annotated = false. Throws UsageError when ID is not a full
  // hex object id.
  TagObject tag_object(const std::string& id, const std::string& name = "") const;
  // Returns (name, peeled commit id) of every tag that peels to a commit, sorted by name.
  std::vector<std::pair<std::string, std::string>> tags() const;
  // Creates the annotated, unsigned tag NAME of commit TARGET_COMMIT with MESSAGE stored
  // verbatim, tagged by the identity git would use (GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL
  // and GIT_COMMITTER_DATE in git's internal format "SECONDS +HHMM" when set, else the
  // configuration); returns the tag object's id. Never moves a tag: throws Error when NAME
  // exists.
  std::string create_tag(const std::string& name,
                         const std::string& target_commit,
                         const std::string& message) const;
  // Creates the signed annotated tag NAME of commit TARGET_COMMIT with MESSAGE stored
  // verbatim by running `git tag -s` (libgit2 cannot sign; gpg.format and user.signingkey
  // apply); returns the tag object's id. MESSAGE must be empty or end with a newline (git
  // appends the signature to it), else UsageError. Throws Error when NAME exists, and with
  // git's message when git fails or writes no signature (no usable signing key, ...).
  std::string create_signed_tag(const std::string& name,
                                const std::string& target_commit,
                                const std::string& message) const;
  // Runs `git verify-tag --raw` on tag NAME: returns (true when the signature is good, what
  // git and the signing program reported). Throws UsageError when there is no tag NAME.
  std::pair<bool, std::string> verify_tag_signature(const std::string& name) const;
  // The same for the tag object with hex id ID (a pushed tag in a pre-receive quarantine).
  std::pair<bool, std::string> verify_tag_object_signature(const std::string& id) const;
  // Checks the signature of the tag object with hex id ID and tells a bad signature from one
  // that cannot be checked here (no gpg.ssh.allowedSignersFile, the signer's key not in it or
  // not in the gpg keyring, no gpg or ssh-keygen).
  SignatureCheck check_tag_object_signature(const std::string& id) const;

  // == Records (records.cpp): signed commits kept under references of their own, outside the
  // history of any branch (approval records, docs/approvals.md).
  // Writes a commit of the empty tree, without parents, with MESSAGE stored verbatim, signed by
  // running `git commit-tree -S` (libgit2 cannot sign; gpg.format and user.signingkey apply,
  // and the author and committer are who git says); returns its id. No reference is touched.
  // Throws UsageError with git's message when git fails or writes no signature.
  std::string create_signed_record(const std::string& message) const;
  // Creates the reference NAME pointing at the object with hex id ID; never moves one: throws
  // Error when NAME exists.
  void create_reference(const std::string& name, const std::string& id) const;
  // Returns (name, target id) of every reference whose name starts with PREFIX, by name. A
  // symbolic reference is left out.
  std::vector<std::pair<std::string, std::string>> references(const std::string& prefix) const;
  // Returns the signature of commit ID and what it signs, or nullopt for an unsigned commit.
  // Throws UsageError when ID names no commit.
  std::optional<CommitSignature> commit_signature(const std::string& id) const;

  // == Status (status.cpp): uncommitted changes in the working tree.
  // Returns what `git status --porcelain` would list (staged, unstaged and untracked files
  // that are not ignored) as lines "staged: PATH", "modified: PATH", "deleted: PATH",
  // "untracked: PATH" (an untracked folder as "PATH/") or "conflicted: PATH"; empty when the
  // working tree is clean. Throws UsageError for a bare repository.
  std::vector<std::string> uncommitted_changes() const;

private:
  Repository(git_repository* repo, bool from_environment);
  std::pair<bool, std::string> verify_signature_of(const std::string& object) const;
  // staged_paths through git-trail's own index reader and the cache tree (index_file.hpp);
  // nullopt when that reader declines the index, and libgit2 is asked instead.
  std::optional<std::vector<std::string>>
  staged_paths_from_index_file(const std::optional<std::string>& base) const;
  // The trees read by the diffs (diff.cpp), made on first use.
  TreeMemo& tree_memo() const;
  // The commits read last by walks and diffs (objects.hpp), made on first use.
  RecentCommits& recent_commits() const;
  // git's commit-graph file (commit_graph.hpp), opened on first use; null when there is none
  // git-trail can read, or core.commitGraph is false.
  const CommitGraph* commit_graph() const;
  std::optional<std::vector<std::string>>
  changed_paths_in(const CommitInfo& commit, const std::vector<std::string>* folders) const;
  // Throws when tag NAME exists (a tag is never moved) or MESSAGE cannot be stored.
  void check_new_tag(const std::string& name, const std::string& message) const;
  std::unique_ptr<git_repository, void (*)(git_repository*)> m_repo;
  bool m_from_environment = false;
  mutable std::shared_ptr<TreeMemo> m_tree_memo;
  mutable std::shared_ptr<RecentCommits> m_recent_commits;
  mutable std::shared_ptr<const CommitGraph> m_commit_graph;
  mutable bool m_commit_graph_read = false;
};

} // namespace trail::git
