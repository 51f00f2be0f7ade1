// Vendored directories (docs/soup.md, "C and C++ sources"): a directory matching a
// [soup] vendored glob that holds a licence file or a version header.

#include "core/soup/vendored.hpp"

#include "core/soup/cpp_common.hpp"
#include "core/util/digest.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace trail::soup {
namespace {

// Headers whose macro gives the version of a well-known library: the header's path ends with
// `header` (after a '/'), the macro is `#define MACRO "VERSION"`.
struct KnownHeader
{
  std::string_view header;
  std::string_view macro;
};
constexpr KnownHeader k_known[] = {
    {"zlib.h", "ZLIB_VERSION"},
    {"mbedtls/build_info.h", "MBEDTLS_VERSION_STRING"},
    {"mbedtls/version.h", "MBEDTLS_VERSION_STRING"},
    {"sqlite3.h", "SQLITE_VERSION"},
    {"lz4.h", "LZ4_VERSION_STRING"},
    {"FreeRTOS.h", "tskKERNEL_VERSION_NUMBER"},
    {"task.h", "tskKERNEL_VERSION_NUMBER"},
};

std::string_view last_segment(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_licence(std::string_view name)
{
  const auto l = util::to_lower(name);
  return l.starts_with("license") || l.starts_with("licence") || l.starts_with("copying");
}

// What a header says: the macro's value and its line, or nothing.
struct Version
{
  std::string value;
  int line = 0;
};

std::optional<Version> define_in(std::string_view text, const re2::RE2& pattern)
{
  int number = 0;
  for (auto line : util::split_lines(text)) {
    ++number;
    std::string value;
    if (re2::RE2::PartialMatch(line, pattern, &value)) {
      return Version{value, number};
    }
  }
  return std::nullopt;
}

// The version a known header (first) or a generic one (`#define X_VERSION(_STRING)? "1.2.3"` in
// version.h, *_version.h or DIRNAME.h) of the directory gives, and where.
struct Found
{
  std::string header;
  Version version;
  int rank = 3; // 0 known header, 1 generic header; lower wins
};

} // namespace

std::vector<std::string> find_vendored(const git::Repository& repo,
                                       const std::vector<git::TreeEntry>& entries,
                                       const policy::Soup& settings,
                                       std::vector<Component>& out,
                                       Problems& problems)
{
  (void)problems; // nothing here is unreadable: what is not identified is listed by its folder
  // The directories the globs match, in path order.
  std::set<std::string> candidates;
  for (const auto& entry : entries) {
    for (auto slash = entry.path.find('/'); slash != std::string::npos;
         slash = entry.path.find('/', slash + 1)) {
      const std::string_view dir = std::string_view(entry.path).substr(0, slash);
      if (candidates.count(std::string(dir)) > 0) {
        continue;
      }
      for (const auto& glob : settings.vendored) {
        if (util::glob_match(glob, dir)) {
          candidates.emplace(dir);
          break;
        }
      }
    }
  }
  std::vector<std::string> found_dirs;
  std::vector<std::string> unrecognised; // neither a licence nor a version header
  for (const auto& dir : candidates) {
    const std::string prefix = dir + "/";
    if (std::any_of(found_dirs.begin(), found_dirs.end(), [&](const std::string& d) {
          return dir.starts_with(d + "/");
        })) {
      continue; // inside a vendored directory already found
    }
    const auto first = std::lower_bound(
        entries.begin(), entries.end(), prefix, [](const git::TreeEntry& e, const std::string& p) {
          return e.path < p;
        });
    std::string licence;
    Found best;
    util::Sha256 listing;
    const auto dir_name = last_segment(dir);
    for (auto it = first; it != entries.end() && it->path.starts_with(prefix); ++it) {
      const auto& entry = *it;
      if (entry.type == git::TreeEntry::Type::gitlink) {
        listing.update(entry.id + "  " + entry.path + "\n");
        continue;
      }
      const auto content = repo.read_blob(entry.id);
      listing.update(util::sha256_hex(content) + "  " + entry.path + "\n");
      const std::string_view relative = std::string_view(entry.path).substr(prefix.size());
      const auto name = last_segment(relative);
      if (relative.find('/') == std::string_view::npos && licence.empty() && is_licence(name)) {
        licence = entry.path;
      }
      if (entry.type != git::TreeEntry::Type::file || best.rank == 0) {
        continue;
      }
      for (const auto& known : k_known) {
        const bool match =
            relative == known.header || relative.ends_with("/" + std::string(known.header));
        if (!match) {
          continue;
        }
        const re2::RE2 pattern("^\\s*#\\s*define\\s+" + std::string(known.macro) +
                               "\\s+\"[vV]?([0-9][^\"]*)\"");
        if (const auto v = define_in(content, pattern)) {
          best = {entry.path, *v, 0};
          break;
        }
      }
      const auto lname = util::to_lower(name);
      const bool generic_name = lname == "version.h" || lname.ends_with("_version.h") ||
                                lname == util::to_lower(dir_name) + ".h";
      if (best.rank > 1 && generic_name) {
        static const re2::RE2 k_generic(
            R"re(^\s*#\s*define\s+[A-Za-z0-9_]*_VERSION(?:_STRING)?\s+"v?(\d+(?:\.\d+)+[^"]*)")re");
        if (const auto v = define_in(content, k_generic)) {
          best = {entry.path, *v, 1};
        }
      }
    }
    if (licence.empty() && best.rank > 1) {
      unrecognised.push_back(dir);
      continue;
    }
    Component c;
    c.ecosystem = "vendored";
    c.name = std::string(dir_name);
    c.version = best.rank <= 1 ? best.version.value : std::string();
    c.path = dir;
    c.digest = "sha256:" + listing.hex();
    c.where = best.rank <= 1 ? config::Location{best.header, best.version.line, 0}
                             : config::Location{licence, 0, 0};
    c.purl = make_purl("generic", "", c.name, c.version);
    out.push_back(std::move(c));
    found_dirs.push_back(dir);
  }
  // A directory the globs name that nothing identifies is still vendored code: it is listed
  // by its folder, without a version, so a SOUP record must cover it (or [soup] ignore must
  // say it is not third-party code); never skipped in silence. Only the topmost such
  // directory, and only when it holds a file outside every component found: a folder that
  // only groups recognised libraries, or submodules, is no component of its own.
  const auto recognised = found_dirs.size();
  for (const auto& dir : unrecognised) {
    const auto inside = [&dir](const std::string& d) {
      return dir.starts_with(d + "/");
    };
    if (std::any_of(found_dirs.begin(), found_dirs.end(), inside)) {
      continue;
    }
    const std::string prefix = dir + "/";
    const auto first = std::lower_bound(
        entries.begin(), entries.end(), prefix, [](const git::TreeEntry& e, const std::string& p) {
          return e.path < p;
        });
    bool loose = false;
    util::Sha256 listing;
    for (auto it = first; it != entries.end() && it->path.starts_with(prefix); ++it) {
      if (it->type == git::TreeEntry::Type::gitlink) {
        listing.update(it->id + "  " + it->path + "\n");
        continue;
      }
      listing.update(util::sha256_hex(repo.read_blob(it->id)) + "  " + it->path + "\n");
      loose = loose ||
              std::none_of(found_dirs.begin(),
                           found_dirs.begin() + static_cast<std::ptrdiff_t>(recognised),
                           [&](const std::string& d) { return it->path.starts_with(d + "/"); });
    }
    if (!loose) {
      continue;
    }
    Component c;
    c.ecosystem = "vendored";
    c.name = std::string(last_segment(dir));
    c.path = dir;
    c.digest = "sha256:" + listing.hex();
    c.where = {prefix, 0, 0}; // the folder itself: no file names what it is
    c.purl = make_purl("generic", "", c.name, "");
    out.push_back(std::move(c));
    found_dirs.push_back(dir);
  }
  return found_dirs;
}

} // namespace trail::soup
