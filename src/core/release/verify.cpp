#include "core/release/verify.hpp"

#include "core/approvals/index.hpp"
#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/tag_message.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/fd.hpp"
#include "core/util/file.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace trail::release {

namespace {

using nlohmann::ordered_json;

// Returns the field that names an element of an array of objects, or "" when there is none.
std::string key_field(const ordered_json& array)
{
  for (const char* name : {"path", "id", "name", "commit", "file"}) {
    bool all = !array.empty();
    for (const auto& e : array) {
      all = all && e.is_object() && e.contains(name) && e[name].is_string();
    }
    if (all) {
      return name;
    }
  }
  return {};
}

std::string show(const ordered_json& value)
{
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Returns the path of FILE, a manifest entry, for messages: "path", and the exact bytes when
// the name is not UTF-8 ("src/caf\uFFFD.c (bytes 7372...)"), so two such names are told apart.
std::string display_path(const ordered_json& file)
{
  const std::string path = file["path"].get<std::string>();
  return file.contains("path_hex") ? path + " (bytes " + file["path_hex"].get<std::string>() + ")"
                                   : path;
}

// Compares what the tag's manifest says (STORED) with what the tree gives now (FRESH) and
// adds a problem per difference, naming it by PATH ("soup[zlib].version").
class Differ
{
public:
  explicit Differ(std::vector<VerifyProblem>& out) : m_out(out) {}

  void compare(const ordered_json& stored, const ordered_json& fresh, const std::string& path)
  {
    if (stored == fresh) {
      return;
    }
    if (stored.is_object() && fresh.is_object()) {
      // A group whose files differ has a different digest too: the files say which.
      const bool files_differ =
          stored.contains("files") && fresh.contains("files") && stored["files"] != fresh["files"];
      for (const auto& [key, value] : stored.items()) {
        if (files_differ && key == "sha256") {
          continue;
        }
        if (!fresh.contains(key)) {
          add("manifest", path + "." + key + " is in the manifest but not computed from the tree");
        } else {
          compare(value, fresh[key], path + "." + key);
        }
      }
      for (const auto& [key, value] : fresh.items()) {
        if (!stored.contains(key)) {
          add("manifest",
              path + "." + key + " is computed from the tree but missing from the manifest");
        }
      }
      return;
    }
    if (stored.is_array() && fresh.is_array()) {
      // Keyed by a field every element of both sides has as a string (a crafted manifest may
      // key its elements by a field the tree's elements do not have).
      const std::string key = key_field(stored.empty() ? fresh : stored);
      const auto keyed = [&](const ordered_json& e) {
        return e.is_object() && e.contains(key) && e[key].is_string();
      };
      if (!key.empty() && std::all_of(fresh.begin(), fresh.end(), keyed)) {
        compare_keyed(stored, fresh, path, key);
        return;
      }
    }
    add("manifest",
        path + ": the manifest says " + show(stored) + ", the tree gives " + show(fresh));
  }

private:
  void compare_keyed(const ordered_json& stored,
                     const ordered_json& fresh,
                     const std::string& path,
                     const std::string& key)
  {
    const bool files = path.size() >= 6 && path.compare(path.size() - 6, 6, ".files") == 0;
    // Files are keyed by their exact bytes: two names that differ only in bytes that are not
    // UTF-8 read the same in "path" but are two files.
    const bool exact = files && key == "path";
    const auto key_of = [&](const ordered_json& e) {
      return exact ? file_entry_path(e) : e[key].get<std::string>();
    };
    const auto name_of = [&](const ordered_json& e) {
      return exact ? display_path(e) : e[key].get<std::string>();
    };
    std::map<std::string, const ordered_json*> now;
    for (const auto& e : fresh) {
      now[key_of(e)] = &e;
    }
    std::map<std::string, bool> seen;
    for (const auto& e : stored) {
      const std::string exact_name = key_of(e);
      const std::string name = name_of(e);
      seen[exact_name] = true;
      const auto at = now.find(exact_name);
      if (at == now.end()) {
        add(files ? "file" : "manifest",
            files ? "removed: " + name + " (in " + path + " of the manifest, not in the tree)"
                  : path + "[" + name + "] is in the manifest but not computed from the tree");
        continue;
      }
      if (files && e != *at->second) {
        const auto digest = [](const ordered_json& f) {
          return f.contains("sha256") ? f["sha256"].get<std::string>()
                                      : f.value("object", std::string());
        };
        add("file",
            "modified: " + name + " (" + path + "): the manifest says sha256 " + digest(e) +
                ", the tree has " + digest(*at->second));
        continue;
      }
      compare(e, *at->second, path + "[" + name + "]");
    }
    for (const auto& e : fresh) {
      const std::string name = name_of(e);
      if (!seen.count(key_of(e))) {
        add(files ? "file" : "manifest",
            files ? "added: " + name + " (in " + path + " of the tree, not in the manifest)"
                  : path + "[" + name + "] is computed from the tree but not in the manifest");
      }
    }
  }

  void add(std::string check, std::string message)
  {
    m_out.push_back({std::move(check), std::move(message)});
  }

  std::vector<VerifyProblem>& m_out;
};

using util::Fd;

std::string file_type(mode_t mode)
{
  if (S_ISDIR(mode)) {
    return "a folder";
  }
  if (S_ISFIFO(mode)) {
    return "a FIFO";
  }
  if (S_ISCHR(mode)) {
    return "a character device";
  }
  if (S_ISBLK(mode)) {
    return "a block device";
  }
  if (S_ISSOCK(mode)) {
    return "a socket";
  }
  if (S_ISLNK(mode)) {
    return "a symbolic link, not followed";
  }
  return "not a regular file";
}

// Opens, below ROOT (a folder fd), the folder that holds PATH (split into PARTS), one component
// at a time with O_NOFOLLOW, so no symbolic link in the copy leads outside it. Returns a
// problem, or "" with FOLDER set.
std::string open_parent(int root,
                        const std::string& dir,
                        const std::vector<std::string_view>& parts,
                        const std::string& shown,
                        Fd& folder)
{
  folder = Fd(::fcntl(root, F_DUPFD_CLOEXEC, 0));
  std::string prefix;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string part(parts[i]);
    prefix += (prefix.empty() ? "" : "/") + part;
    Fd next(::openat(
        folder.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (next.get() < 0) {
      const int error = errno;
      if (error == ENOENT) {
        return "missing from " + dir + ": " + shown;
      }
      struct stat st
      {
      };
      const bool known = ::fstatat(folder.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
      return "not a regular file in " + dir + ": " + shown + " (" + util::sanitize_utf8(prefix) +
             " is " + (known ? file_type(st.st_mode) : std::string(std::strerror(error))) + ")";
    }
    folder = std::move(next);
  }
  return {};
}

// Compares NAME in FOLDER (lstat as ST) with a symbolic link of the release, by its target,
// never followed: its blob is the link's text.
std::string check_delivered_link(const Fd& folder,
                                 const std::string& name,
                                 const struct stat& st,
                                 const std::string& dir,
                                 const std::string& shown,
                                 const std::string& sha256,
                                 std::optional<size_t> size)
{
  if (!S_ISLNK(st.st_mode)) {
    return "modified in " + dir + ": " + shown + " (" +
           (S_ISREG(st.st_mode) ? std::string("a regular file") : file_type(st.st_mode)) +
           ", the release has a symbolic link)";
  }
  const size_t limit = size.value_or(4096);
  std::string target(limit + 1, '\0');
  const ssize_t n = ::readlinkat(folder.get(), name.c_str(), target.data(), target.size());
  if (n < 0) {
    return "cannot read " + shown + " in " + dir + ": " + std::strerror(errno);
  }
  target.resize(static_cast<size_t>(n));
  if (const std::string digest = util::sha256_hex(target); digest != sha256) {
    return "modified in " + dir + ": " + shown + " (a symbolic link to " +
           util::sanitize_utf8(target) + ", sha256 " + digest + ", the manifest says " + sha256 +
           ")";
  }
  return {};
}

// Compares NAME in FOLDER (lstat as ST) with a regular file of the release: opened
// O_NONBLOCK (a FIFO never blocks), never more than SIZE + 1 bytes read.
std::string check_delivered_regular(const Fd& folder,
                                    const std::string& name,
                                    struct stat st,
                                    const std::string& dir,
                                    const std::string& shown,
                                    const std::string& sha256,
                                    std::optional<size_t> size)
{
  if (!S_ISREG(st.st_mode)) {
    return "not a regular file in " + dir + ": " + shown + " (" + file_type(st.st_mode) + ")";
  }
  Fd file(::openat(
      folder.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (file.get() < 0) {
    return "cannot read " + shown + " in " + dir + ": " + std::strerror(errno);
  }
  // Checked again on what was opened: the entry may have been replaced meanwhile.
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return "not a regular file in " + dir + ": " + shown + " (" + file_type(st.st_mode) + ")";
  }
  const size_t limit = size.value_or(static_cast<size_t>(st.st_size));
  if (static_cast<size_t>(st.st_size) > limit) {
    return "modified in " + dir + ": " + shown + " (" + std::to_string(st.st_size) +
           " bytes, larger than the " + std::to_string(limit) + " the release holds)";
  }
  std::string content;
  if (const int error = util::read_up_to(file.get(), limit, content); error != 0) {
    return "cannot read " + shown + " in " + dir + ": " + std::strerror(error);
  }
  if (content.size() > limit) {
    return "modified in " + dir + ": " + shown + " (larger than the " + std::to_string(limit) +
           " bytes the release holds)";
  }
  const std::string digest = util::sha256_hex(content);
  if (digest != sha256) {
    return "modified in " + dir + ": " + shown + " (sha256 " + digest + ", the manifest says " +
           sha256 + ")";
  }
  return {};
}

// Compares one file of the manifest (its exact PATH, MODE, SHA256 and the SIZE of its blob, or
// nullopt when the blob is not here) with the delivered copy under ROOT, a folder fd. The path
// is confined to ROOT: it was checked relative with no empty, "." or ".." component, and every
// component is opened with O_NOFOLLOW. Only regular files are read; a symbolic link of the
// release is compared by its target, never followed.
// Returns a problem, or "" when the file matches.
std::string check_delivered_file(int root,
                                 const std::string& dir,
                                 const std::string& path,
                                 const std::string& shown,
                                 const std::string& mode,
                                 const std::string& sha256,
                                 std::optional<size_t> size)
{
  if (const std::string why = path_problem(path); !why.empty()) {
    return "not a path inside " + dir + ": " + shown + " (" + why + ")";
  }
  const auto parts = util::split(path, '/');
  Fd folder;
  if (std::string problem = open_parent(root, dir, parts, shown, folder); !problem.empty()) {
    return problem;
  }
  const std::string name(parts.back());
  struct stat st
  {
  };
  if (::fstatat(folder.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return errno == ENOENT ? "missing from " + dir + ": " + shown
                           : "cannot read " + shown + " in " + dir + ": " + std::strerror(errno);
  }
  if (mode == "120000") {
    return check_delivered_link(folder, name, st, dir, shown, sha256, size);
  }
  return check_delivered_regular(folder, name, st, dir, shown, sha256, size);
}

// Compares every file the manifest lists (configuration items, then SOUP) with the delivered
// copy under ROOT; returns their exact paths. Records in COVERAGE what was compared, and the
// submodules (gitlinks), whose content is not.
std::set<std::string> check_listed_files(const git::Repository& repo,
                                         const ordered_json& manifest,
                                         int root,
                                         const std::string& dir,
                                         VerifyReport& report,
                                         DeliveredCoverage& coverage)
{
  std::set<std::string> listed;
  std::set<std::string> submodules;
  const auto check_files = [&](const ordered_json& files) {
    size_t compared = 0;
    for (const auto& f : files) {
      const std::string path = file_entry_path(f);
      listed.insert(path);
      if (!f.contains("sha256")) {
        // A submodule: its commit is the identity; its files are its own manifest's.
        submodules.insert(path);
        continue;
      }
      ++report.delivered_checked;
      ++compared;
      const std::string object = f["object"].get<std::string>();
      std::optional<size_t> size;
      if (repo.has_object(object)) {
        size = repo.read_blob(object).size();
      }
      const std::string problem = check_delivered_file(root,
                                                       dir,
                                                       path,
                                                       display_path(f),
                                                       f["mode"].get<std::string>(),
                                                       f["sha256"].get<std::string>(),
                                                       size);
      if (!problem.empty()) {
        report.problems.push_back({"delivered", problem});
      }
    }
    return compared;
  };
  for (const auto& item : manifest.value("configuration_items", ordered_json::array())) {
    check_files(item.value("files", ordered_json::array()));
    coverage.configuration_items.push_back(item.value("name", std::string("?")));
  }
  for (const auto& soup : manifest.value("soup", ordered_json::array())) {
    if (check_files(soup.value("files", ordered_json::array())) > 0) {
      coverage.soup.push_back(soup.value("id", std::string("?")));
    }
  }
  coverage.files = report.delivered_checked;
  coverage.submodules.assign(submodules.begin(), submodules.end());
  return listed;
}

// Returns why the content of the submodule at PATH in the delivered copy under ROOT was not
// checked: git-trail compares a submodule by its commit, which a delivered copy does not
// carry, so its files are never compared; an empty or missing folder is said as such.
std::string submodule_unchecked(int root, const std::string& dir, const std::string& path)
{
  const auto parts = util::split(path, '/');
  const std::string shown = util::sanitize_utf8(path);
  Fd folder;
  if (std::string problem = open_parent(root, dir, parts, shown, folder); !problem.empty()) {
    return shown + " (" + problem + ")";
  }
  const std::string name(parts.back());
  Fd sub(::openat(
      folder.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (sub.get() < 0) {
    return shown +
           (errno == ENOENT ? " (missing from " + dir + ")" : " (not a folder in " + dir + ")");
  }
  const int copy = ::fcntl(sub.get(), F_DUPFD_CLOEXEC, 0);
  DIR* listing = copy < 0 ? nullptr : ::fdopendir(copy);
  if (listing == nullptr) {
    const int error = errno;
    if (copy >= 0) {
      ::close(copy);
    }
    return shown + " (cannot list it in " + dir + ": " + std::strerror(error) + ")";
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view n = entry->d_name;
    if (n != "." && n != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(listing);
  return shown + (empty ? " (an empty folder: the submodule's content is not in " + dir + ")"
                        : " (its files are not compared: a submodule is identified by its "
                          "commit only)");
}

// Reports the files under DIR that a configuration item's globs take in but the manifest does
// not list (LISTED), and records in COVERAGE the files in no item at all (submodule folders
// aside: they are reported as submodules).
void check_unlisted_files(const ordered_json& manifest,
                          const std::set<std::string>& listed,
                          const std::string& dir,
                          VerifyReport& report,
                          DeliveredCoverage& coverage)
{
  namespace fs = std::filesystem;
  std::vector<std::string> globs;
  for (const auto& item : manifest.value("configuration_items", ordered_json::array())) {
    for (const auto& glob : item.value("paths", ordered_json::array())) {
      globs.push_back(glob.get<std::string>());
    }
  }
  std::vector<std::string> added;
  std::error_code ec;
  // Nothing here follows a link: entries are typed by lstat, paths taken lexically.
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) {
      break;
    }
    const std::string path = it->path().lexically_relative(dir).generic_string();
    if (fs::is_directory(status)) {
      if (it->path().filename() == ".git" ||
          std::find(coverage.submodules.begin(), coverage.submodules.end(), path) !=
              coverage.submodules.end()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (listed.count(path) > 0) {
      continue;
    }
    if (std::any_of(globs.begin(), globs.end(), [&](const auto& glob) {
          return util::glob_match(glob, path);
        })) {
      added.push_back(path);
    } else {
      coverage.outside_items.push_back(util::sanitize_utf8(path));
    }
  }
  std::sort(coverage.outside_items.begin(), coverage.outside_items.end());
  if (ec) {
    // Fail closed: a copy that cannot be listed whole may hide files the manifest lacks.
    report.problems.push_back({"delivered",
                               "cannot list " + dir + ": " + ec.message() +
                                   " (files that are not in the manifest may be missed)"});
  }
  std::sort(added.begin(), added.end());
  for (const auto& path : added) {
    report.problems.push_back(
        {"delivered", "not in the manifest, in " + dir + ": " + util::sanitize_utf8(path)});
  }
}

// Step 5, the delivered files: a delivered copy (an unpacked archive, an installed tree) at DIR
// against the files the manifest lists: each must be there with the same SHA-256, and no other
// file may match the globs of a configuration item (IEC 62304 5.8.8: delivery without
// corruption).
void check_delivered(const git::Repository& repo,
                     const ordered_json& manifest,
                     const std::string& dir,
                     VerifyReport& report)
{
  const Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (root.get() < 0) {
    throw UsageError("--dir " + dir + ": not a folder");
  }
  DeliveredCoverage coverage;
  coverage.dir = dir;
  const auto listed = check_listed_files(repo, manifest, root.get(), dir, report, coverage);
  for (const auto& path : coverage.submodules) {
    coverage.unchecked_submodules.push_back(submodule_unchecked(root.get(), dir, path));
  }
  check_unlisted_files(manifest, listed, dir, report, coverage);
  // The release tree's files that no item takes in: the manifest does not describe them, so
  // their delivered copies, if any, are not compared.
  const std::string& commit = report.manifest_commit;
  if (!commit.empty() && repo.has_object(commit)) {
    for (const auto& entry : repo.tree_entries(commit, {})) {
      if (listed.count(entry.path) == 0) {
        coverage.tree_outside_items.push_back(util::sanitize_utf8(entry.path));
      }
    }
  }
  report.delivered = std::move(coverage);
}

// Step 1, reading the tag: an annotated tag whose message holds a manifest. Returns it, or
// nullopt with the problem reported.
std::optional<StoredManifest>
read_tag(const git::TagObject& tag, const VerifyOptions& options, VerifyReport& report)
{
  report.tag = options.tag;
  report.tag_object = tag.id;
  report.target = tag.target;
  if (!tag.annotated) {
    report.problems.push_back({"tag",
                               "'" + options.tag +
                                   "' is a lightweight tag: it carries no manifest; a release "
                                   "tag made by git trail release is annotated"});
    return std::nullopt;
  }
  auto stored = parse_tag_message(tag.message);
  if (!stored) {
    report.problems.push_back(
        {"tag", "the message of tag '" + options.tag + "' holds no git-trail manifest"});
  }
  return stored;
}

// The signature, checked first: it covers the whole tag object.
void check_signature(const git::Repository& repo,
                     const git::TagObject& tag,
                     const StoredManifest& stored,
                     const VerifyOptions& options,
                     VerifyReport& report)
{
  report.is_signed = stored.has_signature;
  if (!stored.has_signature) {
    if (options.require_signature) {
      report.problems.push_back({"signature",
                                 "tag '" + options.tag +
                                     "' is not signed, and the policy requires signed "
                                     "release tags"});
    }
    return;
  }
  const auto check = repo.check_tag_object_signature(tag.id);
  report.signature_ok = check.status == git::SignatureCheck::Status::good;
  report.signature_detail = check.detail;
  if (check.status == git::SignatureCheck::Status::bad) {
    report.problems.push_back({"signature",
                               "the signature of tag '" + options.tag + "' does not verify" +
                                   (check.detail.empty() ? std::string() : ": " + check.detail)});
  } else if (check.status == git::SignatureCheck::Status::cannot_check) {
    // Not known to be bad: a problem only when a verified signature is required.
    report.signature_unchecked = check.why;
    if (options.require_signature) {
      report.problems.push_back({"signature",
                                 "cannot check the signature of tag '" + options.tag +
                                     "': " + check.why + ", and a verified signature is required"});
    }
  }
}

// The approval records the tag names (Release-Approval, written by `release` for the records
// its gate counted): each must be here, valid under the roles of the policy at the tag, and an
// approval of this release's manifest as the tag declares it. One that cannot be confirmed is
// a problem: the tag says more than this repository can show.
void check_tag_approvals(const approvals::Index& index,
                         const StoredManifest& stored,
                         const std::string& version,
                         VerifyReport& report)
{
  const auto records = index.for_release(version);
  for (const auto& named : stored.approvals) {
    const std::string id = named.substr(0, named.find(' '));
    const auto found = std::find_if(
        records.begin(), records.end(), [&](const auto* entry) { return entry->id == id; });
    const std::string subject = "the tag names approval record " + util::short_id(id);
    if (found == records.end()) {
      report.problems.push_back(
          {"approval",
           subject + " (" +
               util::sanitize_utf8(named.substr(std::min(named.size(), id.size() + 1))) +
               "), which is not here as a record of " + version +
               ": fetch refs/trail/approvals/*"});
      report.tag_approvals.push_back(util::sanitize_utf8(named) + ": not here");
      continue;
    }
    const auto& entry = **found;
    std::string why;
    if (entry.verdict.status != approvals::Verdict::Status::valid) {
      why = std::string(approvals::status_name(entry.verdict.status));
    } else if (entry.record.content != "sha256:" + stored.declared_digest) {
      why = "it approves another manifest of " + version;
    } else if (entry.record.meaning != "approved") {
      why = "it is " + entry.record.meaning + ", not approved";
    }
    if (!why.empty()) {
      report.problems.push_back({"approval", subject + ", which does not count here: " + why});
      report.tag_approvals.push_back(util::sanitize_utf8(named) + ": " + why);
    } else {
      report.tag_approvals.push_back(util::sanitize_utf8(named) + ": valid here");
    }
  }
}

// The manifest text against the digest the tag carries.
void check_digest(const StoredManifest& stored, VerifyReport& report)
{
  report.declared_digest = stored.declared_digest;
  report.actual_digest = util::sha256_hex(stored.text);
  if (stored.declared_digest.empty()) {
    report.problems.push_back(
        {"digest", "the tag has no " + std::string(k_digest_trailer) + " trailer"});
  } else if (stored.declared_digest != report.actual_digest) {
    report.problems.push_back({"digest",
                               "the manifest in the tag was edited: its SHA-256 is " +
                                   report.actual_digest + " but the tag says " +
                                   stored.declared_digest});
  }
}

// Step 2, parsing the manifest: the whole of it validated; nullopt with the problem reported.
std::optional<ordered_json> parse_stored(const StoredManifest& stored, VerifyReport& report)
{
  try {
    return parse_manifest_json(stored.text);
  } catch (const UsageError& error) {
    report.problems.push_back({"manifest", error.what()});
    return std::nullopt;
  }
}

// Step 3, comparing the identity: the manifest describes the commit the tag points at.
void check_identity(const ordered_json& manifest,
                    const git::TagObject& tag,
                    const VerifyOptions& options,
                    VerifyReport& report)
{
  const auto revision = manifest.value("revision", ordered_json::object());
  report.manifest_commit = revision.value("commit", std::string());
  if (report.manifest_commit != tag.target) {
    report.problems.push_back(
        {"moved",
         "tag '" + options.tag + "' points at " + tag.target + ", but its manifest describes " +
             (report.manifest_commit.empty() ? "no commit" : report.manifest_commit) +
             ": the tag was moved or its message copied"});
  }
}

// What to recompute the manifest from: the commit the tag points at, with the inputs the
// manifest recorded (its version, its previous release) and the results given.
ManifestOptions recompute_options(const git::Repository& repo,
                                  const ordered_json& manifest,
                                  const git::TagObject& tag,
                                  const VerifyOptions& options,
                                  VerifyReport& report)
{
  ManifestOptions recompute;
  recompute.rev = tag.target;
  const auto product = manifest.value("product", ordered_json::object());
  recompute.version = product.value("version", std::string());
  if (recompute.version == k_unknown) {
    recompute.version.clear();
  }
  const auto previous = manifest.value("previous_release", ordered_json());
  recompute.find_previous = false;
  if (previous.is_object() && previous.contains("commit") && previous["commit"].is_string()) {
    const std::string commit = previous["commit"].get<std::string>();
    if (repo.has_object(commit)) {
      recompute.previous_commit = commit;
      const auto name = previous.value("tag", std::string());
      if (name != k_unknown) {
        recompute.previous_tag = name;
      }
    } else {
      report.problems.push_back({"manifest",
                                 "the previous release " + commit +
                                     " named by the manifest is not in this "
                                     "repository"});
    }
  }
  recompute.results = options.results;
  return recompute;
}

// Step 6, what the verdict rests on besides the problems: the evidence the manifest claims, and
// whether it is compared (only with results given: a claim is not evidence) or accepted.
void weigh_evidence(ordered_json& manifest,
                    ordered_json& fresh,
                    const VerifyOptions& options,
                    VerifyReport& report)
{
  report.evidence_claimed = manifest["verification"]["reports"].size();
  report.evidence_compared = !options.results.empty();
  report.incomplete_accepted = options.allow_incomplete;
  if (options.results.empty()) {
    // Not compared: the verdict says so.
    manifest.erase("verification");
    fresh.erase("verification");
  }
}

// Step 4, comparing the items: the manifest recomputed from the tree and compared field by
// field, with what is not compared left out (the tool, evidence without results, the revision
// of a moved tag).
void compare_items(ordered_json& manifest,
                   const Manifest& fresh_manifest,
                   const git::TagObject& tag,
                   const VerifyOptions& options,
                   VerifyReport& report)
{
  ordered_json fresh = manifest_to_json(fresh_manifest);
  for (const auto& item : fresh_manifest.items) {
    report.files_checked += item.files.size();
  }
  for (const auto& soup : fresh_manifest.soup) {
    report.files_checked += soup.files.size();
  }
  // A different git-trail may describe the same tree differently: say so, do not fail.
  if (manifest.contains("tool") && manifest["tool"] != fresh["tool"]) {
    report.notes.push_back("made by git-trail " +
                           manifest["tool"].value("version", std::string("?")) +
                           ", checked by git-trail " + fresh_manifest.tool_version);
  }
  manifest.erase("tool");
  fresh.erase("tool");
  weigh_evidence(manifest, fresh, options, report);
  if (report.manifest_commit != tag.target) {
    // Already reported as a moved tag; the file differences below say what moved.
    manifest.erase("revision");
    fresh.erase("revision");
  }
  Differ(report.problems).compare(manifest, fresh, "manifest");
}

} // namespace

VerifyReport verify_release(const git::Repository& repo,
                            const workspace::MessageSettings& settings,
                            const VerifyOptions& options)
{
  const auto tag = repo.find_tag(options.tag);
  if (!tag) {
    throw UsageError("no tag named '" + options.tag + "' (git tag --list shows the tags)");
  }
  return verify_tag(repo, settings, *tag, options);
}

VerifyReport verify_tag(const git::Repository& repo,
                        const workspace::MessageSettings& settings,
                        const git::TagObject& tag,
                        const VerifyOptions& options)
{
  VerifyReport report;
  const auto stored = read_tag(tag, options, report);
  if (!stored) {
    return report;
  }
  check_signature(repo, tag, *stored, options, report);
  check_digest(*stored, report);
  auto manifest = parse_stored(*stored, report);
  if (!manifest) {
    return report;
  }
  check_identity(*manifest, tag, options, report);
  const auto recompute = recompute_options(repo, *manifest, tag, options, report);
  const policy::Policy policy = workspace::load_policy_at(repo, tag.target, options.policy);
  const Manifest fresh = build_manifest(repo, policy, settings, recompute);
  compare_items(*manifest, fresh, tag, options, report);
  // The release's signed approvals, of the manifest the tag carries as it declares it.
  report.approvals_required = !policy.release.approvals.empty();
  const bool named = !stored->approvals.empty();
  if (report.approvals_required || !stored->declared_digest.empty() || named) {
    const auto index = approvals::Index::load(repo, policy);
    if (report.approvals_required || !stored->declared_digest.empty()) {
      const auto found = release_approvals(index, policy, options.tag, stored->declared_digest);
      report.approvals = found.records;
      if (report.approvals_required) {
        for (const auto& missing : found.missing) {
          report.problems.push_back({"approval", missing});
        }
      }
    }
    check_tag_approvals(index, *stored, options.tag, report);
  }
  // Step 5: the delivered files, when a delivered copy is given.
  if (options.delivered) {
    report.submodules_accepted = options.allow_unchecked_submodules;
    check_delivered(repo, *manifest, *options.delivered, report);
  }
  return report;
}

std::optional<TagManifest> read_tag_manifest(const git::Repository& repo,
                                             const workspace::MessageSettings& settings,
                                             const git::TagObject& tag,
                                             const VerifyOptions& options)
{
  auto stored = tag.annotated ? parse_tag_message(tag.message) : std::nullopt;
  if (!stored) {
    return std::nullopt;
  }
  TagManifest out;
  out.text = stored->text;
  out.report = verify_tag(repo, settings, tag, options);
  if (out.report.passed()) {
    out.manifest = manifest_from_json(parse_manifest_json(out.text));
  }
  return out;
}

} // namespace trail::release
