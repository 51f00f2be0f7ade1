#include "core/git/repository.hpp"
#include "core/registry/item_diff.hpp"
#include "core/trace/trace.hpp"
#include "core/workspace/workspace.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

using namespace trail;
using registry::diff_items;
using registry::FieldChange;
using registry::Item;

namespace {

// Converts to any type, so that the test can count the fields of an aggregate by how many
// initializers it takes.
struct AnyField
{
  template<typename T>
  operator T() const;
};

template<typename T, typename... Fields>
constexpr size_t field_count()
{
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return field_count<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

// An item with every field set, each to a value of its own.
Item full_item()
{
  Item item;
  item.id = "SOUP-1";
  item.kind = "soup";
  item.title = "zlib";
  item.status = "approved";
  item.safety_class = "B";
  item.class_rationale = "compresses log files only";
  item.segregation = "runs in the logging process";
  item.description = "compression";
  item.links = {{"derives-from", "SYS-1", {"r.toml", 9, 28}},
                {"risk-controls", "HAZ-2", {"r.toml", 10, 30}}};
  item.severity = "minor";
  item.evaluation = "no risk";
  item.plan = "development";
  item.document = "docs/plans/development.md";
  item.problem = {"defect", "all", {"users"}, "test PR-1"};
  item.soup.manufacturer = "the zlib authors";
  item.soup.version = "1.3";
  item.soup.release_date = "2023-08-18";
  item.soup.license = "Zlib";
  item.soup.purl = "pkg:generic/zlib@1.3";
  item.soup.cpe = "cpe:2.3:a:zlib:zlib:1.3";
  item.soup.requirements = "inflate";
  item.soup.needs = "libc";
  item.soup.anomaly_list = "https://zlib.net/errata";
  item.soup.anomaly_review = "2026-01-31";
  item.soup.support = "maintained";
  item.soup.end_of_support = "2030-01-01";
  item.soup.verification = "unit tests";
  item.soup.paths = {"third_party/zlib/**", "cmake/zlib.cmake"};
  item.soup.authors = {"Jean-loup Gailly"};
  item.soup.revision = "0123456789abcdef0123456789abcdef01234567";
  item.where = {"r.toml", 1, 1};
  return item;
}

struct Case
{
  const char* field;
  std::function<void(Item&)> change;
  const char* before;
  const char* after;
};

// Every field of an item's definition, each changed alone.
const std::vector<Case>& cases()
{
  static const std::vector<Case> all = {
      {"id", [](Item& i) { i.id = "SOUP-2"; }, "SOUP-1", "SOUP-2"},
      {"kind", [](Item& i) { i.kind = "library"; }, "soup", "library"},
      {"title", [](Item& i) { i.title = "zlib-ng"; }, "zlib", "zlib-ng"},
      {"status", [](Item& i) { i.status = "draft"; }, "approved", "draft"},
      {"class", [](Item& i) { i.safety_class.clear(); }, "B", ""},
      {"class_rationale",
       [](Item& i) { i.class_rationale = "logs"; },
       "compresses log files only",
       "logs"},
      {"segregation", [](Item& i) { i.segregation.clear(); }, "runs in the logging process", ""},
      {"description", [](Item& i) { i.description = "deflate"; }, "compression", "deflate"},
      {"links",
       [](Item& i) { i.links[1].target = "HAZ-3"; },
       "derives-from=SYS-1, risk-controls=HAZ-2",
       "derives-from=SYS-1, risk-controls=HAZ-3"},
      {"severity", [](Item& i) { i.severity = "major"; }, "minor", "major"},
      {"evaluation", [](Item& i) { i.evaluation = "mitigated"; }, "no risk", "mitigated"},
      {"plan", [](Item& i) { i.plan = "maintenance"; }, "development", "maintenance"},
      {"document",
       [](Item& i) { i.document = "docs/plans/dev.md"; },
       "docs/plans/development.md",
       "docs/plans/dev.md"},
      {"type", [](Item& i) { i.problem.type = "feedback"; }, "defect", "feedback"},
      {"scope", [](Item& i) { i.problem.scope = "inflate"; }, "all", "inflate"},
      {"informed",
       [](Item& i) {
         i.problem.informed = {"users", "supplier"};
       },
       "users",
       "users, supplier"},
      {"verification",
       [](Item& i) { i.problem.verification = "test PR-2"; },
       "test PR-1",
       "test PR-2"},
      {"manufacturer",
       [](Item& i) { i.soup.manufacturer = "Mark Adler"; },
       "the zlib authors",
       "Mark Adler"},
      {"version", [](Item& i) { i.soup.version = "1.3.1"; }, "1.3", "1.3.1"},
      {"release_date",
       [](Item& i) { i.soup.release_date = "2024-01-22"; },
       "2023-08-18",
       "2024-01-22"},
      {"license", [](Item& i) { i.soup.license = "MIT"; }, "Zlib", "MIT"},
      {"purl",
       [](Item& i) { i.soup.purl = "pkg:deb/zlib"; },
       "pkg:generic/zlib@1.3",
       "pkg:deb/zlib"},
      {"cpe", [](Item& i) { i.soup.cpe.clear(); }, "cpe:2.3:a:zlib:zlib:1.3", ""},
      {"requirements", [](Item& i) { i.soup.requirements = "deflate"; }, "inflate", "deflate"},
      {"needs", [](Item& i) { i.soup.needs = "posix"; }, "libc", "posix"},
      {"anomaly_list",
       [](Item& i) { i.soup.anomaly_list = "https://github.com/madler/zlib/issues"; },
       "https://zlib.net/errata",
       "https://github.com/madler/zlib/issues"},
      {"anomaly_review",
       [](Item& i) { i.soup.anomaly_review = "2026-02-28"; },
       "2026-01-31",
       "2026-02-28"},
      {"support", [](Item& i) { i.soup.support = "abandoned"; }, "maintained", "abandoned"},
      {"end_of_support",
       [](Item& i) { i.soup.end_of_support = "2031-01-01"; },
       "2030-01-01",
       "2031-01-01"},
      {"verification", [](Item& i) { i.soup.verification = "fuzzing"; }, "unit tests", "fuzzing"},
      {"paths",
       [](Item& i) { i.soup.paths.pop_back(); },
       "third_party/zlib/**, cmake/zlib.cmake",
       "third_party/zlib/**"},
      {"authors",
       [](Item& i) { i.soup.authors.push_back("Mark Adler"); },
       "Jean-loup Gailly",
       "Jean-loup Gailly, Mark Adler"},
      {"not_soup", [](Item& i) { i.soup.not_soup = "test only"; }, "", "test only"},
      {"revision",
       [](Item& i) { i.soup.revision = "v1.3.1"; },
       "0123456789abcdef0123456789abcdef01234567",
       "v1.3.1"},
  };
  return all;
}

std::string text_of(const std::vector<FieldChange>& changes)
{
  std::string out;
  for (const auto& change : changes) {
    out += change.field + ": '" + change.before + "' -> '" + change.after + "'\n";
  }
  return out;
}

} // namespace

TEST_CASE("item diff: the same definition has no changes")
{
  CHECK(diff_items(full_item(), full_item()).empty());
  CHECK(diff_items(Item{}, Item{}).empty());
}

TEST_CASE("item diff: each field, changed alone, is reported alone with both values")
{
  for (const auto& c : cases()) {
    CAPTURE(c.field);
    Item after = full_item();
    c.change(after);
    const auto changes = diff_items(full_item(), after);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field == c.field);
    CHECK(changes[0].before == c.before);
    CHECK(changes[0].after == c.after);
  }
}

