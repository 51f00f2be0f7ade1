// `git trail man --output DIR`: the manual pages, written from the command-line definitions
// themselves (the same options, descriptions and footers `--help` prints), so a man page can
// never miss an option, and trail.toml(5) from docs/configuration.md. The build runs it into
// build/.../man (src/CMakeLists.txt), the install puts the pages in share/man, and
// `git help trail` / `git trail --help` / `man trail.toml` find them there.

#include "cli/command.hpp"
#include "core/render/roff.hpp"
#include "core/util/embedded.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"

#include <filesystem>
#include <memory>

namespace trail::cli {
namespace {

std::string roff(std::string_view text)
{
  return render::roff_escape(text);
}

// A paragraph of TEXT: CLI11 descriptions and footers are written with hard line breaks for a
// terminal; the pages keep them (.br) so lists and examples keep their shape.
std::string paragraph(std::string_view text)
{
  std::string out;
  for (const auto line : util::split_lines(text)) {
    if (util::trim(line).empty()) {
      out += ".PP\n";
    } else {
      out += roff(line) + "\n.br\n";
    }
  }
  return out;
}

// The page's name for the command at PATH ("git-trail", "git-trail-soup-diff").
std::string page_name(const std::vector<std::string>& path)
{
  std::string out = "git-trail";
  for (const auto& p : path) {
    out += "-" + p;
  }
  return out;
}

std::string option_label(const CLI::Option* option)
{
  std::string label;
  for (const auto& s : option->get_snames()) {
    label += (label.empty() ? "" : ", ") + std::string("\\fB\\-") + s + "\\fR";
  }
  for (const auto& l : option->get_lnames()) {
    label += (label.empty() ? "" : ", ") + std::string("\\fB\\-\\-") + roff(l) + "\\fR";
  }
  if (option->get_items_expected_max() > 0) {
    const std::string type = option->get_type_name();
    label += " \\fI" + roff(type.empty() ? "VALUE" : type) + "\\fR";
  }
  return label;
}

// One option or argument: its names, then its description and default.
std::string option_entry(const CLI::Option* option)
{
  std::string out = ".TP\n";
  if (option->get_positional()) {
    out += "\\fI" + roff(option->get_name()) + "\\fR" +
           (option->get_items_expected_max() > 1 ? "..." : "") +
           (option->get_required() ? "" : " (optional)") + "\n";
  } else {
    out += option_label(option) + "\n";
  }
  std::string text = option->get_description();
  if (const auto d = option->get_default_str(); !d.empty()) {
    text += " (default: " + d + ")";
  }
  out += paragraph(text);
  return out;
}

std::vector<const CLI::Option*> visible_options(const CLI::App* app, bool positional)
{
  std::vector<const CLI::Option*> out;
  for (const auto* option : app->get_options()) {
    if (option->get_group().empty() || option->get_positional() != positional) {
      continue; // hidden
    }
    out.push_back(option);
  }
  return out;
}

std::vector<CLI::App*> visible_subcommands(CLI::App* app)
{
  std::vector<CLI::App*> out;
  for (auto* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) {
      out.push_back(sub);
    }
  }
  return out;
}

// The page of APP, the command at PATH under ROOT.
std::string page(const CLI::App* root, CLI::App* app, const std::vector<std::string>& path)
{
  const std::string name = page_name(path);
  std::string out = ".\\\" Written by `git trail man` from git-trail's command-line definitions.\n";
  const std::string upper = util::to_upper(name);
  // No date: the same build writes the same pages. No hyphenation, left-aligned: option names
  // stay whole words.
  out +=
      ".TH " + upper + " 1 \"\" \"git-trail " TRAIL_VERSION "\" \"git-trail manual\"\n.nh\n.ad l\n";
  out += ".SH NAME\n" + roff(name) + " \\- ";
  if (path.empty()) {
    out += "IEC 62304 configuration management and traceability from git history\n";
  } else {
    out += roff(app->get_description().substr(0, app->get_description().find('\n'))) + "\n";
  }
  const auto positionals = visible_options(app, true);
  const auto options = visible_options(app, false);
  const auto subcommands = visible_subcommands(app);
  out += ".SH SYNOPSIS\n.B git trail";
  for (const auto& p : path) {
    out += " " + roff(p);
  }
  out += "\n";
  if (path.empty()) {
    out += "[\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-policy\\fR \\fIFILE\\fR] \\fICOMMAND\\fR "
           "[\\fIARGS\\fR]\n";
  } else {
    if (!options.empty()) {
      out += "[\\fIOPTIONS\\fR]";
    }
    for (const auto* p : positionals) {
      const std::string arg =
          "\\fI" + roff(p->get_name()) + "\\fR" + (p->get_items_expected_max() > 1 ? "..." : "");
      out += " " + (p->get_required() ? arg : "[" + arg + "]");
    }
    if (!subcommands.empty()) {
      out += " | \\fICOMMAND\\fR";
    }
    out += "\n";
  }
  out += ".SH DESCRIPTION\n" + paragraph(app->get_description());
  if (!app->get_footer().empty()) {
    out += ".PP\n" + paragraph(app->get_footer());
  }
  if (!subcommands.empty()) {
    out += ".SH COMMANDS\n";
    for (const auto* sub : subcommands) {
      auto sub_path = path;
      sub_path.push_back(sub->get_name());
      out += ".TP\n\\fB" + roff(sub->get_name()) + "\\fR\n" + paragraph(sub->get_description()) +
             "See \\fB" + roff(page_name(sub_path)) + "\\fR(1).\n";
    }
  }
  if (!positionals.empty()) {
    out += ".SH ARGUMENTS\n";
    for (const auto* p : positionals) {
      out += option_entry(p);
    }
  }
  if (!options.empty()) {
    out += path.empty() ? ".SH GLOBAL OPTIONS\n" : ".SH OPTIONS\n";
    for (const auto* o : options) {
      out += option_entry(o);
    }
  }
  if (!path.empty()) {
    // The options of `git trail` itself apply to every command.
    out += ".SH GLOBAL OPTIONS\n";
    for (const auto* o : visible_options(root, false)) {
      out += option_entry(o);
    }
  }
  out += ".SH EXIT STATUS\n0 clean, 1 policy violations (the command's own meaning: see "
         "above), 2 usage or configuration error, 3 internal error or corrupt repository, 4 "
         "incomplete (what could not be judged is said).\n";
  out += ".SH SEE ALSO\n";
  if (path.empty()) {
    std::string list;
    for (const auto* sub : subcommands) {
      list += (list.empty() ? "" : ",\n") + std::string("\\fB") +
              roff(page_name({sub->get_name()})) + "\\fR(1)";
    }
    out += list + ",\n\\fBtrail.toml\\fR(5)\n";
  } else {
    out += "\\fBgit\\-trail\\fR(1), \\fBtrail.toml\\fR(5)\n";
  }
  out += ".PP\nThe documentation in /usr/share/doc/git\\-trail, or docs/ in the source tree.\n";
  return out;
}

// Writes the pages of APP and of every command under it into DIR; returns how many.
size_t write_pages(const CLI::App* root,
                   CLI::App* app,
                   const std::vector<std::string>& path,
                   const std::string& dir)
{
  util::write_file_atomic(dir + "/" + page_name(path) + ".1", page(root, app, path));
  size_t count = 1;
  for (auto* sub : visible_subcommands(app)) {
    auto sub_path = path;
    sub_path.push_back(sub->get_name());
    count += write_pages(root, sub, sub_path, dir);
  }
  return count;
}

// trail.toml(5), from docs/configuration.md (embedded at build time: the one description of
// the policy file).
std::string policy_page()
{
  const auto markdown = util::embedded_file("docs/configuration.md");
  if (!markdown) {
    throw std::logic_error("docs/configuration.md is not embedded in this build");
  }
  render::ManPage page;
  page.name = "trail.toml";
  page.section = 5;
  page.summary = "the git-trail policy: kinds, trailers, rules, configuration items, registry";
  page.source = "git-trail " TRAIL_VERSION;
  page.manual = "git-trail manual";
  std::string out = render::markdown_to_roff(*markdown, page);
  out += ".SH SEE ALSO\n\\fBgit\\-trail\\fR(1), \\fBgit\\-trail\\-init\\fR(1), "
         "\\fBgit\\-trail\\-check\\fR(1)\n.PP\nThe documentation in /usr/share/doc/git\\-trail, "
         "or docs/ in the source tree.\n";
  return out;
}

} // namespace

