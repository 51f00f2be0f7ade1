#include "core/git/repository.hpp"

#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/util/error.hpp"

#include "core/util/strings.hpp"

#include <cstdlib>
#include <mutex>
#include <optional>

// libgit2 1.5 as Debian builds it (with mbedTLS) parses the whole system CA bundle inside
// git_libgit2_init: three quarters of the instructions of a commit-msg hook run. git-trail
// never uses libgit2's network transports (fetches and pushes go through git itself), so the
// two loaders are replaced and no certificate is loaded. Linked dynamically, the executable
// defines them and the dynamic linker binds libgit2's calls to these ahead of libmbedx509's;
// linked statically (TRAIL_STATIC_DEPS), the linker's --wrap sends libgit2's calls to the
// __wrap_ versions. Should TLS ever be used through libgit2, it would fail verification for
// want of a trusted root, never succeed without one. Builds of libgit2 with OpenSSL never call
// them.
#ifdef TRAIL_STATIC_DEPS
#  define TRAIL_CA_LOADER(name) __wrap_##name
#else
#  define TRAIL_CA_LOADER(name) name
#endif
extern "C" int TRAIL_CA_LOADER(mbedtls_x509_crt_parse_file)(void* /*chain*/, const char* /*path*/)
{
  return 0;
}
extern "C" int TRAIL_CA_LOADER(mbedtls_x509_crt_parse_path)(void* /*chain*/, const char* /*path*/)
{
  return 0;
}

namespace trail::git {

namespace {

// Returns libgit2's last error message, copied at once (it is thread-local and may be NULL).
std::string last_error_message()
{
  const git_error* error = git_error_last();
  return (error && error->message) ? error->message : "unknown libgit2 error";
}

void ensure_initialized()
{
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // git itself does not re-hash every object it reads; libgit2 does by default, which
    // costs a SHA-1 per tree and commit on a history walk.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // A history walk needs only recent objects (a commit's tree and its parent's); the
    // default 256 MiB object cache would grow memory with the length of history.
    // Trees are read once per walk step and kept by the git layer itself (walk.cpp); in
    // libgit2's cache they only churn its hash map: 5.2 s -> 2.6 s over 80,000 commits.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(0));
    const char* cache = std::getenv("GIT_TRAIL_CACHE_MB");
    const long megabytes = cache ? std::atol(cache) : 64;
    if (megabytes <= 0) {
      git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    } else {
      git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(megabytes) * 1024 * 1024);
    }
  });
}

bool mentions_object_format(const std::string& message)
{
  return message.find("objectformat") != std::string::npos ||
         message.find("objectFormat") != std::string::npos;
}

// Returns the path libgit2 names in "repository path '/x/' is not owned by current user"
// (without the trailing '/', as git prints it), or "" when the message names none.
std::string unsafe_path(const std::string& message)
{
  const size_t open = message.find('\'');
  const size_t close = open == std::string::npos ? open : message.find('\'', open + 1);
  if (close == std::string::npos) {
    return {};
  }
  std::string path = message.substr(open + 1, close - open - 1);
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path;
}

// Returns the top of the repository found from START as git names it in its ownership
// advice (the work tree, or the git directory of a bare repository), or "" when none is.
std::string discovered_top(const char* start)
{
  Buf found;
  if (git_repository_discover(found.out(), start, 0, nullptr) != 0) {
    return {};
  }
  std::string top = found.str();
  while (top.size() > 1 && top.back() == '/') {
    top.pop_back();
  }
  if (top.ends_with("/.git")) {
    top.erase(top.size() - 5);
  }
  return top;
}

