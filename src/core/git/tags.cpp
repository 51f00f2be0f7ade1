// Tags: found, read (annotated or not, signed or not), listed, created (with libgit2, or
// signed by running `git tag -s`, since libgit2 1.5 cannot sign) and verified with
// `git verify-tag`.

#include "core/git/callback.hpp"
#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <initializer_list>

namespace trail::git {

namespace {

// The tags found by git_tag_foreach.
struct TagList
{
  git_repository* repo;
  std::vector<std::pair<std::string, std::string>> tags; // (name, peeled commit id)
  CallbackGuard guard;
};

// Adds the tag REF_NAME pointing to OID to LIST when it peels to a commit.
void add_tag(const char* ref_name, const git_oid* oid, TagList& list)
{
  ObjectPtr object;
  if (git_object_lookup(out(object), list.repo, oid, GIT_OBJECT_ANY) != 0) {
    return;
  }
  ObjectPtr commit;
  if (git_object_peel(out(commit), object.get(), GIT_OBJECT_COMMIT) != 0) {
    return;
  }
  std::string name = ref_name;
  constexpr std::string_view prefix = "refs/tags/";
  if (name.starts_with(prefix)) {
    name.erase(0, prefix.size());
  }
  list.tags.emplace_back(std::move(name), to_hex(*git_object_id(commit.get())));
}

// The git_tag_foreach callback: no exception may cross libgit2's C frames.
int tag_list_callback(const char* ref_name, git_oid* oid, void* payload)
{
  auto* list = static_cast<TagList*>(payload);
  return list->guard.run([&] {
    add_tag(ref_name, oid, *list);
    return 0;
  });
}

// Throws UsageError unless NAME can name a tag (refs/tags/NAME is a valid ref, NAME does not
// start with '-').
void require_valid_tag_name(const std::string& name)
{
  int valid = 0;
  check(git_tag_name_is_valid(&valid, name.c_str()), "cannot check the tag name '" + name + "'");
  if (!valid || name.empty()) {
    throw UsageError("'" + name + "' is not a valid tag name");
  }
}

[[noreturn]] void throw_tag_exists(const std::string& name, const TagObject& existing)
{
  throw Error("tag '" + name + "' already exists (at " +
              (existing.target.empty() ? existing.id : existing.target) +
              "); git-trail never moves a tag");
}

// Reads "SECONDS +HHMM" or "@SECONDS +HHMM" (git's internal date format) into (time, offset
// in minutes); nullopt for anything else.
std::optional<std::pair<int64_t, int>> parse_internal_date(std::string_view text)
{
  text = util::trim(text);
  if (text.starts_with('@')) {
    text.remove_prefix(1);
  }
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view seconds_text = text.substr(0, space);
  const std::string_view zone = util::trim(text.substr(space + 1));
  int64_t seconds = 0;
  const auto [end, error] =
      std::from_chars(seconds_text.data(), seconds_text.data() + seconds_text.size(), seconds);
  if (error != std::errc() || end != seconds_text.data() + seconds_text.size() || seconds < 0) {
    return std::nullopt;
  }
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-') ||
      !std::all_of(zone.begin() + 1, zone.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const int hours = (zone[1] - '0') * 10 + (zone[2] - '0');
  const int minutes = (zone[3] - '0') * 10 + (zone[4] - '0');
  if (minutes >= 60) {
    return std::nullopt;
  }
  const int offset = hours * 60 + minutes;
  return std::make_pair(seconds, zone[0] == '-' ? -offset : offset);
}

std::optional<std::string> environment(const char* name)
{
  const char* value = std::getenv(name);
  return value ? std::optional<std::string>(value) : std::nullopt;
}

// Returns the first value one of SOURCES gives, asking them in order.
std::optional<std::string>
first_set(std::initializer_list<std::function<std::optional<std::string>()>> sources)
{
  for (const auto& source : sources) {
    if (auto value = source()) {
      return value;
    }
  }
  return std::nullopt;
}

} // namespace

bool Repository::is_tag_name(const std::string& name)
{
  int valid = 0;
  return !name.empty() && git_tag_name_is_valid(&valid, name.c_str()) == 0 && valid != 0;
}

std::optional<TagObject> Repository::find_tag(const std::string& name) const
{
  require_valid_tag_name(name);
  ReferencePtr ref;
  const int found = git_reference_lookup(out(ref), m_repo.get(), ("refs/tags/" + name).c_str());
  if (found == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(found, "cannot read tag " + name);
  ReferencePtr resolved;
  const int resolved_result = git_reference_resolve(out(resolved), ref.get());
  if (resolved_result == GIT_ENOTFOUND) {
    return std::nullopt; // a symbolic ref to nothing
  }
  check(resolved_result, "cannot resolve tag " + name);
  const git_oid* oid = git_reference_target(resolved.get());
  if (!oid) {
    return std::nullopt;
  }
  return tag_object(to_hex(*oid), name);
}

TagObject Repository::tag_object(const std::string& id, const std::string& name) const
{
  const git_oid oid = parse_oid(id);
  TagObject tag;
  tag.name = name;
  tag.id = id;
  ObjectPtr object;
  check(git_object_lookup(out(object), m_repo.get(), &oid, GIT_OBJECT_ANY),
        name.empty() ? "cannot read object " + id : "cannot read tag " + name);
  if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
    const auto* annotated = reinterpret_cast<const git_tag*>(object.get());
    tag.annotated = true;
    if (const git_signature* tagger = git_tag_tagger(annotated)) {
      tag.tagger_name = tagger->name ? tagger->name : "";
      tag.tagger_email = tagger->email ? tagger->email : "";
      tag.tagger_time = tagger->when.time;
      tag.tagger_offset = tagger->when.offset;
    }
    const char* message = git_tag_message(annotated);
    tag.message = message ? message : "";
    tag.is_signed = tag.message.find("-----BEGIN PGP SIGNATURE-----") != std::string::npos ||
                    tag.message.find("-----BEGIN SSH SIGNATURE-----") != std::string::npos ||
                    tag.message.find("-----BEGIN SIGNED MESSAGE-----") != std::string::npos;
  }
  ObjectPtr peeled;
  if (git_object_peel(out(peeled), object.get(), GIT_OBJECT_COMMIT) == 0) {
    tag.target = to_hex(*git_object_id(peeled.get()));
  }
  return tag;
}

std::vector<std::pair<std::string, std::string>> Repository::tags() const
{
  TagList list{m_repo.get(), {}, {}};
  const int listed = git_tag_foreach(m_repo.get(), tag_list_callback, &list);
  throw_if_corrupt(); // a tag skipped by add_tag because its object is corrupt
  list.guard.check(listed, "cannot list the tags");
  std::sort(list.tags.begin(), list.tags.end());
  return std::move(list.tags);
}

void Repository::check_new_tag(const std::string& name, const std::string& message) const
{
  if (auto existing = find_tag(name)) {
    throw_tag_exists(name, *existing);
  }
  if (message.find('\0') != std::string::npos) {
    throw UsageError("the message of tag '" + name + "' contains a NUL byte");
  }
}

std::string Repository::create_tag(const std::string& name,
                                   const std::string& target_commit,
                                   const std::string& message) const
{
  check_new_tag(name, message);
  const git_oid commit_oid = peel_to_commit(m_repo.get(), target_commit);
  ObjectPtr target;
  check(git_object_lookup(out(target), m_repo.get(), &commit_oid, GIT_OBJECT_COMMIT),
        "cannot read commit " + to_hex(commit_oid));

  // The tagger is the committer identity, as for `git tag`: the environment first, then
  // committer.* and user.* of the configuration (EMAIL last for the address).
  const auto tagger_name = first_set({[] { return environment("GIT_COMMITTER_NAME"); },
                                      [&] { return config_string("committer.name"); },
                                      [&] {
                                        return config_string("user.name");
                                      }});
  const auto tagger_email = first_set({[] { return environment("GIT_COMMITTER_EMAIL"); },
                                       [&] { return config_string("committer.email"); },
                                       [&] { return config_string("user.email"); },
                                       [] {
                                         return environment("EMAIL");
                                       }});
  if (!tagger_name || tagger_name->empty() || !tagger_email) {
    throw UsageError("cannot create tag '" + name +
                     "': no tagger identity; set user.name and user.email (git config) or "
                     "GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL");
  }
  SignaturePtr tagger;
  if (const auto date = environment("GIT_COMMITTER_DATE")) {
    auto when = parse_internal_date(*date);
    if (!when) {
      when = util::parse_iso8601(*date);
    }
    if (!when) {
      throw UsageError(
          "GIT_COMMITTER_DATE='" + *date +
          "' is neither git's internal format \"SECONDS +HHMM\" nor ISO 8601 with a zone "
          "(2026-01-31T12:00:00Z), the formats git-trail reads when it tags");
    }
    check(git_signature_new(
              out(tagger), tagger_name->c_str(), tagger_email->c_str(), when->first, when->second),
          "cannot make the tagger signature");
  } else {
    check(git_signature_now(out(tagger), tagger_name->c_str(), tagger_email->c_str()),
          "cannot make the tagger signature");
  }

  git_oid tag_oid;
  const int result = git_tag_create(
      &tag_oid, m_repo.get(), name.c_str(), target.get(), tagger.get(), message.c_str(), 0);
  if (result == GIT_EEXISTS) {
    // Another process created the tag between our check and libgit2's.
    if (auto existing = find_tag(name)) {
      throw_tag_exists(name, *existing);
    }
    throw Error("tag '" + name + "' already exists; git-trail never moves a tag");
  }
  if (result == GIT_EINVALIDSPEC) {
    throw UsageError("'" + name + "' is not a valid tag name");
  }
  check(result, "cannot create tag " + name);
  return to_hex(tag_oid);
}

std::vector<std::string> git_command(const std::string& workdir, const std::string& git_dir)
{
  const std::string& where = workdir.empty() ? git_dir : workdir;
  return {"git", "-C", where, "--git-dir=" + git_dir};
}

std::string Repository::create_signed_tag(const std::string& name,
                                          const std::string& target_commit,
                                          const std::string& message) const
{
  check_new_tag(name, message);
  if (!message.empty() && message.back() != '\n') {
    // git appends the signature right after the message: it would start on the message's last
    // line, where `git verify-tag` does not find it.
    throw UsageError("the message of signed tag '" + name +
                     "' must end with a newline (git appends the signature after it)");
  }
  const std::string commit_id = resolve_commit(target_commit);
  auto argv = git_command(workdir(), git_dir());
  for (const char* arg : {"tag", "-s", "--cleanup=verbatim", "-F", "-"}) {
    argv.emplace_back(arg);
  }
  argv.push_back(name);
  argv.push_back(commit_id);
  const util::ProcessResult result = util::run_process(argv, message);
  if (result.exit_code != 0) {
    if (auto existing = find_tag(name)) {
      throw_tag_exists(name, *existing);
    }
    const auto reason = util::trim(result.err);
    throw UsageError("cannot create signed tag '" + name + "': git tag -s failed (exit " +
                     std::to_string(result.exit_code) + ")" +
                     (reason.empty() ? "" : ": " + std::string(reason)));
  }
  const auto created = find_tag(name);
  if (!created || !created->annotated) {
    throw Error("git tag -s reported success but tag '" + name + "' is not an annotated tag");
  }
  if (!created->is_signed) {
    // git before 2.44 ignores a failing ssh-keygen (a missing key file, ...): it exits 0 having
    // written the tag without a signature. That tag did not exist before this call, so it is
    // removed again, unless it changed meanwhile (libgit2 deletes only the value it read).
    std::string removed = "; the unsigned tag was removed";
    ReferencePtr ref;
    if (git_reference_lookup(out(ref), m_repo.get(), ("refs/tags/" + name).c_str()) == 0) {
      const git_oid* target = git_reference_target(ref.get());
      if (!target || to_hex(*target) != created->id || git_reference_delete(ref.get()) != 0) {
        removed = "; tag '" + name + "' was left as it is";
      }
    }
    const auto reason = util::trim(result.err);
    throw UsageError("cannot create signed tag '" + name + "': git tag -s wrote no signature" +
                     removed + (reason.empty() ? "" : ": " + std::string(reason)));
  }
  return created->id;
}

std::pair<bool, std::string> Repository::verify_tag_signature(const std::string& name) const
{
  if (!find_tag(name)) {
    throw UsageError("no tag '" + name + "'");
  }
  return verify_signature_of("refs/tags/" + name);
}

std::pair<bool, std::string> Repository::verify_tag_object_signature(const std::string& id) const
{
  return verify_signature_of(id);
}

SignatureCheck Repository::check_tag_object_signature(const std::string& id) const
{
  // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
  const auto verified = verify_signature_of(id);
  const std::string& detail = verified.second;
  SignatureCheck check;
  check.detail = detail;
  if (verified.first) {
    check.status = SignatureCheck::Status::good;
    return check;
  }
  const auto says = [&](std::string_view text) {
    return detail.find(text) != std::string::npos;
  };
  // A signature that was checked and is wrong is bad, whatever else was said.
  if (says("incorrect signature") || says("[GNUPG:] BADSIG") || says("BAD signature")) {
    check.status = SignatureCheck::Status::bad;
    return check;
  }
  check.status = SignatureCheck::Status::cannot_check;
  if (says("allowedSignersFile needs to be configured")) {
    check.why = "gpg.ssh.allowedSignersFile is not set or names no file (git config "
                "gpg.ssh.allowedSignersFile FILE)";
  } else if (says("No principal matched")) {
    check.why = "the signing key is not in gpg.ssh.allowedSignersFile";
  } else if (says("[GNUPG:] NO_PUBKEY") || says("No public key")) {
    check.why = "the signer's public key is not in the gpg keyring (gpg --import it)";
  } else if (says("cannot run ") || says("No such file or directory")) {
    check.why = "the signing program cannot be run: " + std::string(util::trim(detail));
  } else {
    // Anything git did not explain is not known to be harmless.
    check.status = SignatureCheck::Status::bad;
  }
  return check;
}

std::pair<bool, std::string> Repository::verify_signature_of(const std::string& object) const
{
  auto argv = git_command(workdir(), git_dir());
  for (const char* arg : {"verify-tag", "--raw"}) {
    argv.emplace_back(arg);
  }
  argv.push_back(object);
  const util::ProcessResult result = util::run_process(argv);
  return {result.exit_code == 0, result.err};
}

} // namespace trail::git
