// Opening a repository as git would, its configuration and HEAD; libgit2 errors as GitError.

#include "core/git/repository.hpp"

#include "core/git/callback.hpp"
#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/objects.hpp"
#include "core/git/transports.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <cstdlib>
#include <mutex>
#include <optional>

namespace trail::git {

namespace {

void ensure_initialized()
{
  static std::once_flag once;
  std::call_once(once, [] {
    link_transport_replacements();
    git_libgit2_init();
    // git itself does not re-hash every object it reads; libgit2 does by default, which
    // costs a SHA-1 per tree and commit on a history walk.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2's object cache is off: trees and blobs are kept by the git layer itself where
    // they are read again (diff.cpp), and the commits a walk reads twice by RecentCommits
    // (objects.hpp). The cache's eviction scans its hash map from the start and slows as
    // deleted entries pile up: over 1,000,000 commits `trailers --all` took 30.3 s with
    // 64 MiB, 21.8 s with 4 MiB and 17.8 s without it. GIT_TRAIL_CACHE_MB=N turns it back on.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(0));
    const char* cache = std::getenv("GIT_TRAIL_CACHE_MB");
    const long megabytes = cache ? std::atol(cache) : 0;
    if (megabytes <= 0) {
      git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    } else {
      git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(megabytes) * 1024 * 1024);
    }
  });
}

} // namespace

void bound_library_memory()
{
  ensure_initialized();
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, size_t{8} * 1024 * 1024);
  git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, size_t{16} * 1024 * 1024);
}

namespace {

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
RepositoryPtr open_with(const char* path, unsigned flags, const std::string& where)
{
  ensure_initialized();
  RepositoryPtr repo;
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
    result = git_repository_open_ext(out(repo), path, flags, nullptr);
    if (work_tree) {
      ::setenv("GIT_WORK_TREE", work_tree->c_str(), 1);
    }
  } else {
    result = git_repository_open_ext(out(repo), path, flags, nullptr);
  }
  if (result == 0) {
    if (work_tree) {
      check(git_repository_set_workdir(repo.get(), work_tree->c_str(), 0),
            "cannot use the work tree GIT_WORK_TREE=" + *work_tree);
    }
    install_loose_reader(repo.get(), (flags & GIT_REPOSITORY_OPEN_FROM_ENV) != 0);
    return repo;
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
                     "  git config --global --add safe.directory " +
                     unsafe);
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

} // namespace

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

std::string last_error_message()
{
  const git_error* error = git_error_last();
  return (error && error->message) ? error->message : "unknown libgit2 error";
}

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

Repository::Repository(git_repository* repo, bool from_environment)
    : m_repo(repo, &git_repository_free), m_from_environment(from_environment)
{
}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Repository Repository::open_from_environment()
{
  return Repository(
      open_with(nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, "the current directory").release(), true);
}

Repository Repository::open_at(const std::string& path)
{
  return Repository(open_with(path.c_str(), 0, path).release(), false);
}

Repository Repository::reopen() const
{
  return m_from_environment ? open_from_environment() : open_at(git_dir());
}

bool Repository::is_shallow() const
{
  return git_repository_is_shallow(m_repo.get()) == 1;
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
  ConfigPtr config;
  check(git_repository_config_snapshot(out(config), m_repo.get()),
        "cannot read the git configuration");
  Buf value;
  const int result = git_config_get_string_buf(value.out(), config.get(), name.c_str());
  if (result == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(result, "cannot read " + name);
  return value.str();
}

std::vector<std::pair<std::string, std::string>>
Repository::config_matching(const std::string& pattern) const
{
  ConfigPtr config;
  check(git_repository_config_snapshot(out(config), m_repo.get()),
        "cannot read the git configuration");
  struct Collect
  {
    std::vector<std::pair<std::string, std::string>> entries;
    CallbackGuard guard;
  } collect;
  auto each = [](const git_config_entry* entry, void* payload) {
    auto* c = static_cast<Collect*>(payload);
    return c->guard.run([&] {
      c->entries.emplace_back(entry->name, entry->value ? entry->value : "");
      return 0;
    });
  };
  collect.guard.check(git_config_foreach_match(config.get(), pattern.c_str(), each, &collect),
                      "cannot read the git configuration");
  return std::move(collect.entries);
}

namespace {

// The repository's own configuration (.git/config), to write to.
ConfigPtr local_config(git_repository* repo)
{
  ConfigPtr config;
  check(git_repository_config(out(config), repo), "cannot open the git configuration");
  ConfigPtr local;
  check(git_config_open_level(out(local), config.get(), GIT_CONFIG_LEVEL_LOCAL),
        "cannot open the repository configuration");
  return local;
}

} // namespace

void Repository::set_config(const std::string& name, const std::string& value) const
{
  const ConfigPtr local = local_config(m_repo.get());
  check(git_config_set_string(local.get(), name.c_str(), value.c_str()), "cannot set " + name);
}

namespace {

// A POSIX extended regular expression that matches exactly TEXT.
std::string exactly(const std::string& text)
{
  std::string out = "^";
  for (const char c : text) {
    if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out + "$";
}

// Returns true when the configuration LOCAL has VALUE among the values of NAME.
bool has_value(git_config* local, const std::string& name, const std::string& value)
{
  bool present = false;
  git_config_iterator* raw = nullptr;
  if (git_config_multivar_iterator_new(&raw, local, name.c_str(), nullptr) == 0) {
    git_config_entry* entry = nullptr;
    while (git_config_next(&entry, raw) == 0) {
      present = present || (entry->value != nullptr && value == entry->value);
    }
    git_config_iterator_free(raw);
  }
  return present;
}

} // namespace

bool Repository::add_config_value(const std::string& name, const std::string& value) const
{
  const ConfigPtr local = local_config(m_repo.get());
  if (has_value(local.get(), name, value)) {
    return false;
  }
  // A pattern only VALUE matches: nothing to replace, so the value is appended.
  check(git_config_set_multivar(local.get(), name.c_str(), exactly(value).c_str(), value.c_str()),
        "cannot add " + name);
  return true;
}

bool Repository::remove_config_value(const std::string& name, const std::string& value) const
{
  const ConfigPtr local = local_config(m_repo.get());
  if (!has_value(local.get(), name, value)) {
    return false;
  }
  check(git_config_delete_multivar(local.get(), name.c_str(), exactly(value).c_str()),
        "cannot remove " + name);
  return true;
}

HeadState Repository::head() const
{
  HeadState state;
  ReferencePtr head;
  check(git_reference_lookup(out(head), m_repo.get(), "HEAD"), "cannot read HEAD");
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
  ReferencePtr resolved;
  const int result = git_reference_resolve(out(resolved), head.get());
  if (result == GIT_ENOTFOUND) {
    return state; // unborn branch
  }
  check(result, "cannot resolve HEAD");
  if (const git_oid* oid = git_reference_target(resolved.get())) {
    state.commit = to_hex(*oid);
  }
  return state;
}

bool Repository::has_refs() const
{
  ReferenceIteratorPtr iterator;
  check(git_reference_iterator_new(out(iterator), m_repo.get()), "cannot list the references");
  ReferencePtr ref;
  const int rc = git_reference_next(out(ref), iterator.get());
  if (rc == 0) {
    return true;
  }
  if (rc != GIT_ITEROVER) {
    check(rc, "cannot list the references");
  }
  return false;
}

} // namespace trail::git