// Opens with FLAGS from PATH (may be null with GIT_REPOSITORY_OPEN_FROM_ENV).
git_repository* open_with(const char* path, unsigned flags, const std::string& where)
{
  ensure_initialized();
  git_repository* repo = nullptr;
  int result = 0;
  std::optional<std::string> work_tree;
  if ((flags & GIT_REPOSITORY_OPEN_FROM_ENV) != 0) {
    // libgit2 1.5 refuses GIT_WORK_TREE ("GIT_WORK_TREE unimplemented"), which git exports to
    // hooks under `git --work-tree=DIR` and GIT_WORK_TREE=DIR: the repository is opened without
    // it and the work tree set afterwards. The variable is restored at once (git processes we
    // start need it); the lock keeps two threads opening at once from seeing it missing.
    static std::mutex environment_lock;
    const std::lock_guard lock(environment_lock);
    if (const char* value = std::getenv("GIT_WORK_TREE"); value && *value) {
      work_tree = value;
      ::unsetenv("GIT_WORK_TREE");
    }
    result = git_repository_open_ext(&repo, path, flags, nullptr);
    if (work_tree) {
      ::setenv("GIT_WORK_TREE", work_tree->c_str(), 1);
    }
  } else {
    result = git_repository_open_ext(&repo, path, flags, nullptr);
  }
  if (result == 0) {
    std::unique_ptr<git_repository, void (*)(git_repository*)> owned(repo, &git_repository_free);
    if (work_tree) {
      check(git_repository_set_workdir(repo, work_tree->c_str(), 0),
            "cannot use the work tree GIT_WORK_TREE=" + *work_tree);
    }
    install_loose_reader(repo, (flags & GIT_REPOSITORY_OPEN_FROM_ENV) != 0);
    return owned.release();
  }
  const std::string message = last_error_message();
  // git's safe.directory check (CVE-2022-24765): refused as git refuses it, with its advice.
  // libgit2 1.5.1 says GIT_EOWNER only when safe.directory is set to something; when it is
  // not set at all, the failed lookup of it leaks out as GIT_ENOTFOUND ("config value
  // 'safe.directory' was not found"), which must not read as "not a git repository".
  const bool refused_owner =
    result == GIT_EOWNER ||
    (result == GIT_ENOTFOUND && message.find("safe.directory") != std::string::npos);
  if (refused_owner) {
    std::string unsafe = result == GIT_EOWNER ? unsafe_path(message) : std::string();
    if (unsafe.empty()) {
      const char* git_dir = std::getenv("GIT_DIR");
      unsafe = discovered_top(path ? path : (git_dir ? git_dir : "."));
    }
    if (unsafe.empty()) {
      unsafe = where;
    }
    throw UsageError("detected dubious ownership in repository at '" + unsafe +
                     "': it is owned by someone else, and git refuses to work in it (git's "
                     "safe.directory check); if you trust it, add an exception with:\n"
                     "  git config --global --add safe.directory " + unsafe);
  }
  if (result == GIT_ENOTFOUND) {
    throw UsageError("not a git repository (or any parent up to /): " + where);
  }
  if (mentions_object_format(message)) {
    throw UsageError("this is a SHA-256 repository (extensions.objectFormat); git-trail uses "
                     "libgit2 1.5, which reads SHA-1 repositories only");
  }
  throw GitError("cannot open the repository at " + where + ": " + message, result, 0);
}

// Throws Error (exit 3) when REV is a name (a ref, HEAD) that points to an object the
// repository does not have: libgit2 then says only "object not found", and drops a pack file
// that was cut short without a word, so the damage would read as "unknown revision".
void throw_if_named_object_missing(const std::string& rev)
{
  const std::string message = last_error_message();
  constexpr std::string_view marker = "object not found - no match for id (";
  const size_t at = message.find(marker);
  if (at == std::string::npos || message.size() < at + marker.size() + GIT_OID_HEXSZ) {
    return;
  }
  const std::string id = message.substr(at + marker.size(), GIT_OID_HEXSZ);
  // Only plain names: "X~2" in a shallow clone, or an id typed by the user, may well be absent.
  const bool plain_name = !rev.empty() && rev.find_first_of("~^:@{}. ") == std::string::npos &&
                          !std::string_view(id).starts_with(rev);
  if (!plain_name) {
    return;
  }
  throw Error("corrupt repository: " + rev + " points to object " + id +
              ", which is not in the repository (a lost object or a pack file cut short); run "
              "`git fsck` to see the damage");
}

} // namespace

