// CMake: FetchContent_Declare, ExternalProject_Add and CPMAddPackage (docs/soup.md, "C and C++
// sources"). A small reader of CMake's own syntax: commands, quoted, bracket and unquoted
// arguments, line and bracket comments; `${VAR}` from literal set() calls earlier in the file.

#include "core/soup/cpp_common.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace trail::soup {
namespace {

struct Argument
{
  std::string text;
  bool quoted = false; // quoted or bracket argument: never a keyword, never split at ';'
};

struct Call
{
  std::string name;    // lower-cased
  std::string written; // as written
  int line = 0;
  std::vector<Argument> args;
};

// Reads the commands of a CMake file. Stops at the first syntax error, reported as a problem.
class Reader
{
public:
  Reader(const ManifestFile& file, Problems& problems)
      : file_(file), text_(file.content), lines_(text_), problems_(problems)
  {
  }

  std::vector<Call> calls()
  {
    std::vector<Call> out;
    while (true) {
      if (!skip_space_and_comments(true)) {
        return out;
      }
      if (pos_ >= text_.size()) {
        return out;
      }
      const char c = text_[pos_];
      if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_')) {
        fail(lines_.at(pos_), std::string("unexpected '") + c + "' where a command was expected");
        return out;
      }
      Call call;
      call.line = lines_.at(pos_);
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        call.written += text_[pos_];
        call.name += static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
        ++pos_;
      }
      while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
        ++pos_;
      }
      if (pos_ >= text_.size() || text_[pos_] != '(') {
        fail(call.line, "command " + call.written + " without '('");
        return out;
      }
      ++pos_;
      if (!arguments(call)) {
        return out;
      }
      out.push_back(std::move(call));
    }
  }

private:
  void fail(int line, const std::string& what)
  {
    cpp::problem(problems_, file_, line, what);
  }

  // Length of the opening of a bracket ("[[", "[=[", ...) at POS, or 0.
  size_t bracket_open(size_t at, size_t& equals) const
  {
    if (at >= text_.size() || text_[at] != '[') {
      return 0;
    }
    size_t i = at + 1;
    while (i < text_.size() && text_[i] == '=') {
      ++i;
    }
    if (i < text_.size() && text_[i] == '[') {
      equals = i - at - 1;
      return i + 1 - at;
    }
    return 0;
  }

  // Reads a bracket body after its opening; false when it never closes.
  bool bracket_body(size_t equals, int line, std::string* body)
  {
    const std::string close = "]" + std::string(equals, '=') + "]";
    const auto end = text_.find(close, pos_);
    if (end == std::string_view::npos) {
      fail(line, "unterminated bracket");
      return false;
    }
    if (body) {
      size_t from = pos_;
      if (from < text_.size() && text_[from] == '\n') {
        ++from; // a newline right after the opening is not part of the argument
      }
      *body = std::string(text_.substr(from, end - from));
    }
    pos_ = end + close.size();
    return true;
  }

  // Skips blanks (newlines too when NEWLINES) and comments; false on an unterminated one.
  bool skip_space_and_comments(bool newlines)
  {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
        ++pos_;
      } else if (c == '#') {
        const int line = lines_.at(pos_);
        size_t equals = 0;
        if (const auto open = bracket_open(pos_ + 1, equals)) {
          pos_ += 1 + open;
          if (!bracket_body(equals, line, nullptr)) {
            return false;
          }
        } else {
          const auto end = text_.find('\n', pos_);
          pos_ = end == std::string_view::npos ? text_.size() : end;
        }
      } else {
        return true;
      }
    }
    return true;
  }

  bool arguments(Call& call)
  {
    int depth = 0; // nested unquoted parentheses
    while (true) {
      if (!skip_space_and_comments(true)) {
        return false;
      }
      if (pos_ >= text_.size()) {
        fail(call.line, "unterminated call to " + call.written + " (no closing ')')");
        return false;
      }
      const char c = text_[pos_];
      const int line = lines_.at(pos_);
      size_t equals = 0;
      if (c == ')') {
        ++pos_;
        if (depth == 0) {
          return true;
        }
        --depth;
        call.args.push_back({")", false});
      } else if (c == '(') {
        ++pos_;
        ++depth;
        call.args.push_back({"(", false});
      } else if (c == '"') {
        ++pos_;
        Argument arg{{}, true};
        while (true) {
          if (pos_ >= text_.size()) {
            fail(line, "unterminated quoted argument");
            return false;
          }
          const char q = text_[pos_++];
          if (q == '"') {
            break;
          }
          if (q == '\\' && pos_ < text_.size()) {
            const char e = text_[pos_++];
            if (e == 'n') {
              arg.text += '\n';
            } else if (e == 't') {
              arg.text += '\t';
            } else if (e == '\n') {
              // a line continuation
            } else {
              arg.text += e;
            }
          } else {
            arg.text += q;
          }
        }
        call.args.push_back(std::move(arg));
      } else if (const auto open = bracket_open(pos_, equals)) {
        pos_ += open;
        Argument arg{{}, true};
        if (!bracket_body(equals, line, &arg.text)) {
          return false;
        }
        call.args.push_back(std::move(arg));
      } else {
        Argument arg;
        while (pos_ < text_.size()) {
          const char u = text_[pos_];
          if (u == ' ' || u == '\t' || u == '\r' || u == '\n' || u == '(' || u == ')') {
            break;
          }
          if (u == '\\' && pos_ + 1 < text_.size()) {
            arg.text += text_[pos_ + 1];
            pos_ += 2;
            continue;
          }
          if (u == '"') {
            // a legacy quoted part inside an unquoted argument: keep it as written
            const auto end = text_.find('"', pos_ + 1);
            if (end == std::string_view::npos) {
              fail(line, "unterminated quoted argument");
              return false;
            }
            arg.text += std::string(text_.substr(pos_ + 1, end - pos_ - 1));
            pos_ = end + 1;
            continue;
          }
          arg.text += u;
          ++pos_;
        }
        call.args.push_back(std::move(arg));
      }
    }
  }

  const ManifestFile& file_;
  std::string_view text_;
  cpp::LineCounter lines_; // after text_, which it reads
  Problems& problems_;
  size_t pos_ = 0;
};