TEST_CASE("item diff: every field of Item, SoupRecord and ItemLink is covered")
{
  // When one of these fails, a field was added: compare it in diff_items (or say there why it
  // is not part of the definition) and add its case above.
  // 13 compared; kind_spec (by name); soup; problem; where; document_where
  CHECK(field_count<registry::Item>() == 18);
  CHECK(field_count<registry::SoupRecord>() == 17);   // all compared
  CHECK(field_count<registry::ProblemRecord>() == 4); // all compared
  CHECK(field_count<registry::ItemLink>() == 3);      // type, target; where not compared
  CHECK(cases().size() == 13 + 4 + 17);
}

TEST_CASE("item diff: all fields changed at once, in the order of the registry keys")
{
  Item after = full_item();
  for (const auto& c : cases()) {
    c.change(after);
  }
  std::string expected;
  for (const auto& c : cases()) {
    expected += std::string(c.field) + ": '" + c.before + "' -> '" + c.after + "'\n";
  }
  CHECK(text_of(diff_items(full_item(), after)) == expected);
}

TEST_CASE("item diff: the kind is compared by name, not by the policy it was resolved in")
{
  policy::Kind one;
  one.name = "soup";
  const policy::Kind other = one;
  Item before = full_item();
  Item after = full_item();
  before.kind_spec = &one;
  after.kind_spec = &other;
  CHECK(diff_items(before, after).empty());
}