// Resolves REV when it is a reference name (HEAD, a branch, a tag, "main" for refs/heads/main),
// as git_revparse_single would: to the object the reference points at, not peeled. Returns null
// when REV names no reference. libgit2 1.5.1's git_revparse_single leaks the reference it
// resolved when that object cannot be read (a corrupt repository), so names are resolved here,
// with every handle owned.
ObjectPtr lookup_named(git_repository* repo, const std::string& rev)
{
  // A full object id is an id before it is a name (libgit2 and git try it first).
  const bool full_id = rev.size() == GIT_OID_HEXSZ &&
                       rev.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (full_id || rev.empty() || rev.find_first_of("~^:@{} ") != std::string::npos) {
    return nullptr;
  }
  git_reference* found = nullptr;
  if (git_reference_dwim(&found, repo, rev.c_str()) != 0) {
    return nullptr;
  }
  ReferencePtr reference(found);
  git_reference* direct = nullptr;
  if (git_reference_resolve(&direct, reference.get()) != 0) {
    return nullptr;
  }
  ReferencePtr resolved(direct);
  git_object* object = nullptr;
  if (git_object_lookup(&object, repo, git_reference_target(resolved.get()), GIT_OBJECT_ANY) != 0) {
    throw_if_corrupt();
    throw_if_named_object_missing(rev);
    throw UsageError("unknown revision '" + rev + "'");
  }
  return ObjectPtr(object);
}

ObjectPtr revparse(git_repository* repo, const std::string& rev)
{
  if (ObjectPtr named = lookup_named(repo, rev)) {
    return named;
  }
  git_object* object = nullptr;
  if (git_revparse_single(&object, repo, rev.c_str()) != 0) {
    throw_if_corrupt();
    throw_if_named_object_missing(rev);
    throw UsageError("unknown revision '" + rev + "'");
  }
  return ObjectPtr(object);
}

git_oid peel_to_commit(git_repository* repo, const std::string& rev)
{
  ObjectPtr object = revparse(repo, rev);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    throw_if_corrupt();
    throw UsageError("revision '" + rev + "' does not name a commit");
  }
  ObjectPtr owned(peeled);
  return *git_object_id(owned.get());
}

CommitPtr lookup_commit(git_repository* repo, const git_oid& oid)
{
  git_commit* commit = nullptr;
  check(git_commit_lookup(&commit, repo, &oid), "cannot read commit " + to_hex(oid));
  return CommitPtr(commit);
}

CommitInfo to_info(const git_commit* commit)
{
  CommitInfo info;
  info.id = to_hex(*git_commit_id(commit));
  const unsigned count = git_commit_parentcount(commit);
  info.parents.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    info.parents.push_back(to_hex(*git_commit_parent_id(commit, i)));
  }
  const git_signature* author = git_commit_author(commit);
  const git_signature* committer = git_commit_committer(commit);
  info.author_name = author->name ? author->name : "";
  info.author_email = author->email ? author->email : "";
  info.author_time = author->when.time;
  info.author_offset = author->when.offset;
  info.committer_name = committer->name ? committer->name : "";
  info.committer_email = committer->email ? committer->email : "";
  info.committer_time = committer->when.time;
  info.committer_offset = committer->when.offset;
  const char* raw = git_commit_message_raw(commit);
  info.message = raw ? raw : "";
  return info;
}