// A value with its `${VAR}` references resolved; `known` is false when one could not be.
struct Value
{
  std::string text;
  bool known = true;
};

using Variables = std::map<std::string, std::optional<std::string>>;

Value expand(const std::string& text, const Variables& variables)
{
  Value out;
  size_t i = 0;
  while (i < text.size()) {
    const auto start = text.find("${", i);
    if (start == std::string::npos) {
      out.text += text.substr(i);
      break;
    }
    out.text += text.substr(i, start - i);
    // innermost first is not needed for literal values: a reference ends at the first '}'
    const auto end = text.find('}', start + 2);
    if (end == std::string::npos) {
      out.text += text.substr(start);
      out.known = false;
      break;
    }
    const auto name = text.substr(start + 2, end - start - 2);
    const auto found = variables.find(name);
    if (found != variables.end() && found->second && name.find("${") == std::string::npos) {
      out.text += *found->second;
    } else {
      out.text += text.substr(start, end - start + 1);
      out.known = false;
    }
    i = end + 1;
  }
  if (out.text.find("$ENV{") != std::string::npos ||
      out.text.find("$CACHE{") != std::string::npos) {
    out.known = false;
  }
  return out;
}

const std::set<std::string> k_keywords = {
    // FetchContent_Declare / ExternalProject_Add
    "GIT_REPOSITORY",
    "GIT_TAG",
    "GIT_SHALLOW",
    "GIT_PROGRESS",
    "GIT_SUBMODULES",
    "GIT_REMOTE_NAME",
    "GIT_CONFIG",
    "GIT_REMOTE_UPDATE_STRATEGY",
    "URL",
    "URL_HASH",
    "URL_MD5",
    "DOWNLOAD_NAME",
    "DOWNLOAD_NO_EXTRACT",
    "DOWNLOAD_EXTRACT_TIMESTAMP",
    "DOWNLOAD_COMMAND",
    "DOWNLOAD_DIR",
    "SVN_REPOSITORY",
    "SVN_REVISION",
    "HG_REPOSITORY",
    "HG_TAG",
    "CVS_REPOSITORY",
    "SOURCE_DIR",
    "BINARY_DIR",
    "SOURCE_SUBDIR",
    "PREFIX",
    "TMP_DIR",
    "STAMP_DIR",
    "INSTALL_DIR",
    "LOG_DIR",
    "PATCH_COMMAND",
    "UPDATE_COMMAND",
    "CONFIGURE_COMMAND",
    "BUILD_COMMAND",
    "INSTALL_COMMAND",
    "TEST_COMMAND",
    "CMAKE_ARGS",
    "CMAKE_CACHE_ARGS",
    "CMAKE_CACHE_DEFAULT_ARGS",
    "DEPENDS",
    "EXCLUDE_FROM_ALL",
    "SYSTEM",
    "OVERRIDE_FIND_PACKAGE",
    "FIND_PACKAGE_ARGS",
    "BUILD_BYPRODUCTS",
    "LOG_DOWNLOAD",
    "LOG_CONFIGURE",
    "LOG_BUILD",
    "LOG_INSTALL",
    "TLS_VERIFY",
    "TIMEOUT",
    "UPDATE_DISCONNECTED",
    "BUILD_IN_SOURCE",
    "BUILD_ALWAYS",
    "STEP_TARGETS",
    "HTTP_USERNAME",
    "HTTP_PASSWORD",
    "HTTP_HEADER",
    "NETRC",
    "NETRC_FILE",
    "INACTIVITY_TIMEOUT",
    "LIST_SEPARATOR",
    "USES_TERMINAL_DOWNLOAD",
    "CMAKE_GENERATOR",
    "CMAKE_COMMAND",
    "INDEPENDENT_STEP_TARGETS",
    // CPMAddPackage
    "NAME",
    "VERSION",
    "GITHUB_REPOSITORY",
    "GITLAB_REPOSITORY",
    "BITBUCKET_REPOSITORY",
    "OPTIONS",
    "DOWNLOAD_ONLY",
    "FORCE",
    "PATCHES",
    "CUSTOM_CACHE_KEY",
    "NO_CACHE"};

