// What releases need from the repository: the files of a commit's tree as a manifest, whether
// the working tree is clean, tags (found, listed, created, signed through git, verified) and
// ancestry.

#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <functional>
#include <initializer_list>

namespace trail::git {

namespace {

using SignaturePtr = std::unique_ptr<git_signature, Deleter<&git_signature_free>>;
using StatusListPtr = std::unique_ptr<git_status_list, Deleter<&git_status_list_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<&git_blob_free>>;

bool matches_any(const std::vector<std::string>& globs, std::string_view path)
{
  return std::any_of(
      globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
}

struct EntryWalk
{
  const std::vector<std::string>* globs;
  std::vector<std::string> folders; // the fixed folder of each glob: no match lies outside them
  std::vector<TreeEntry>* out;
  std::exception_ptr error; // thrown inside the callback, rethrown once libgit2 has returned
};

// Returns true when some path inside FOLDER may match one of the globs of WALK.
bool may_hold_matches(const EntryWalk& walk, const std::string& folder)
{
  return walk.globs->empty() ||
         std::any_of(walk.folders.begin(), walk.folders.end(), [&](const auto& fixed) {
           return fixed.empty() || fixed == folder || fixed.starts_with(folder + "/") ||
                  folder.starts_with(fixed + "/");
         });
}

int visit_entry(const git_tree_entry* entry, const std::string& root, EntryWalk* walk)
{
  std::string path = root + git_tree_entry_name(entry);
  const git_object_t object_type = git_tree_entry_type(entry);
  if (object_type == GIT_OBJECT_TREE) {
    return may_hold_matches(*walk, path) ? 0 : 1; // 1: skip this subtree
  }
  TreeEntry::Type type = TreeEntry::Type::file;
  switch (git_tree_entry_filemode(entry)) {
  case GIT_FILEMODE_BLOB_EXECUTABLE:
    type = TreeEntry::Type::executable;
    break;
  case GIT_FILEMODE_LINK:
    type = TreeEntry::Type::symlink;
    break;
  case GIT_FILEMODE_COMMIT:
    type = TreeEntry::Type::gitlink;
    break;
  default:
    if (object_type != GIT_OBJECT_BLOB) {
      return 0;
    }
    break;
  }
  if (walk->globs->empty() || matches_any(*walk->globs, path)) {
    walk->out->push_back({std::move(path), to_hex(*git_tree_entry_id(entry)), type});
  }
  return 0;
}

// The git_tree_walk callback: no exception may cross libgit2's C frames.
int visit_entry_callback(const char* root, const git_tree_entry* entry, void* payload)
{
  auto* walk = static_cast<EntryWalk*>(payload);
  try {
    return visit_entry(entry, root, walk);
  } catch (...) {
    walk->error = std::current_exception();
    return GIT_EUSER;
  }
}

// The tags found by git_tag_foreach.
struct TagList
{
  git_repository* repo;
  std::vector<std::pair<std::string, std::string>> tags; // (name, peeled commit id)
  std::exception_ptr error; // thrown inside the callback, rethrown once libgit2 has returned
};

// Adds the tag REF_NAME pointing to OID to LIST when it peels to a commit.
void add_tag(const char* ref_name, const git_oid* oid, TagList& list)
{
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, list.repo, oid, GIT_OBJECT_ANY) != 0) {
    return;
  }
  ObjectPtr object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    return;
  }
  ObjectPtr commit(peeled);
  std::string name = ref_name;
  constexpr std::string_view prefix = "refs/tags/";
  if (name.starts_with(prefix)) {
    name.erase(0, prefix.size());
  }
  list.tags.emplace_back(std::move(name), to_hex(*git_object_id(commit.get())));
}

// The git_tag_foreach callback: no exception may cross libgit2's C frames.
int tag_list_callback(const char* ref_name, git_oid* oid, void* payload)
{
  auto* list = static_cast<TagList*>(payload);
  try {
    add_tag(ref_name, oid, *list);
    return 0;
  } catch (...) {
    list->error = std::current_exception();
    return GIT_EUSER;
  }
}