TEST_CASE("item diff: where an item or a link is written is not part of its definition")
{
  Item after = full_item();
  after.where = {"other.toml", 40, 3};
  after.links[0].where = {"other.toml", 41, 1};
  CHECK(diff_items(full_item(), after).empty());
}

TEST_CASE("item diff: links compare type and target, in the order written")
{
  Item before = full_item();
  Item swapped = before;
  std::swap(swapped.links[0], swapped.links[1]);
  CHECK(text_of(diff_items(before, swapped)) == "links: 'derives-from=SYS-1, risk-controls=HAZ-2' "
                                                "-> 'risk-controls=HAZ-2, derives-from=SYS-1'\n");
  Item retyped = before;
  retyped.links[0].type = "refines";
  CHECK(
      text_of(diff_items(before, retyped)) ==
      "links: 'derives-from=SYS-1, risk-controls=HAZ-2' -> 'refines=SYS-1, risk-controls=HAZ-2'\n");
  Item none = before;
  none.links.clear();
  CHECK(text_of(diff_items(before, none)) ==
        "links: 'derives-from=SYS-1, risk-controls=HAZ-2' -> ''\n");
  // Compared link by link: run together as "type=target;" text the two would read the same.
  Item one;
  one.links = {{"a", "x;b=y", {}}};
  Item two;
  two.links = {{"a", "x", {}}, {"b", "y", {}}};
  CHECK(diff_items(one, two).size() == 1);
}

TEST_CASE("item diff: the trace names the changes it follows as it always has, and no others")
{
  unit::TempRepo repo;
  repo.write("trail.toml", R"([kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved"]
[kinds.safety-requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved"]
[kinds.system]
pattern = 'SYS-\d+'
external = true
[registry]
files = ["docs/req.toml"]
)");
  repo.write("docs/req.toml", R"([[items]]
id = "SRS-1"
title = "Alarm"
status = "draft"
class = "B"
description = "Sounds"
links = { derives-from = ["SYS-1"] }
)");
  const std::string created = repo.commit_all("Add SRS-1");
  repo.write("docs/req.toml", R"([[items]]
id = "SRS-1"
kind = "safety-requirement"
title = "Loud alarm"
status = "approved"
description = "Sounds loudly"
links = { derives-from = ["SYS-2"] }
)");
  const std::string changed = repo.commit_all("Change SRS-1");
  repo.write("docs/req.toml", R"([[items]]
id = "SRS-1"
kind = "safety-requirement"
title = "Loud alarm"
status = "approved"
description = "Sounds loudly"
links = { derives-from = ["SYS-2"] }
severity = "minor"
evaluation = "none needed"
)");
  repo.commit_all("Rate SRS-1");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto policy = workspace::load_policy(git_repo, std::nullopt);
  const auto report =
      trace::build_trace(git_repo, policy, workspace::read_message_settings(git_repo), {});
  const auto entry = std::find_if(
      report.entries.begin(), report.entries.end(), [](const auto& e) { return e.id == "SRS-1"; });
  REQUIRE(entry != report.entries.end());
  const auto& history = entry->history;
  REQUIRE(history.size() == 2);
  CHECK(history[0].commit == changed);
  CHECK(history[0].what == "kind: requirement -> safety-requirement; status: draft -> approved; "
                           "class: B -> (none); title changed; description changed; links changed");
  CHECK(history[1].commit == created);
  CHECK(history[1].what == "created");
}