// The value after each keyword of ARGS (from FIRST on): one argument, or all of them up to the
// next keyword joined with ';' for the list keywords (URL may list mirrors: the first counts).
std::map<std::string, Value>
keyword_values(const std::vector<Argument>& args, size_t first, const Variables& variables)
{
  std::map<std::string, Value> out;
  std::string current;
  for (size_t i = first; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (!arg.quoted && k_keywords.count(arg.text) > 0) {
      current = arg.text;
      out.emplace(current, Value{{}, true});
      continue;
    }
    if (current.empty()) {
      continue;
    }
    auto& value = out[current];
    if (!value.text.empty()) {
      continue; // the first value counts (URL mirrors, list keywords)
    }
    const auto v = expand(arg.text, variables);
    value.text = v.text;
    value.known = value.known && v.known;
  }
  return out;
}

// "SHA256=HEX" -> "sha256:hex"; empty when not of that form.
std::string digest_of_hash(const std::string& hash)
{
  const auto eq = hash.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == hash.size()) {
    return {};
  }
  return util::to_lower(hash.substr(0, eq)) + ":" + util::to_lower(hash.substr(eq + 1));
}

struct Found
{
  std::string name;
  bool name_known = true;
  std::map<std::string, Value> keys;
  std::string version; // CPM: VERSION or the short form's version
  bool version_known = true;
};

void add_component(const Found& found,
                   const Call& call,
                   const ManifestFile& file,
                   std::vector<Component>& out,
                   Problems& problems)
{
  Component c;
  c.ecosystem = "cmake";
  c.name = found.name;
  c.where = {file.path, call.line, 0};
  c.mutable_pin = !found.name_known;
  const auto get = [&](const char* key) -> const Value* {
    const auto it = found.keys.find(key);
    return it == found.keys.end() ? nullptr : &it->second;
  };
  if (const auto* repository = get("GIT_REPOSITORY"); repository && !repository->text.empty()) {
    const auto* tag = get("GIT_TAG");
    c.url = repository->text;
    // CPM's VERSION is the version (its tag defaults to v<VERSION>); else the tag itself.
    c.version = !found.version.empty() ? found.version : tag ? tag->text : std::string();
    const bool known = repository->known && (tag == nullptr || tag->known) && found.version_known;
    const std::string ref = tag && !tag->text.empty() ? tag->text : c.version;
    c.mutable_pin = c.mutable_pin || !known || cpp::ref_can_move(ref);
    if (known && is_commit_id(ref)) {
      c.digest = util::to_lower(ref);
    }
    c.purl = known ? purl_of_url(c.url, c.version) : std::string();
  } else if (const auto* url = get("URL"); url && !url->text.empty()) {
    c.url = url->text;
    c.version = found.version.empty() ? cpp::version_of_archive(c.url) : found.version;
    const auto* hash = get("URL_HASH");
    const auto* md5 = get("URL_MD5");
    bool known = url->known && found.version_known;
    if (hash && !hash->text.empty()) {
      c.digest = hash->known ? digest_of_hash(hash->text) : std::string();
      if (c.digest.empty()) {
        known = false;
        if (hash->known) {
          cpp::problem(problems, file, call.line, "URL_HASH '" + hash->text + "' is not ALGO=HEX");
        }
      }
    } else if (md5 && !md5->text.empty() && md5->known) {
      c.digest = "md5:" + util::to_lower(md5->text);
    }
    // Nothing fixes what a URL serves unless a hash does.
    c.mutable_pin = c.mutable_pin || !known || c.digest.empty() || c.version.empty();
    if (known) {
      c.purl = make_purl("generic", "", c.name, c.version) +
               "?download_url=" + make_purl("x", "", c.url, "").substr(6);
    }
  } else if (get("SOURCE_DIR") != nullptr && get("DOWNLOAD_COMMAND") == nullptr &&
             get("SVN_REPOSITORY") == nullptr && get("HG_REPOSITORY") == nullptr) {
    return; // content already in the tree (a vendored directory or a submodule)
  } else {
    c.mutable_pin = true; // fetched some way this reader does not know (SVN, a command)
  }
  out.push_back(std::move(c));
}