// Returns the tree of the commit REV names.
TreePtr tree_of(git_repository* repo, const std::string& rev)
{
  const git_oid oid = peel_to_commit(repo, rev);
  CommitPtr commit = lookup_commit(repo, oid);
  git_tree* raw = nullptr;
  check(git_commit_tree(&raw, commit.get()), "cannot read the tree of " + rev);
  return TreePtr(raw);
}

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

// Throws UsageError unless NAME can name a tag (refs/tags/NAME is a valid ref, NAME does not
// start with '-').
void require_valid_tag_name(const std::string& name)
{
  int valid = 0;
  check(git_tag_name_is_valid(&valid, name.c_str()), "cannot check the tag name '" + name + "'");
  if (!valid || name.empty()) {
    throw UsageError("'" + name + "' is not a valid tag name");
  }
}

[[noreturn]] void throw_tag_exists(const std::string& name, const TagObject& existing)
{
  throw Error("tag '" + name + "' already exists (at " +
              (existing.target.empty() ? existing.id : existing.target) +
              "); git-trail never moves a tag");
}

// Reads "SECONDS +HHMM" or "@SECONDS +HHMM" (git's internal date format) into (time, offset
// in minutes); nullopt for anything else.
std::optional<std::pair<int64_t, int>> parse_internal_date(std::string_view text)
{
  text = util::trim(text);
  if (text.starts_with('@')) {
    text.remove_prefix(1);
  }
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view seconds_text = text.substr(0, space);
  const std::string_view zone = util::trim(text.substr(space + 1));
  int64_t seconds = 0;
  const auto [end, error] =
      std::from_chars(seconds_text.data(), seconds_text.data() + seconds_text.size(), seconds);
  if (error != std::errc() || end != seconds_text.data() + seconds_text.size() || seconds < 0) {
    return std::nullopt;
  }
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-') ||
      !std::all_of(zone.begin() + 1, zone.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int hours = (zone[1] - '0') * 10 + (zone[2] - '0');
  const int minutes = (zone[3] - '0') * 10 + (zone[4] - '0');
  if (minutes >= 60) {
    return std::nullopt;
  }
  const int offset = hours * 60 + minutes;
  return std::make_pair(seconds, zone[0] == '-' ? -offset : offset);
}

std::optional<std::string> environment(const char* name)
{
  const char* value = std::getenv(name);
  return value ? std::optional<std::string>(value) : std::nullopt;
}

// Returns the first value one of SOURCES gives, asking them in order.
std::optional<std::string>
first_set(std::initializer_list<std::function<std::optional<std::string>()>> sources)
{
  for (const auto& source : sources) {
    if (auto value = source()) {
      return value;
    }
  }
  return std::nullopt;
}

} // namespace

std::vector<TreeEntry> Repository::tree_entries(const std::string& rev,
                                                const std::vector<std::string>& globs) const
{
  const TreePtr tree = tree_of(m_repo.get(), rev);
  std::vector<TreeEntry> entries;
  EntryWalk walk{&globs, {}, &entries, nullptr};
  for (const auto& glob : globs) {
    walk.folders.push_back(util::glob_fixed_folder(glob));
  }
  const int walked = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, visit_entry_callback, &walk);
  if (walk.error) {
    std::rethrow_exception(walk.error);
  }
  check(walked, "cannot walk the tree of " + rev);
  std::sort(entries.begin(), entries.end(), [](const TreeEntry& a, const TreeEntry& b) {
    return a.path < b.path;
  });
  return entries;
}

std::vector<TreeEntry> Repository::gitlinks(const std::string& rev) const
{
  const TreePtr tree = tree_of(m_repo.get(), rev);
  std::vector<TreeEntry> links;
  // Only gitlinks are kept, so the walk does nothing per entry but compare its mode: most
  // trees hold none, and a release or changelog asks twice.
  const auto callback = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_COMMIT) {
      auto* out = static_cast<std::vector<TreeEntry>*>(payload);
      out->push_back({std::string(root) + git_tree_entry_name(entry),
                      to_hex(*git_tree_entry_id(entry)),
                      TreeEntry::Type::gitlink});
    }
    return 0;
  };
  check(git_tree_walk(tree.get(), GIT_TREEWALK_PRE, callback, &links),
        "cannot walk the tree of " + rev);
  std::sort(links.begin(), links.end(), [](const TreeEntry& a, const TreeEntry& b) {
    return a.path < b.path;
  });
  return links;
}

