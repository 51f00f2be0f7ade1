#pragma once

#include "core/classes/classes.hpp"
#include "core/config/location.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::classes {

// One configuration item's class at a revision.
struct ConfigurationItemClass
{
  std::string name;
  Decision decision;
  std::string rationale;
  std::string segregation;
  std::vector<Overlap> overlaps; // files it shares with other configuration items
  config::Location where;        // in the policy
};

// One registry item that states a class of its own.
struct ItemClass
{
  std::string id;
  std::string kind;
  Decision decision;
  std::string rationale;
  std::string segregation;
  config::Location where;
};

// Every class decision at a revision (`git trail class`).
struct ClassReport
{
  std::string commit;
  SystemClass system;
  std::vector<ConfigurationItemClass> configuration_items; // policy order
  std::vector<ItemClass> items;                            // registry order

  // The decisions whose lower class is not justified.
  size_t unjustified() const;
};

// Returns the class decisions of COMMIT: the system's class from POLICY, each of its
// configuration items (with the files it shares with others, read from the tree), and each
// item of REGISTRY (none: no registry) that states a class of its own.
ClassReport class_report(const git::Repository& repo,
                         const policy::Policy& policy,
                         const std::optional<registry::Registry>& registry,
                         const std::string& commit);

// Returns the configuration items of POLICY with the class decided for each and their files at
// COMMIT, ready for overlaps().
std::vector<ItemFiles> configuration_item_files(const git::Repository& repo,
                                                const policy::Policy& policy,
                                                const std::string& commit);

// The report for a terminal, and as JSON (docs/cli.md).
std::string report_text(const ClassReport& report);
std::string report_json(const ClassReport& report);

} // namespace trail::classes
