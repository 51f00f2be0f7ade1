// `git trail version`: this git-trail, how it was built, and the libraries in it.

#include "cli/command.hpp"
#include "core/git/version.hpp"
#include "core/util/build_info.hpp"
#include "core/util/error.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace trail::cli {

Handler setup_version(CLI::App& sub, const GlobalOptions&)
{
  auto format = std::make_shared<std::string>("text");
  sub.add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub.footer("Prints git-trail's version, how the binary was built (compiler, build type, static\n"
             "or shared dependencies, sanitizers) and the version of each library in it, for a\n"
             "problem report or an audit of the tools (IEC 62304 8.1.2 asks which versions of\n"
             "the tools were used).");
  return [format](workspace::Context&) {
    auto libraries = util::library_versions();
    libraries.insert(libraries.begin(), {"CLI11", CLI11_VERSION});
    libraries.insert(libraries.begin(), {"libgit2", git::libgit2_version()});
    if (*format == "json") {
      nlohmann::ordered_json doc;
      doc["version"] = TRAIL_VERSION;
      doc["build"] = util::build_description();
      auto& libs = doc["libraries"] = nlohmann::ordered_json::object();
      for (const auto& [name, version] : libraries) {
        libs[name] = version;
      }
      out(doc.dump(2) + "\n");
      return static_cast<int>(k_exit_clean);
    }
    std::string text = std::string("git-trail ") + TRAIL_VERSION + "\nbuilt with " +
                       util::build_description() + "\nlibraries:\n";
    for (const auto& [name, version] : libraries) {
      text +=
          "  " + name + std::string(name.size() < 18 ? 18 - name.size() : 1, ' ') + version + "\n";
    }
    out(text);
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