namespace {

// Splits GIT_CONFIG_PARAMETERS ("'a.b'='v' 'c.d=w'", git's shell quoting) into key/value pairs.
std::vector<std::pair<std::string, std::string>> parse_config_parameters(std::string_view text)
{
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> words; // quoted pieces of one item, '=' between them kept as a piece
  std::string current;
  bool in_quote = false;
  auto flush_item = [&]() {
    std::string item;
    for (const auto& word : words) {
      item += word;
    }
    words.clear();
    if (item.empty()) {
      return;
    }
    const auto eq = item.find('=');
    pairs.emplace_back(item.substr(0, eq), eq == std::string::npos ? "" : item.substr(eq + 1));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quote) {
      if (c == '\'') {
        in_quote = false;
        words.push_back(std::move(current));
        current.clear();
      } else {
        current += c;
      }
    } else if (c == '\'') {
      in_quote = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      current += text[++i];
      words.push_back(std::move(current));
      current.clear();
    } else if (c == '=') {
      words.emplace_back("=");
    } else if (c == ' ') {
      flush_item();
    }
  }
  flush_item();
  return pairs;
}

// Returns the value `git -c NAME=VALUE` gave the process running us (exported to hooks as
// GIT_CONFIG_PARAMETERS or GIT_CONFIG_COUNT/KEY/VALUE), which libgit2 does not read.
std::optional<std::string> command_line_config(const std::string& name)
{
  std::optional<std::string> found;
  if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS")) {
    for (const auto& [key, value] : parse_config_parameters(parameters)) {
      if (util::iequals(key, name)) {
        found = value;
      }
    }
  }
  const char* count_text = std::getenv("GIT_CONFIG_COUNT");
  const int count = count_text ? std::atoi(count_text) : 0;
  for (int i = 0; i < count; ++i) {
    const char* key = std::getenv(("GIT_CONFIG_KEY_" + std::to_string(i)).c_str());
    const char* value = std::getenv(("GIT_CONFIG_VALUE_" + std::to_string(i)).c_str());
    if (key && value && util::iequals(key, name)) {
      found = value;
    }
  }
  return found;
}

} // namespace

void check(int result, const std::string& what)
{
  if (result >= 0) {
    return;
  }
  throw_if_corrupt();
  const git_error* error = git_error_last();
  const int klass = error ? error->klass : 0;
  throw GitError(what + ": " + last_error_message(), result, klass);
}