Handler setup_man(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto output = std::make_shared<std::string>();
  sub.footer("Writes DIR/man1/git-trail.1 and git-trail-COMMAND.1 (one per command, and per\n"
             "subcommand, such as git-trail-soup-diff.1), as roff, from the same definitions\n"
             "--help prints, and DIR/man5/trail.toml.5 from docs/configuration.md. The build\n"
             "writes them into its man folder and `cmake --install` into share/man, where man,\n"
             "and so `git help trail`, finds them.");
  sub.add_option("--output,-o",
                 *output,
                 "The folder to write man1/ and man5/ into (created), as in a MANPATH")
      ->type_name("DIR")
      ->required();
  CLI::App* self = &sub;
  return [output, self](workspace::Context&) {
    CLI::App* root = self->get_parent();
    std::error_code ec;
    for (const char* section : {"/man1", "/man5"}) {
      std::filesystem::create_directories(*output + section, ec);
      if (ec) {
        throw UsageError("cannot create " + *output + section + ": " + ec.message());
      }
    }
    const size_t n = write_pages(root, root, {}, *output + "/man1");
    util::write_file_atomic(*output + "/man5/trail.toml.5", policy_page());
    err("git-trail: wrote " + std::to_string(n) + " pages into " + *output +
        "/man1 and trail.toml.5 into " + *output + "/man5\n");
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