void declare(const Call& call,
             const Variables& variables,
             const ManifestFile& file,
             std::vector<Component>& out,
             Problems& problems)
{
  if (call.args.empty()) {
    cpp::problem(problems, file, call.line, call.written + " without a name");
    return;
  }
  Found found;
  const auto name = expand(call.args.front().text, variables);
  found.name = name.text;
  found.name_known = name.known;
  found.keys = keyword_values(call.args, 1, variables);
  add_component(found, call, file, out, problems);
}

// CPMAddPackage("gh:owner/repo@1.2.3#tag"), CPMAddPackage(NAME x VERSION y GITHUB_REPOSITORY o/r).
void cpm(const Call& call,
         const Variables& variables,
         const ManifestFile& file,
         std::vector<Component>& out,
         Problems& problems)
{
  if (call.args.empty()) {
    cpp::problem(problems, file, call.line, "CPMAddPackage without arguments");
    return;
  }
  Found found;
  const bool uri =
      call.args.size() > 1 && !call.args.front().quoted && call.args.front().text == "URI";
  if (call.args.size() == 1 || uri) {
    // the short form: [gh:|gl:|bb:]owner/repo[@version][#tag], or a URL
    const auto value = expand(call.args[uri ? 1 : 0].text, variables);
    std::string spec = value.text;
    std::string tag;
    if (const auto hash = spec.rfind('#'); hash != std::string::npos) {
      tag = spec.substr(hash + 1);
      spec = spec.substr(0, hash);
    }
    std::string version;
    const auto last_slash = spec.rfind('/');
    if (const auto at = spec.rfind('@');
        at != std::string::npos && (last_slash == std::string::npos || at > last_slash)) {
      version = spec.substr(at + 1);
      spec = spec.substr(0, at);
    }
    static const std::pair<std::string_view, std::string_view> k_hosts[] = {
        {"gh:", "https://github.com/"},
        {"gl:", "https://gitlab.com/"},
        {"bb:", "https://bitbucket.org/"}};
    std::string repository;
    for (const auto& [prefix, base] : k_hosts) {
      if (spec.starts_with(prefix)) {
        repository = std::string(base) + spec.substr(prefix.size());
      }
    }
    if (repository.empty() && spec.find("://") != std::string::npos) {
      repository = spec;
    }
    if (repository.empty()) {
      cpp::problem(problems,
                   file,
                   call.line,
                   "CPMAddPackage argument '" + value.text +
                       "' is not [gh:|gl:|bb:]OWNER/REPO[@VERSION][#TAG] or a URL");
      return;
    }
    auto name = repository;
    while (!name.empty() && name.back() == '/') {
      name.pop_back();
    }
    name = name.substr(name.find_last_of('/') + 1);
    if (name.ends_with(".git")) {
      name.resize(name.size() - 4);
    }
    found.keys = keyword_values(call.args, uri ? 2 : 1, variables);
    found.name = name;
    found.name_known = value.known;
    if (const auto it = found.keys.find("NAME"); it != found.keys.end()) {
      found.name = it->second.text;
      found.name_known = it->second.known;
    }
    found.version = version;
    found.version_known = value.known;
    if (!cpp::version_of_archive(repository).empty()) {
      found.keys["URL"] = {repository, value.known};
    } else {
      found.keys["GIT_REPOSITORY"] = {repository, value.known};
      found.keys["GIT_TAG"] = {tag.empty() ? (version.empty() ? "" : "v" + version) : tag,
                               value.known};
    }
    add_component(found, call, file, out, problems);
    return;
  }
  found.keys = keyword_values(call.args, 0, variables);
  const auto take = [&](const char* key) -> Value {
    const auto it = found.keys.find(key);
    return it == found.keys.end() ? Value{{}, true} : it->second;
  };
  const auto name = take("NAME");
  const auto version = take("VERSION");
  found.version = version.text;
  found.version_known = version.known;
  static const std::pair<const char*, const char*> k_hosted[] = {
      {"GITHUB_REPOSITORY", "https://github.com/"},
      {"GITLAB_REPOSITORY", "https://gitlab.com/"},
      {"BITBUCKET_REPOSITORY", "https://bitbucket.org/"}};
  for (const auto& [key, base] : k_hosted) {
    if (const auto repo = take(key); !repo.text.empty()) {
      found.keys["GIT_REPOSITORY"] = {base + repo.text, repo.known};
    }
  }
  if (const auto tag = take("GIT_TAG"); tag.text.empty() && !version.text.empty()) {
    found.keys["GIT_TAG"] = {"v" + version.text, version.known};
  }
  found.name = name.text;
  found.name_known = name.known;
  if (found.name.empty()) {
    if (const auto repo = take("GIT_REPOSITORY"); !repo.text.empty()) {
      found.name = repo.text.substr(repo.text.find_last_of('/') + 1);
      if (found.name.ends_with(".git")) {
        found.name.resize(found.name.size() - 4);
      }
    } else {
      cpp::problem(problems, file, call.line, "CPMAddPackage without NAME or repository");
      return;
    }
  }
  add_component(found, call, file, out, problems);
}

