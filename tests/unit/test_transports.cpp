// What libgit2's network transports would load is replaced (src/core/git/transports.cpp):
// git-trail never fetches or pushes through libgit2, and a connection attempted through it
// must fail with a clear error, never succeed without verification. The only test that calls
// libgit2 itself: no product path connects through it.

#include "core/git/repository.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>
#include <git2.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

// The statically linked build only (the default): linked dynamically, libgit2's own TLS and
// libssh2 run (only the CA loaders are replaced), and would wait on the silent listener.
#ifdef TRAIL_STATIC_DEPS

using namespace trail;
using namespace trail::unit;

namespace {

// Connects an anonymous remote at URL for fetching; returns libgit2's error message, or "" when
// it connected.
std::string connect_error(const TempRepo& repo, const std::string& url)
{
  // Opening through git-trail initialises libgit2 as the product does.
  (void)git::Repository::open_at(repo.path.string());
  git_repository* raw = nullptr;
  REQUIRE(git_repository_open(&raw, repo.path.c_str()) == 0);
  git_remote* remote = nullptr;
  REQUIRE(git_remote_create_anonymous(&remote, raw, url.c_str()) == 0);
  const int rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, nullptr, nullptr, nullptr);
  const git_error* error = git_error_last();
  std::string message = rc == 0 ? "" : (error != nullptr ? error->message : "(no message)");
  git_remote_free(remote);
  git_repository_free(raw);
  return message;
}

// A TCP socket listening on 127.0.0.1 (the kernel completes connections to it without an
// accept); closed at the end of the test.
struct Listener
{
  int fd = -1;
  int port = 0;
  Listener()
  {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener()
  {
    ::close(fd);
  }
};

} // namespace

TEST_CASE("transports: HTTPS and SSH through libgit2 fail with a clear error")
{
  TempRepo repo;
  const Listener listener;
  const std::string at = "127.0.0.1:" + std::to_string(listener.port) + "/x.git";
  // TLS is never set up: no stream is opened, no certificate trusted.
  CHECK(connect_error(repo, "https://" + at) ==
        "TLS is not available in git-trail (it never connects through libgit2; git itself "
        "fetches and pushes)");
  // The TCP connection is made (the listener), then libssh2 cannot create a session.
  CHECK(connect_error(repo, "ssh://git@" + at) == "failed to initialize SSH session");
}
#endif
