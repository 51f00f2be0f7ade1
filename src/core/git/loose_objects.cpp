#include "core/git/loose_objects.hpp"

#include "core/git/callback.hpp"
#include "core/git/handles.hpp"
#include "core/git/objects.hpp"
#include "core/util/error.hpp"
#include "core/util/fd.hpp"

#include <climits>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace trail::git {

namespace {

// The corruption the last failed read on this thread found (see throw_if_corrupt).
thread_local std::optional<std::string> t_corruption;
// What the backend's callbacks threw on this thread, rethrown by throw_if_corrupt once
// libgit2 has returned (no exception may cross libgit2's C frames).
thread_local CallbackGuard t_backend_guard;

// git's limit on chained alternates.
constexpr int k_max_alternate_depth = 5;
// deflate cannot compress better than 1032:1, so a header claiming more than this many times
// the compressed size (plus a margin for tiny objects) cannot be true.
constexpr size_t k_max_ratio = 1032;
// The header "<type> <size>\0" is at most "commit " + 20 digits + NUL.
constexpr size_t k_header_max = 32;
// Compressed bytes read_header reads: the header comes out of far fewer.
constexpr size_t k_header_input = 64 * 1024;

using util::Fd;

// A zlib inflate stream ended when it goes out of scope.
class Inflater
{
public:
  explicit Inflater(std::string_view input)
  {
    m_ok = inflateInit(&m_zs) == Z_OK;
    m_input = input;
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater()
  {
    if (m_ok) {
      inflateEnd(&m_zs);
    }
  }
  bool ok() const
  {
    return m_ok;
  }

  // Inflates into OUT[0, SIZE) until it is full, the stream ends or nothing more can be
  // done; returns the bytes written and sets ENDED when the stream ended. Sets ERROR when
  // the data is not a valid zlib stream or the input ends before the stream does. Every call
  // of inflate either makes progress or stops the loop, so this always terminates.
  size_t fill(unsigned char* out, size_t size, bool& ended, std::string& error)
  {
    size_t written = 0;
    ended = false;
    while (written < size) {
      if (m_zs.avail_in == 0 && m_used < m_input.size()) {
        const size_t chunk = std::min<size_t>(m_input.size() - m_used, UINT_MAX / 2);
        m_zs.next_in =
            reinterpret_cast<Bytef*>(const_cast<char*>(m_input.data())) + m_used; // zlib's API
        m_zs.avail_in = static_cast<uInt>(chunk);
        m_used += chunk;
      }
      const size_t chunk_out = std::min<size_t>(size - written, UINT_MAX / 2);
      m_zs.next_out = out + written;
      m_zs.avail_out = static_cast<uInt>(chunk_out);
      const uInt in_before = m_zs.avail_in;
      const int rc = inflate(&m_zs, Z_NO_FLUSH);
      written += chunk_out - m_zs.avail_out;
      if (rc == Z_STREAM_END) {
        ended = true;
        return written;
      }
      const bool progress = m_zs.avail_in != in_before || m_zs.avail_out != chunk_out;
      if (rc == Z_BUF_ERROR || (rc == Z_OK && !progress)) {
        if (m_zs.avail_in == 0 && m_used == m_input.size()) {
          error = "the compressed data ends before the object does (a truncated file)";
        } else {
          error = "the compressed data cannot be inflated";
        }
        return written;
      }
      if (rc != Z_OK) {
        error = std::string("the compressed data is not valid (zlib: ") +
                (m_zs.msg ? m_zs.msg : "error " + std::to_string(rc)) + ")";
        return written;
      }
    }
    return written;
  }

  // Returns the compressed bytes not consumed once the stream has ended.
  size_t unused_input() const
  {
    return m_zs.avail_in + (m_input.size() - m_used);
  }

private:
  z_stream m_zs{};
  std::string_view m_input;
  size_t m_used = 0;
  bool m_ok = false;
};

struct Header
{
  git_object_t type = GIT_OBJECT_INVALID;
  size_t size = 0;
  size_t length = 0; // bytes of the header, NUL included
};

// Parses "<type> <size>\0" at the start of DATA; returns nullopt when it is not one.
std::optional<Header> parse_header(std::string_view data)
{
  const size_t nul = data.find('\0');
  if (nul == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view text = data.substr(0, nul);
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string type_name(text.substr(0, space));
  Header header;
  header.type = git_object_string2type(type_name.c_str());
  if (header.type != GIT_OBJECT_COMMIT && header.type != GIT_OBJECT_TREE &&
      header.type != GIT_OBJECT_BLOB && header.type != GIT_OBJECT_TAG) {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(space + 1);
  if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    header.size = header.size * 10 + static_cast<size_t>(c - '0');
  }
  header.length = nul + 1;
  return header;
}

// Why a read failed: CORRUPT for damaged data (a message naming the object), else an I/O
// error; MISSING when the file is not there.
struct Failure
{
  bool missing = false;
  bool corrupt = false;
  std::string message;
};

std::string object_path(const std::string& dir, const std::string& hex)
{
  return dir + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

// Reads up to LIMIT bytes (all when LIMIT is 0) of the object file at PATH into OUT.
std::optional<Failure>
read_object_file(const std::string& path, const std::string& hex, size_t limit, std::string& out)
{
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Failure{true, false, ""};
    }
    return Failure{
        false, false, "cannot read object " + hex + " (" + path + "): " + std::strerror(errno)};
  }
  struct stat st
  {
  };
  if (::fstat(fd.get(), &st) != 0) {
    return Failure{
        false, false, "cannot read object " + hex + " (" + path + "): " + std::strerror(errno)};
  }
  if (!S_ISREG(st.st_mode)) {
    return Failure{false, true, "corrupt object " + hex + " (" + path + "): not a regular file"};
  }
  size_t want = static_cast<size_t>(st.st_size);
  if (limit != 0) {
    want = std::min(want, limit);
  }
  out.resize(want);
  size_t got = 0;
  while (got < want) {
    const ssize_t n = ::read(fd.get(), out.data() + got, want - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return Failure{
          false, false, "cannot read object " + hex + " (" + path + "): " + std::strerror(errno)};
    }
    if (n == 0) {
      break;
    }
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return std::nullopt;
}

Failure corrupt(const std::string& hex, const std::string& path, const std::string& why)
{
  return Failure{false, true, "corrupt object " + hex + " (" + path + "): " + why};
}

// Inflates the header of the compressed object COMPRESSED; HEAD receives the bytes inflated.
std::optional<Failure> inflate_header(Inflater& inflater,
                                      const std::string& hex,
                                      const std::string& path,
                                      size_t compressed_size,
                                      unsigned char (&head)[k_header_max],
                                      size_t& produced,
                                      bool& ended,
                                      Header& header)
{
  if (!inflater.ok()) {
    return Failure{false, false, "cannot read object " + hex + ": zlib cannot start"};
  }
  std::string error;
  produced = inflater.fill(head, sizeof head, ended, error);
  const std::string_view text(reinterpret_cast<const char*>(head), produced);
  const auto parsed = parse_header(text);
  if (!parsed) {
    if (!error.empty() && text.find('\0') == std::string_view::npos) {
      return corrupt(hex, path, error);
    }
    return corrupt(hex, path, "no valid \"<type> <size>\" header");
  }
  header = *parsed;
  if (header.size / k_max_ratio > compressed_size + 64) {
    return corrupt(hex,
                   path,
                   "its header claims " + std::to_string(header.size) + " bytes, more than " +
                       std::to_string(compressed_size) + " compressed bytes can hold");
  }
  if (!error.empty() && produced < sizeof head && produced - header.length < header.size) {
    return corrupt(hex, path, error);
  }
  return std::nullopt;
}

struct Object
{
  git_object_t type = GIT_OBJECT_INVALID;
  size_t size = 0;
  void* data = nullptr; // allocated with git_odb_backend_data_alloc, NUL-terminated
};

// Reads and checks the whole loose object HEX in file PATH.
std::optional<Failure> read_whole(git_odb_backend* backend,
                                  const std::string& hex,
                                  const std::string& path,
                                  Object& object)
{
  std::string compressed;
  if (auto failure = read_object_file(path, hex, 0, compressed)) {
    return failure;
  }
  Inflater inflater(compressed);
  unsigned char head[k_header_max];
  size_t produced = 0;
  bool ended = false;
  Header header;
  if (auto failure =
          inflate_header(inflater, hex, path, compressed.size(), head, produced, ended, header)) {
    return failure;
  }
  const size_t already = produced - header.length;
  if (already > header.size) {
    return corrupt(
        hex, path, "longer than the " + std::to_string(header.size) + " bytes its header says");
  }
  // Owned until it is handed to libgit2 at the end, so every failure (and exception) frees it.
  const auto free_data = [backend](unsigned char* p) {
    git_odb_backend_data_free(backend, p);
  };
  std::unique_ptr<unsigned char, decltype(free_data)> owned(
      static_cast<unsigned char*>(git_odb_backend_data_alloc(backend, header.size + 1)), free_data);
  unsigned char* data = owned.get();
  if (!data) {
    return Failure{false,
                   false,
                   "cannot read object " + hex + ": out of memory for " +
                       std::to_string(header.size) + " bytes"};
  }
  std::memcpy(data, head + header.length, already);
  size_t total = already;
  std::string error;
  if (!ended) {
    total += inflater.fill(data + already, header.size - already, ended, error);
  }
  if (!error.empty()) {
    return corrupt(hex, path, error);
  }
  if (total < header.size) {
    return corrupt(hex,
                   path,
                   "shorter (" + std::to_string(total) + " bytes) than the " +
                       std::to_string(header.size) + " bytes its header says");
  }
  if (!ended) {
    // Full: the stream must end here, with no byte more.
    unsigned char extra[1];
    const size_t more = inflater.fill(extra, sizeof extra, ended, error);
    if (more != 0) {
      return corrupt(
          hex, path, "longer than the " + std::to_string(header.size) + " bytes its header says");
    }
    if (!error.empty() || !ended) {
      return corrupt(hex, path, error.empty() ? "the compressed data does not end" : error);
    }
  }
  if (inflater.unused_input() != 0) {
    return corrupt(hex, path, "garbage after the end of the compressed data");
  }
  data[header.size] = '\0';
  object.type = header.type;
  object.size = header.size;
  object.data = owned.release(); // libgit2 frees it
  return std::nullopt;
}

// Reads the header only of the loose object HEX in file PATH.
std::optional<Failure>
read_header_of(const std::string& hex, const std::string& path, Header& header)
{
  std::string compressed;
  if (auto failure = read_object_file(path, hex, k_header_input, compressed)) {
    return failure;
  }
  struct stat st
  {
  };
  const size_t compressed_size =
      ::stat(path.c_str(), &st) == 0 ? static_cast<size_t>(st.st_size) : compressed.size();
  Inflater inflater(compressed);
  unsigned char head[k_header_max];
  size_t produced = 0;
  bool ended = false;
  if (auto failure =
          inflate_header(inflater, hex, path, compressed_size, head, produced, ended, header)) {
    return failure;
  }
  if (ended && produced - header.length != header.size) {
    return corrupt(hex,
                   path,
                   "shorter (" + std::to_string(produced - header.length) + " bytes) than the " +
                       std::to_string(header.size) + " bytes its header says");
  }
  return std::nullopt;
}

struct Reader
{
  git_odb_backend parent; // first: libgit2 hands back a pointer to it
  std::vector<std::string>* dirs;
};

const std::vector<std::string>& dirs_of(git_odb_backend* backend)
{
  return *reinterpret_cast<Reader*>(backend)->dirs;
}

// Reports FAILURE to libgit2 (and, when it is corruption, to throw_if_corrupt).
int report(const Failure& failure)
{
  if (failure.corrupt) {
    t_corruption = failure.message + "; run `git fsck` to see the damage";
    git_error_set_str(GIT_ERROR_ODB, t_corruption->c_str());
  } else {
    git_error_set_str(GIT_ERROR_ODB, failure.message.c_str());
  }
  return GIT_ERROR;
}

// Looks for OID in each objects folder of BACKEND in turn: READ(hex, path) returns a failure
// or fills its result; a missing file sends the search on to the next folder, any other failure
// is reported; DELIVER hands a found object to libgit2. GIT_ENOTFOUND when no folder has it.
template<typename Read, typename Deliver>
int find_in_folders(git_odb_backend* backend, const git_oid* oid, Read read, Deliver deliver)
{
  return t_backend_guard.run(
      [&]() -> int {
        const std::string hex = to_hex(*oid);
        for (const auto& dir : dirs_of(backend)) {
          if (auto failure = read(hex, object_path(dir, hex))) {
            if (failure->missing) {
              continue;
            }
            return report(*failure);
          }
          deliver();
          return 0;
        }
        return GIT_ENOTFOUND;
      },
      GIT_ERROR);
}

int read_object(
    void** out, size_t* len, git_object_t* type, git_odb_backend* backend, const git_oid* oid)
{
  Object object;
  return find_in_folders(
      backend,
      oid,
      [&](const std::string& hex, const std::string& path) {
        return read_whole(backend, hex, path, object);
      },
      [&] {
        *out = object.data;
        *len = object.size;
        *type = object.type;
      });
}

int read_header(size_t* len, git_object_t* type, git_odb_backend* backend, const git_oid* oid)
{
  Header header;
  return find_in_folders(
      backend,
      oid,
      [&](const std::string& hex, const std::string& path) {
        return read_header_of(hex, path, header);
      },
      [&] {
        *len = header.size;
        *type = header.type;
      });
}

// Short ids: libgit2 asks every backend (to find ambiguities), its loose backend included,
// which would inflate the same files. So this one looks at every loose candidate first and
// fails on a corrupt one before libgit2's backend gets to it; a sound one is then read by
// both (short ids are rare: only revisions typed by a user).
int read_prefix(git_oid* out_oid,
                void** out,
                size_t* len,
                git_object_t* type,
                git_odb_backend* backend,
                const git_oid* short_oid,
                size_t hex_length)
{
  return t_backend_guard.run(
      [&]() -> int {
        if (hex_length >= GIT_OID_HEXSZ) {
          git_oid_cpy(out_oid, short_oid);
          return read_object(out, len, type, backend, short_oid);
        }
        const std::string prefix = to_hex(*short_oid).substr(0, hex_length);
        if (prefix.size() < 2) {
          return GIT_PASSTHROUGH;
        }
        std::set<std::string> found;
        for (const auto& dir : dirs_of(backend)) {
          const std::string folder = dir + "/" + prefix.substr(0, 2);
          std::unique_ptr<DIR, int (*)(DIR*)> listing(::opendir(folder.c_str()), &::closedir);
          if (!listing) {
            continue;
          }
          while (const dirent* entry = ::readdir(listing.get())) {
            const std::string_view name(entry->d_name);
            if (name.size() == GIT_OID_HEXSZ - 2 &&
                name.starts_with(std::string_view(prefix).substr(2))) {
              found.insert(prefix.substr(0, 2) + std::string(name));
            }
          }
        }
        if (found.empty()) {
          return GIT_ENOTFOUND;
        }
        if (found.size() > 1) {
          git_error_set_str(GIT_ERROR_ODB, ("short object id " + prefix + " is ambiguous").c_str());
          return GIT_EAMBIGUOUS;
        }
        const auto full = oid_from_hex(*found.begin());
        if (!full) {
          return GIT_ENOTFOUND;
        }
        git_oid_cpy(out_oid, &*full);
        return read_object(out, len, type, backend, &*full);
      },
      GIT_ERROR);
}

void free_reader(git_odb_backend* backend)
{
  const std::unique_ptr<Reader> reader(reinterpret_cast<Reader*>(backend));
  const std::unique_ptr<std::vector<std::string>> dirs(reader->dirs);
}

// Adds DIR and, recursively, the alternates it lists to DIRS (each folder once).
void add_objects_dir(const std::string& dir,
                     int depth,
                     std::vector<std::string>& dirs,
                     std::set<std::pair<dev_t, ino_t>>& seen)
{
  struct stat st
  {
  };
  if (dir.empty() || ::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return;
  }
  if (!seen.insert({st.st_dev, st.st_ino}).second) {
    return;
  }
  dirs.push_back(std::filesystem::path(dir).lexically_normal().string()); // no "/./" in messages
  if (depth >= k_max_alternate_depth) {
    return;
  }
  std::string list;
  const std::string file = dir + "/info/alternates";
  if (read_object_file(file, "", 1024 * 1024, list)) {
    return; // no alternates (or unreadable: libgit2 will not read them either)
  }
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find('\n', start);
    if (end == std::string::npos) {
      end = list.size();
    }
    std::string line = list.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    if (line.empty() || line[0] == '#') {
      continue;
    }
    add_objects_dir(line[0] == '/' ? line : dir + "/" + line, depth + 1, dirs, seen);
  }
}

} // namespace

void install_loose_reader(git_repository* repo, bool from_environment)
{
  std::vector<std::string> dirs;
  std::set<std::pair<dev_t, ino_t>> seen;
  const char* object_dir = from_environment ? std::getenv("GIT_OBJECT_DIRECTORY") : nullptr;
  std::string primary = object_dir && *object_dir
                            ? std::string(object_dir)
                            : std::string(git_repository_commondir(repo)) + "objects";
  add_objects_dir(primary, 0, dirs, seen);
  if (const char* alternates =
          from_environment ? std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES") : nullptr) {
    const std::string_view list(alternates);
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(':', start);
      if (end == std::string_view::npos) {
        end = list.size();
      }
      add_objects_dir(std::string(list.substr(start, end - start)), 0, dirs, seen);
      start = end + 1;
    }
  }

  OdbPtr odb;
  check(git_repository_odb(out(odb), repo), "cannot open the object database");
  auto reader = std::make_unique<Reader>();
  check(git_odb_init_backend(&reader->parent, GIT_ODB_BACKEND_VERSION),
        "cannot set up the object reader");
  auto owned_dirs = std::make_unique<std::vector<std::string>>(std::move(dirs));
  reader->dirs = owned_dirs.get();
  reader->parent.read = &read_object;
  reader->parent.read_header = &read_header;
  reader->parent.read_prefix = &read_prefix;
  reader->parent.free = &free_reader;
  // libgit2 asks its backends from the highest priority down: packs are 2, loose objects 1,
  // so this one is asked after the packs and before any loose backend.
  check(git_odb_add_backend(odb.get(), &reader->parent, 2), "cannot set up the object reader");
  // The object database owns them now (free_reader).
  owned_dirs.release();
  reader.release();
}

void throw_if_corrupt()
{
  t_backend_guard.rethrow();
  if (t_corruption) {
    std::string message = std::move(*t_corruption);
    t_corruption.reset();
    throw Error(message);
  }
}

} // namespace trail::git
