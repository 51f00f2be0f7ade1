#include "core/util/process.hpp"

#include "core/util/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace trail::util {

std::string self_executable(const std::string& fallback)
{
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? fallback : path.string();
}

std::optional<std::string> environment(const char* name)
{
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::string> find_program(const std::string& name)
{
  const auto runnable = [](const std::string& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
  };
  if (name.empty()) {
    return std::nullopt;
  }
  if (name.find('/') != std::string::npos) {
    return runnable(name) ? std::optional<std::string>(name) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "";
  while (true) {
    const size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (runnable(candidate)) {
      return candidate;
    }
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    rest.remove_prefix(colon + 1);
  }
}

bool stderr_is_terminal()
{
  return isatty(STDERR_FILENO) == 1;
}

namespace {

// A file descriptor closed when it goes out of scope.
class Fd
{
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd()
  {
    reset();
  }
  int get() const
  {
    return m_fd;
  }
  void reset(int fd = -1)
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd = -1;
};

// A pipe whose two ends are closed on exec (the child gets copies through dup2).
struct Pipe
{
  Fd read;
  Fd write;
};

void open_pipe(Pipe& pipe, const std::string& program)
{
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error("cannot run " + program + ": cannot create a pipe: " + std::strerror(errno));
  }
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
}

void set_nonblocking(int fd)
{
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) {
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  }
}

// Owns the attributes and file actions of one posix_spawn call.
struct SpawnSetup
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup()
  {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  ~SpawnSetup()
  {
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
  }
};

// Blocks SIGPIPE in this thread while a child's standard input is written (a child that exits
// without reading it must not kill us), then discards a SIGPIPE raised meanwhile and restores
// the signal mask.
class SigpipeBlock
{
public:
  SigpipeBlock()
  {
    sigemptyset(&m_pipe);
    sigaddset(&m_pipe, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    m_was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &m_pipe, &m_old);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;
  ~SigpipeBlock()
  {
    if (!m_was_pending) {
      const timespec zero{0, 0};
      while (sigtimedwait(&m_pipe, nullptr, &zero) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
  }
  // Returns the signal mask in place before this block.
  const sigset_t& old_mask() const
  {
    return m_old;
  }

private:
  sigset_t m_pipe;
  sigset_t m_old;
  bool m_was_pending = false;
};

} // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          std::string_view input,
                          const std::map<std::string, std::string>& extra_env)
{
  if (argv.empty() || argv.front().empty()) {
    throw Error("cannot run a program: no program named");
  }
  const std::string& program = argv.front();

  std::vector<std::string> env_strings;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string name(text.substr(0, text.find('=')));
    if (extra_env.count(name) == 0) {
      env_strings.emplace_back(text);
    }
  }
  for (const auto& [name, value] : extra_env) {
    env_strings.push_back(name + "=" + value);
  }
  std::vector<char*> env_pointers;
  env_pointers.reserve(env_strings.size() + 1);
  for (auto& entry : env_strings) {
    env_pointers.push_back(entry.data());
  }
  env_pointers.push_back(nullptr);
  std::vector<std::string> arg_strings(argv);
  std::vector<char*> arg_pointers;
  arg_pointers.reserve(arg_strings.size() + 1);
  for (auto& arg : arg_strings) {
    arg_pointers.push_back(arg.data());
  }
  arg_pointers.push_back(nullptr);

  Pipe in;
  Pipe out;
  Pipe err;
  open_pipe(in, program);
  open_pipe(out, program);
  open_pipe(err, program);

  SigpipeBlock block;
  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, in.read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), STDERR_FILENO);
  // The child starts with the signal mask we had before blocking SIGPIPE, and SIGPIPE at its
  // default action even if we ignore it.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&setup.attributes, &block.old_mask());
  posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
  posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid,
                                   program.c_str(),
                                   &setup.actions,
                                   &setup.attributes,
                                   arg_pointers.data(),
                                   env_pointers.data());
  if (spawned != 0) {
    throw Error("cannot run " + program + ": " + std::strerror(spawned));
  }
  in.read.reset();
  out.write.reset();
  err.write.reset();

  ProcessResult result;
  size_t written = 0;
  if (input.empty()) {
    in.write.reset();
  } else {
    set_nonblocking(in.write.get());
  }
  set_nonblocking(out.read.get());
  set_nonblocking(err.read.get());
  char buffer[65536];
  while (in.write.get() >= 0 || out.read.get() >= 0 || err.read.get() >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    Fd* owners[3];
    if (in.write.get() >= 0) {
      fds[count] = {in.write.get(), POLLOUT, 0};
      owners[count++] = &in.write;
    }
    if (out.read.get() >= 0) {
      fds[count] = {out.read.get(), POLLIN, 0};
      owners[count++] = &out.read;
    }
    if (err.read.get() >= 0) {
      fds[count] = {err.read.get(), POLLIN, 0};
      owners[count++] = &err.read;
    }
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break; // cannot happen with valid descriptors; the child is still reaped below
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) {
        continue;
      }
      Fd& fd = *owners[i];
      if (&fd == &in.write) {
        const ssize_t n = ::write(fd.get(), input.data() + written, input.size() - written);
        if (n > 0) {
          written += static_cast<size_t>(n);
        }
        if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) {
          fd.reset(); // done, or the child closed its end (EPIPE): the rest is not wanted
        }
        continue;
      }
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        (&fd == &out.read ? result.out : result.err).append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        fd.reset();
      }
    }
  }
  in.write.reset();
  out.read.reset();
  err.read.reset();

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw Error("cannot wait for " + program + ": " + std::strerror(errno));
    }
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

} // namespace trail::util