std::string Repository::read_blob(const std::string& id) const
{
  git_oid oid;
  if (id.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, id.c_str()) != 0) {
    throw UsageError("'" + id + "' is not an object id");
  }
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, m_repo.get(), &oid), "cannot read blob " + id);
  BlobPtr blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

std::string Repository::commit_tree(const std::string& rev) const
{
  const git_oid oid = peel_to_commit(m_repo.get(), rev);
  CommitPtr commit = lookup_commit(m_repo.get(), oid);
  return to_hex(*git_commit_tree_id(commit.get()));
}

std::vector<std::string> Repository::uncommitted_changes() const
{
  if (is_bare()) {
    throw UsageError("a bare repository has no working tree to check for uncommitted changes");
  }
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
  git_status_list* raw = nullptr;
  check(git_status_list_new(&raw, m_repo.get(), &options),
        "cannot read the status of the working tree");
  StatusListPtr list(raw);
  std::vector<std::string> lines;
  const size_t count = git_status_list_entrycount(list.get());
  for (size_t i = 0; i < count; ++i) {
    if (const git_status_entry* entry = git_status_byindex(list.get(), i)) {
      add_status_lines(*entry, lines);
    }
  }
  return lines;
}

std::optional<TagObject> Repository::find_tag(const std::string& name) const
{
  require_valid_tag_name(name);
  git_reference* raw_ref = nullptr;
  const int found = git_reference_lookup(&raw_ref, m_repo.get(), ("refs/tags/" + name).c_str());
  if (found == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(found, "cannot read tag " + name);
  ReferencePtr ref(raw_ref);
  git_reference* raw_resolved = nullptr;
  const int resolved_result = git_reference_resolve(&raw_resolved, ref.get());
  if (resolved_result == GIT_ENOTFOUND) {
    return std::nullopt; // a symbolic ref to nothing
  }
  check(resolved_result, "cannot resolve tag " + name);
  ReferencePtr resolved(raw_resolved);
  const git_oid* oid = git_reference_target(resolved.get());
  if (!oid) {
    return std::nullopt;
  }
  return tag_object(to_hex(*oid), name);
}

TagObject Repository::tag_object(const std::string& id, const std::string& name) const
{
  git_oid parsed;
  if (id.size() != GIT_OID_HEXSZ || git_oid_fromstr(&parsed, id.c_str()) != 0) {
    throw UsageError("'" + id + "' is not an object id");
  }
  const git_oid* oid = &parsed;
  TagObject tag;
  tag.name = name;
  tag.id = id;
  git_object* raw_object = nullptr;
  check(git_object_lookup(&raw_object, m_repo.get(), oid, GIT_OBJECT_ANY),
        "cannot read tag " + name);
  ObjectPtr object(raw_object);
  if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
    const auto* annotated = reinterpret_cast<const git_tag*>(object.get());
    tag.annotated = true;
    if (const git_signature* tagger = git_tag_tagger(annotated)) {
      tag.tagger_name = tagger->name ? tagger->name : "";
      tag.tagger_email = tagger->email ? tagger->email : "";
      tag.tagger_time = tagger->when.time;
      tag.tagger_offset = tagger->when.offset;
    }
    const char* message = git_tag_message(annotated);
    tag.message = message ? message : "";
  }
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) == 0) {
    ObjectPtr owned(peeled);
    tag.target = to_hex(*git_object_id(owned.get()));
  }
  return tag;
}

std::vector<std::pair<std::string, std::string>> Repository::tags() const
{
  TagList list{m_repo.get(), {}, nullptr};
  const int listed = git_tag_foreach(m_repo.get(), tag_list_callback, &list);
  throw_if_corrupt(); // a tag skipped by add_tag because its object is corrupt
  if (list.error) {
    std::rethrow_exception(list.error);
  }
  check(listed, "cannot list the tags");
  std::sort(list.tags.begin(), list.tags.end());
  return std::move(list.tags);
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& descendant) const
{
  const git_oid older = peel_to_commit(m_repo.get(), ancestor);
  const git_oid newer = peel_to_commit(m_repo.get(), descendant);
  if (git_oid_equal(&older, &newer)) {
    return true;
  }
  const int result = git_graph_descendant_of(m_repo.get(), &newer, &older);
  check(result, "cannot tell whether " + ancestor + " is an ancestor of " + descendant);
  return result == 1;
}

