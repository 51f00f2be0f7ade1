#include "core/soup/component.hpp"

#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace trail::soup {
namespace {

// Percent-encodes what the purl spec does not allow unencoded in a segment.
std::string encode(std::string_view text, bool keep_slash)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '.' || c == '-' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 0xF];
    }
  }
  return out;
}

} // namespace

bool is_commit_id(std::string_view text)
{
  return (text.size() == 40 || text.size() == 64) &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

std::string make_purl(std::string_view type,
                      std::string_view namespace_,
                      std::string_view name,
                      std::string_view version)
{
  if (type.empty() || name.empty()) {
    return {};
  }
  std::string out = "pkg:" + util::to_lower(type) + "/";
  if (!namespace_.empty()) {
    out += encode(namespace_, true) + "/";
  }
  out += encode(name, false);
  if (!version.empty()) {
    out += "@" + encode(version, false);
  }
  return out;
}

std::string purl_base(std::string_view purl)
{
  auto end = purl.find_first_of("?#");
  std::string_view base = purl.substr(0, end);
  // The version follows the last '@' of the last segment ('@' in a namespace is encoded).
  if (const auto slash = base.rfind('/'); slash != std::string_view::npos) {
    if (const auto at = base.find('@', slash); at != std::string_view::npos) {
      base = base.substr(0, at);
    }
  }
  // The type is case-insensitive everywhere; so are the names of these types (the spec).
  std::string out(base);
  const auto colon = out.find(':');
  const auto slash = out.find('/', colon == std::string::npos ? 0 : colon);
  if (colon == std::string::npos || slash == std::string::npos) {
    return util::to_lower(out);
  }
  const std::string type = util::to_lower(out.substr(colon + 1, slash - colon - 1));
  static constexpr std::string_view k_folded[] = {
      "github", "bitbucket", "pypi", "golang", "npm", "generic", "conan", "vcpkg"};
  bool fold = false;
  for (const auto t : k_folded) {
    fold = fold || t == type;
  }
  return "pkg:" + type + (fold ? util::to_lower(out.substr(slash)) : out.substr(slash));
}

} // namespace trail::soup

namespace trail::soup {

std::string purl_of_url(std::string_view url, std::string_view version)
{
  if (url.empty()) {
    return {};
  }
  // host and path of https://host/path, ssh://git@host/path and git@host:path.
  static const re2::RE2 k_url(R"((?:[a-z+]+://)?(?:[^@/]+@)?([^/:]+)[:/](.+?)(?:\.git)?/?)");
  std::string host;
  std::string path;
  if (re2::RE2::FullMatch(url, k_url, &host, &path)) {
    host = util::to_lower(host);
    static constexpr std::pair<std::string_view, std::string_view> k_hosts[] = {
        {"github.com", "github"}, {"gitlab.com", "gitlab"}, {"bitbucket.org", "bitbucket"}};
    for (const auto& [name, type] : k_hosts) {
      const auto slash = path.rfind('/');
      if (host == name && slash != std::string::npos) {
        return make_purl(type, path.substr(0, slash), path.substr(slash + 1), version);
      }
    }
  }
  std::string_view name = url;
  while (!name.empty() && name.back() == '/') {
    name.remove_suffix(1);
  }
  name = name.substr(name.find_last_of("/:") + 1);
  if (name.ends_with(".git")) {
    name.remove_suffix(4);
  }
  return make_purl("generic", "", name.empty() ? url : name, version) +
         "?vcs_url=" + encode(url, true);
}

} // namespace trail::soup