// A declaration inside a function or macro whose name (the first argument, or CPM's NAME) is
// a reference, or that passes the helper's arguments on (${ARGN}, ${ARGV...}).
bool helper_template(const Call& call)
{
  for (size_t i = 0; i < call.args.size(); ++i) {
    const auto& text = call.args[i].text;
    const bool name = i == 0 || (i == 1 && call.args[0].text == "NAME");
    if ((name && text.find("${") != std::string::npos) ||
        text.find("${ARGN}") != std::string::npos || text.find("${ARGV") != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

void parse_cmake(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  Reader reader(file, problems);
  const auto calls = reader.calls();
  Variables variables;
  int depth = 0;     // inside if/foreach/while/function/macro: a set() there is conditional
  int in_helper = 0; // inside function/macro
  static const std::set<std::string> k_open = {
      "if", "foreach", "while", "function", "macro", "block"};
  static const std::set<std::string> k_close = {
      "endif", "endforeach", "endwhile", "endfunction", "endmacro", "endblock"};
  for (const auto& call : calls) {
    if (k_open.count(call.name) > 0) {
      ++depth;
      in_helper += call.name == "function" || call.name == "macro" ? 1 : 0;
    } else if (k_close.count(call.name) > 0) {
      depth = depth > 0 ? depth - 1 : 0;
      in_helper -= (call.name == "endfunction" || call.name == "endmacro") && in_helper > 0 ? 1 : 0;
    } else if (call.name == "set" || call.name == "unset") {
      if (call.args.empty()) {
        continue;
      }
      const auto name = call.args.front().text;
      if (call.name == "unset" || depth > 0 || call.args.size() == 1) {
        variables[name] = std::nullopt; // unknown from here on
        continue;
      }
      std::vector<std::string> values;
      bool known = true;
      for (size_t i = 1; i < call.args.size(); ++i) {
        const auto& arg = call.args[i];
        if (!arg.quoted && (arg.text == "CACHE" || arg.text == "PARENT_SCOPE")) {
          // A cache variable can be set from the command line: taken as unknown.
          known = known && arg.text == "PARENT_SCOPE";
          break;
        }
        const auto v = expand(arg.text, variables);
        known = known && v.known;
        values.push_back(v.text);
      }
      variables[name] = known ? std::optional<std::string>(util::join(values, ";")) : std::nullopt;
    } else if (in_helper > 0 && helper_template(call)) {
      // Inside a function or macro, a declaration of `${PARAMETER}` is a helper's template
      // (CPM.cmake's own): what its callers pass is not followed.
      continue;
    } else if (call.name == "fetchcontent_declare" || call.name == "externalproject_add") {
      declare(call, variables, file, out, problems);
    } else if (call.name == "cpmaddpackage") {
      cpm(call, variables, file, out, problems);
    }
  }
}

} // namespace trail::soup