void Repository::check_new_tag(const std::string& name, const std::string& message) const
{
  if (auto existing = find_tag(name)) {
    throw_tag_exists(name, *existing);
  }
  if (message.find('\0') != std::string::npos) {
    throw UsageError("the message of tag '" + name + "' contains a NUL byte");
  }
}

std::string Repository::create_tag(const std::string& name,
                                   const std::string& target_commit,
                                   const std::string& message) const
{
  check_new_tag(name, message);
  const git_oid commit_oid = peel_to_commit(m_repo.get(), target_commit);
  git_object* raw_target = nullptr;
  check(git_object_lookup(&raw_target, m_repo.get(), &commit_oid, GIT_OBJECT_COMMIT),
        "cannot read commit " + to_hex(commit_oid));
  ObjectPtr target(raw_target);

  // The tagger is the committer identity, as for `git tag`: the environment first, then
  // committer.* and user.* of the configuration (EMAIL last for the address).
  const auto tagger_name = first_set({[] { return environment("GIT_COMMITTER_NAME"); },
                                      [&] { return config_string("committer.name"); },
                                      [&] {
                                        return config_string("user.name");
                                      }});
  const auto tagger_email = first_set({[] { return environment("GIT_COMMITTER_EMAIL"); },
                                       [&] { return config_string("committer.email"); },
                                       [&] { return config_string("user.email"); },
                                       [] {
                                         return environment("EMAIL");
                                       }});
  if (!tagger_name || tagger_name->empty() || !tagger_email) {
    throw UsageError("cannot create tag '" + name +
                     "': no tagger identity; set user.name and user.email (git config) or "
                     "GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL");
  }
  git_signature* raw_signature = nullptr;
  if (const auto date = environment("GIT_COMMITTER_DATE")) {
    auto when = parse_internal_date(*date);
    if (!when) {
      when = util::parse_iso8601(*date);
    }
    if (!when) {
      throw UsageError(
          "GIT_COMMITTER_DATE='" + *date +
          "' is neither git's internal format \"SECONDS +HHMM\" nor ISO 8601 with a zone "
          "(2026-01-31T12:00:00Z), the formats git-trail reads when it tags");
    }
    check(
        git_signature_new(
            &raw_signature, tagger_name->c_str(), tagger_email->c_str(), when->first, when->second),
        "cannot make the tagger signature");
  } else {
    check(git_signature_now(&raw_signature, tagger_name->c_str(), tagger_email->c_str()),
          "cannot make the tagger signature");
  }
  SignaturePtr tagger(raw_signature);

  git_oid tag_oid;
  const int result = git_tag_create(
      &tag_oid, m_repo.get(), name.c_str(), target.get(), tagger.get(), message.c_str(), 0);
  if (result == GIT_EEXISTS) {
    // Another process created the tag between our check and libgit2's.
    if (auto existing = find_tag(name)) {
      throw_tag_exists(name, *existing);
    }
    throw Error("tag '" + name + "' already exists; git-trail never moves a tag");
  }
  if (result == GIT_EINVALIDSPEC) {
    throw UsageError("'" + name + "' is not a valid tag name");
  }
  check(result, "cannot create tag " + name);
  return to_hex(tag_oid);
}

namespace {

// Returns the start of a git command line that works on the repository of WORKDIR and
// GIT_DIR whatever GIT_DIR or the current directory of this process are.
std::vector<std::string> git_command(const std::string& workdir, const std::string& git_dir)
{
  const std::string& where = workdir.empty() ? git_dir : workdir;
  return {"git", "-C", where, "--git-dir=" + git_dir};
}

} // namespace

