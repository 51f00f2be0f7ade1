// `git trail doctor`: what is installed in this clone or on this server, which policy applies,
// whether the hooks will run, and what to fix.

#include "cli/command.hpp"
#include "core/doctor/doctor.hpp"
#include "core/render/doctor_report.hpp"
#include "core/util/process.hpp"

#include <memory>

namespace trail::cli {

Handler setup_doctor(CLI::App& sub, const GlobalOptions& global)
{
  auto format = std::make_shared<std::string>("text");
  sub.add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub.footer(
      "Looks at this clone (or, in a bare repository, this server) as git will run git-trail:\n"
      "this git-trail; the repository (bare, shallow); the hooks folder (core.hooksPath) and\n"
      "each hook git-trail should have there: installed or not, executable, another hook\n"
      "manager's, and which git-trail it will run ($GIT_TRAIL, the path it records, or PATH);\n"
      "the policy that applies (--policy, GIT_TRAIL_POLICY, trail.toml, the default; on a\n"
      "server the branch trail.policyRef or HEAD names) and whether it loads; the registry at\n"
      "HEAD. Each finding is ok, a warning or a problem, with the command that fixes it.\n"
      "Exit 1 when there is a problem, 0 otherwise (warnings included).");
  const GlobalOptions* options = &global;
  return [format, options](workspace::Context& context) {
    doctor::Inputs inputs;
    inputs.binary = util::self_executable(options->argv0);
    inputs.policy_option = context.policy_option();
    const auto diagnosis = doctor::diagnose(context.repo(), inputs);
    out(*format == "json" ? render::doctor_json(diagnosis) : render::doctor_text(diagnosis));
    return diagnosis.count(doctor::Status::problem) == 0 ? static_cast<int>(k_exit_clean)
                                                         : static_cast<int>(k_exit_violations);
  };
}

} // namespace trail::cli
