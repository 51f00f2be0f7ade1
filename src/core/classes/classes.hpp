#pragma once

#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::classes {

// Class decisions (IEC 62304 4.3): an item or configuration item may sit below the class of the
// software system only with a written reason, `class_rationale`, and, for a software item of a
// class C system, what segregates it from the class C items, `segregation` (5.3.5, a class C
// activity in Table A.1). Without them its lower class is not applied: the system's class is.

// Returns 0, 1, 2 for "A", "B", "C", and -1 for anything else (empty, unknown).
int rank(std::string_view safety_class);

// Returns the stricter of A and B; a class ranks above an empty or unknown one.
std::string stricter(const std::string& a, const std::string& b);

// The class of the software system: [project] safety_class, else C (undeclared is held to the
// strictest).
struct SystemClass
{
  std::string safety_class;
  bool declared = false;
};
SystemClass system_class(const policy::Policy& policy);

// The class an item states for itself, with what justifies it.
struct Claim
{
  std::string declared; // "A", "B", "C", or empty (the item states none)
  std::string rationale;
  std::string segregation;
  // A software item (a configuration item, a SOUP record): in a class C system a lower class
  // needs segregation too.
  bool software_item = false;
};

Claim claim_of(const registry::Item& item);
Claim claim_of(const policy::ConfigurationItem& item);

// The decision on one claim against the system's class.
struct Decision
{
  std::string declared; // as stated; empty when the item states none
  std::string applied;  // the class that applies to the item
  bool below = false;   // declared is below the system's class
  // What a class below the system's lacks, in this order: "class_rationale", "segregation".
  std::vector<std::string> missing;

  bool justified() const
  {
    return missing.empty();
  }
};

// Decides CLAIM in a system of SYSTEM_CLASS: an item that states no class, or a class not below
// the system's, takes its own (or the system's); a lower class applies only when what it needs
// is present (a rationale; and segregation for a software item when the system is class C).
Decision decide(const Claim& claim, const std::string& system_class);

// The class to apply to an item whose own class is ITEM_CLASS (empty or unknown: none) in a
// system of SYSTEM_CLASS: the item's when it is not below the system's or when its rationale
// is present (RATIONALE_PRESENT: everything decide() asks for), else the system's. The release
// gate's `effective()` is this.
std::string effective_class(const std::string& item_class,
                            bool rationale_present,
                            const std::string& system_class);

// The class that applies to ITEM, a registry item, in a system of SYSTEM_CLASS:
// decide(claim_of(ITEM), SYSTEM_CLASS).applied.
std::string applied_class(const registry::Item& item, const std::string& system_class);

// The clauses DECISION's missing fields are asked by: "IEC 62304 4.3", "IEC 62304 5.3.5" or
// "IEC 62304 4.3, 5.3.5"; empty when nothing is missing.
std::string clauses_for(const Decision& decision);

// "class_rationale", "segregation" or "class_rationale and segregation".
std::string missing_text(const Decision& decision);

// A file that a configuration item shares with another one.
struct Overlap
{
  std::string path;
  std::string item;         // the other configuration item
  std::string safety_class; // the class applied to the other item
};

// A configuration item with the class applied to it and its files at a revision.
struct ItemFiles
{
  std::string name;
  std::string safety_class;
  std::vector<std::string> files;
};

// Returns, for each of ITEMS (same order), the files it shares with the other items, by path
// then by the other item's position. A file in several items belongs to each; the stricter
// class applies to it.
std::vector<std::vector<Overlap>> overlaps(const std::vector<ItemFiles>& items);

} // namespace trail::classes