std::string Repository::create_signed_tag(const std::string& name,
                                          const std::string& target_commit,
                                          const std::string& message) const
{
  check_new_tag(name, message);
  if (!message.empty() && message.back() != '\n') {
    // git appends the signature right after the message: it would start on the message's last
    // line, where `git verify-tag` does not find it.
    throw UsageError("the message of signed tag '" + name +
                     "' must end with a newline (git appends the signature after it)");
  }
  const std::string commit_id = resolve_commit(target_commit);
  auto argv = git_command(workdir(), git_dir());
  for (const char* arg : {"tag", "-s", "--cleanup=verbatim", "-F", "-"}) {
    argv.emplace_back(arg);
  }
  argv.push_back(name);
  argv.push_back(commit_id);
  const util::ProcessResult result = util::run_process(argv, message);
  if (result.exit_code != 0) {
    if (auto existing = find_tag(name)) {
      throw_tag_exists(name, *existing);
    }
    const auto reason = util::trim(result.err);
    throw UsageError("cannot create signed tag '" + name + "': git tag -s failed (exit " +
                     std::to_string(result.exit_code) + ")" +
                     (reason.empty() ? "" : ": " + std::string(reason)));
  }
  const auto created = find_tag(name);
  if (!created || !created->annotated) {
    throw Error("git tag -s reported success but tag '" + name + "' is not an annotated tag");
  }
  if (!tag_info(created->id).is_signed) {
    // git before 2.44 ignores a failing ssh-keygen (a missing key file, ...): it exits 0 having
    // written the tag without a signature. That tag did not exist before this call, so it is
    // removed again, unless it changed meanwhile (libgit2 deletes only the value it read).
    std::string removed = "; the unsigned tag was removed";
    git_reference* raw_ref = nullptr;
    if (git_reference_lookup(&raw_ref, m_repo.get(), ("refs/tags/" + name).c_str()) == 0) {
      ReferencePtr ref(raw_ref);
      const git_oid* target = git_reference_target(ref.get());
      if (!target || to_hex(*target) != created->id || git_reference_delete(ref.get()) != 0) {
        removed = "; tag '" + name + "' was left as it is";
      }
    }
    const auto reason = util::trim(result.err);
    throw UsageError("cannot create signed tag '" + name + "': git tag -s wrote no signature" +
                     removed + (reason.empty() ? "" : ": " + std::string(reason)));
  }
  return created->id;
}

std::pair<bool, std::string> Repository::verify_tag_signature(const std::string& name) const
{
  if (!find_tag(name)) {
    throw UsageError("no tag '" + name + "'");
  }
  return verify_signature_of("refs/tags/" + name);
}

std::pair<bool, std::string> Repository::verify_tag_object_signature(const std::string& id) const
{
  return verify_signature_of(id);
}

SignatureCheck Repository::check_tag_object_signature(const std::string& id) const
{
  // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  const auto verified = verify_signature_of(id);
  const std::string& detail = verified.second;
  SignatureCheck check;
  check.detail = detail;
  if (verified.first) {
    check.status = SignatureCheck::Status::good;
    return check;
  }
  const auto says = [&](std::string_view text) {
    return detail.find(text) != std::string::npos;
  };
  // A signature that was checked and is wrong is bad, whatever else was said.
  if (says("incorrect signature") || says("[GNUPG:] BADSIG") || says("BAD signature")) {
    check.status = SignatureCheck::Status::bad;
    return check;
  }
  check.status = SignatureCheck::Status::cannot_check;
  if (says("allowedSignersFile needs to be configured")) {
    check.why = "gpg.ssh.allowedSignersFile is not set or names no file (git config "
                "gpg.ssh.allowedSignersFile FILE)";
  } else if (says("No principal matched")) {
    check.why = "the signing key is not in gpg.ssh.allowedSignersFile";
  } else if (says("[GNUPG:] NO_PUBKEY") || says("No public key")) {
    check.why = "the signer's public key is not in the gpg keyring (gpg --import it)";
  } else if (says("cannot run ") || says("No such file or directory")) {
    check.why = "the signing program cannot be run: " + std::string(util::trim(detail));
  } else {
    // Anything git did not explain is not known to be harmless.
    check.status = SignatureCheck::Status::bad;
  }
  return check;
}

std::pair<bool, std::string> Repository::verify_signature_of(const std::string& object) const
{
  auto argv = git_command(workdir(), git_dir());
  for (const char* arg : {"verify-tag", "--raw"}) {
    argv.emplace_back(arg);
  }
  argv.push_back(object);
  const util::ProcessResult result = util::run_process(argv);
  return {result.exit_code == 0, result.err};
}

} // namespace trail::git