std::string to_hex(const git_oid& oid)
{
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

Repository::Repository(git_repository* repo, bool from_environment)
  : m_repo(repo, &git_repository_free), m_from_environment(from_environment)
{
}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Repository Repository::open_from_environment()
{
  return Repository(open_with(nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, "the current directory"), true);
}

Repository Repository::open_at(const std::string& path)
{
  return Repository(open_with(path.c_str(), 0, path), false);
}

Repository Repository::reopen() const
{
  return m_from_environment ? open_from_environment() : open_at(git_dir());
}

bool Repository::is_bare() const
{
  return git_repository_is_bare(m_repo.get()) == 1;
}

std::string Repository::workdir() const
{
  const char* dir = git_repository_workdir(m_repo.get());
  return dir ? dir : "";
}

std::string Repository::git_dir() const
{
  return git_repository_path(m_repo.get());
}

std::string Repository::common_dir() const
{
  return git_repository_commondir(m_repo.get());
}

std::optional<std::string> Repository::config_string(const std::string& name) const
{
  if (auto value = command_line_config(name)) {
    return value;
  }
  git_config* raw = nullptr;
  check(git_repository_config_snapshot(&raw, m_repo.get()), "cannot read the git configuration");
  ConfigPtr config(raw);
  Buf value;
  const int result = git_config_get_string_buf(value.out(), config.get(), name.c_str());
  if (result == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(result, "cannot read " + name);
  return value.str();
}

std::vector<std::pair<std::string, std::string>> Repository::config_matching(const std::string& pattern) const
{
  git_config* raw = nullptr;
  check(git_repository_config_snapshot(&raw, m_repo.get()), "cannot read the git configuration");
  ConfigPtr config(raw);
  std::vector<std::pair<std::string, std::string>> entries;
  auto collect = [](const git_config_entry* entry, void* payload) {
    static_cast<decltype(entries)*>(payload)->emplace_back(entry->name, entry->value ? entry->value : "");
    return 0;
  };
  check(git_config_foreach_match(config.get(), pattern.c_str(), collect, &entries),
        "cannot read the git configuration");
  return entries;
}

void Repository::set_config(const std::string& name, const std::string& value) const
{
  git_config* raw = nullptr;
  check(git_repository_config(&raw, m_repo.get()), "cannot open the git configuration");
  ConfigPtr config(raw);
  git_config* raw_local = nullptr;
  check(git_config_open_level(&raw_local, config.get(), GIT_CONFIG_LEVEL_LOCAL),
        "cannot open the repository configuration");
  ConfigPtr local(raw_local);
  check(git_config_set_string(local.get(), name.c_str(), value.c_str()), "cannot set " + name);
}

HeadState Repository::head() const
{
  HeadState state;
  git_reference* raw_head = nullptr;
  check(git_reference_lookup(&raw_head, m_repo.get(), "HEAD"), "cannot read HEAD");
  ReferencePtr head(raw_head);
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
    std::string target = git_reference_symbolic_target(head.get());
    constexpr std::string_view prefix = "refs/heads/";
    if (target.starts_with(prefix)) {
      target.erase(0, prefix.size());
    }
    state.branch = target;
  } else {
    state.detached = true;
  }
  git_reference* raw_resolved = nullptr;
  const int result = git_reference_resolve(&raw_resolved, head.get());
  if (result == GIT_ENOTFOUND) {
    return state; // unborn branch
  }
  check(result, "cannot resolve HEAD");
  ReferencePtr resolved(raw_resolved);
  if (const git_oid* oid = git_reference_target(resolved.get())) {
    state.commit = to_hex(*oid);
  }
  return state;
}

bool Repository::has_refs() const
{
  git_reference_iterator* raw = nullptr;
  check(git_reference_iterator_new(&raw, m_repo.get()), "cannot list the references");
  std::unique_ptr<git_reference_iterator, void (*)(git_reference_iterator*)> iterator(raw, git_reference_iterator_free);
  git_reference* ref = nullptr;
  const int rc = git_reference_next(&ref, iterator.get());
  if (rc == 0) {
    git_reference_free(ref);
    return true;
  }
  if (rc != GIT_ITEROVER) {
    check(rc, "cannot list the references");
  }
  return false;
}

std::string Repository::resolve_commit(const std::string& rev) const
{
  return to_hex(peel_to_commit(m_repo.get(), rev));
}

std::vector<std::string> Repository::staged_paths(const std::optional<std::string>& base) const
{
  TreePtr tree;
  if (base) {
    git_oid oid;
    check(git_oid_fromstr(&oid, base->c_str()), "bad commit id " + *base);
    CommitPtr commit = lookup_commit(m_repo.get(), oid);
    git_tree* raw_tree = nullptr;
    check(git_commit_tree(&raw_tree, commit.get()), "cannot read the tree of " + *base);
    tree.reset(raw_tree);
  }
  git_index* raw_index = nullptr;
  check(git_repository_index(&raw_index, m_repo.get()), "cannot read the index");
  IndexPtr index(raw_index);
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_index(&raw_diff, m_repo.get(), tree.get(), index.get(), nullptr),
        "cannot compare the index with HEAD");
  DiffPtr diff(raw_diff);
  std::vector<std::string> paths;
  const size_t count = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    paths.emplace_back(delta->new_file.path);
    if (std::string_view(delta->old_file.path) != delta->new_file.path) {
      paths.emplace_back(delta->old_file.path);
    }
  }
  return paths;
}

CommitInfo Repository::commit(const std::string& id) const
{
  git_oid oid;
  check(git_oid_fromstr(&oid, id.c_str()), "bad commit id " + id);
  return to_info(lookup_commit(m_repo.get(), oid).get());
}

} // namespace trail::git
