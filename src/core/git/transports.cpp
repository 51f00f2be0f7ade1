// What libgit2's network transports would load, replaced, because git-trail never fetches or
// pushes through libgit2 (it runs git for that): the certificate loaders of mbedTLS (HTTPS)
// always, and in the statically linked build the GSSAPI (HTTP Negotiate) and libssh2 (SSH)
// functions libgit2 refers to, so that the executable loads and relocates neither Kerberos
// nor libssh2 with OpenSSL's libcrypto under it. docs/benchmarks.md has the measurements.

#include "core/git/transports.hpp"

#include <git2/errors.h>

// Debian's libgit2 1.5 (built with mbedTLS) parses the whole system CA bundle inside
// git_libgit2_init: three quarters of the instructions of a commit-msg hook run. The two
// loaders are replaced and no certificate is loaded. Linked dynamically, the executable defines
// them and the dynamic linker binds libgit2's calls to these ahead of libmbedx509's; linked
// statically (TRAIL_STATIC_DEPS), the linker's --wrap sends libgit2's calls to the __wrap_
// versions. Should TLS ever be used through libgit2, it would fail verification for want of a
// trusted root, never succeed without one. Builds of libgit2 with OpenSSL never call them.
#ifdef TRAIL_STATIC_DEPS
#  define TRAIL_CA_LOADER(name) __wrap_##name
#else
#  define TRAIL_CA_LOADER(name) name
#endif
extern "C" int TRAIL_CA_LOADER(mbedtls_x509_crt_parse_file)(void* /*chain*/,
                                                            const char* /*path*/) noexcept
{
  return 0;
}
extern "C" int TRAIL_CA_LOADER(mbedtls_x509_crt_parse_path)(void* /*chain*/,
                                                            const char* /*path*/) noexcept
{
  return 0;
}

#ifdef TRAIL_STATIC_DEPS
// In the static build libgit2's TLS set-up is skipped altogether: git_libgit2_init would seed a
// random generator (HAVEGE entropy, AES tables) and build an SSL configuration for HTTPS, page
// faults and instructions at every start for a transport never used. The linker's --wrap sends
// libgit2's four calls into its mbedTLS stream here: set-up succeeds doing nothing, and
// opening a TLS stream or setting certificate locations fails with a clear error.
namespace {
int tls_unavailable() noexcept
{
  git_error_set_str(GIT_ERROR_SSL,
                    "TLS is not available in git-trail (it never connects through "
                    "libgit2; git itself fetches and pushes)");
  return -1;
}
} // namespace
extern "C" {
int __wrap_git_mbedtls_stream_global_init() noexcept
{
  return 0;
}
int __wrap_git_mbedtls_stream_new(void* /*out*/,
                                  const char* /*host*/,
                                  const char* /*port*/) noexcept
{
  return tls_unavailable();
}
int __wrap_git_mbedtls_stream_wrap(void* /*out*/, void* /*in*/, const char* /*host*/) noexcept
{
  return tls_unavailable();
}
int __wrap_git_mbedtls__set_cert_location(const char* /*file*/, const char* /*path*/) noexcept
{
  return tls_unavailable();
}
}

// Kerberos ships no static archive on Debian, and libssh2's archive brings OpenSSL's libcrypto:
// linked, they were seven shared libraries to load and some 300 KB of OpenSSL's pointer tables
// for the dynamic loader to relocate (a page fault per page) at every start. Only the C names
// and the result's type matter to the linker and the caller; arguments are ignored. Every
// entry point a connection goes through first fails: GSSAPI reports that no mechanism is
// available (libgit2: "could not retrieve available mechanisms") and libssh2 cannot create a
// session (libgit2: "failed to initialize SSH session"), so neither can ever authenticate or
// connect. The functions only reachable after those return an error or nothing.
namespace {
constexpr unsigned gss_failure = 13U << 16U; // GSS_S_FAILURE, RFC 2744 section 3.9.1
unsigned gss_result(unsigned* minor, unsigned major) noexcept
{
  if (minor != nullptr)
    *minor = 0;
  return major;
}
constexpr long ssh_error = -1; // LIBSSH2_ERROR_SOCKET_NONE: any negative value is a failure
} // namespace

extern "C" {
void* GSS_C_NT_HOSTBASED_SERVICE = nullptr;
unsigned gss_indicate_mechs(unsigned* minor, void* /*mechs*/) noexcept
{
  return gss_result(minor, gss_failure);
}
unsigned gss_import_name(unsigned* minor,
                         const void* /*buffer*/,
                         const void* /*type*/,
                         void* /*name*/) noexcept
{
  return gss_result(minor, gss_failure);
}
unsigned gss_init_sec_context(unsigned* minor,
                              void* /*credential*/,
                              void* /*context*/,
                              void* /*target*/,
                              void* /*mech*/,
                              unsigned /*flags*/,
                              unsigned /*time*/,
                              void* /*bindings*/,
                              void* /*input*/,
                              void* /*actual_mech*/,
                              void* /*output*/,
                              unsigned* /*ret_flags*/,
                              unsigned* /*time_rec*/) noexcept
{
  return gss_result(minor, gss_failure);
}
unsigned gss_display_status(unsigned* minor,
                            unsigned /*status*/,
                            int /*type*/,
                            const void* /*mech*/,
                            unsigned* /*context*/,
                            void* /*text*/) noexcept
{
  return gss_result(minor, gss_failure);
}
// Nothing is ever allocated, so releasing succeeds (GSS_S_COMPLETE).
unsigned gss_delete_sec_context(unsigned* minor, void* /*context*/, void* /*token*/) noexcept
{
  return gss_result(minor, 0);
}
unsigned gss_release_buffer(unsigned* minor, void* /*buffer*/) noexcept
{
  return gss_result(minor, 0);
}
unsigned gss_release_name(unsigned* minor, void* /*name*/) noexcept
{
  return gss_result(minor, 0);
}
unsigned gss_release_oid_set(unsigned* minor, void* /*set*/) noexcept
{
  return gss_result(minor, 0);
}

// libssh2: git_libgit2_init calls libssh2_init, which succeeds; creating a session fails.
int libssh2_init(int /*flags*/) noexcept
{
  return 0;
}
void libssh2_exit() noexcept {}
void* libssh2_session_init_ex(void* /*alloc*/,
                              void* /*free*/,
                              void* /*realloc*/,
                              void* /*abstract*/) noexcept
{
  return nullptr;
}
void* libssh2_agent_init(void* /*session*/) noexcept
{
  return nullptr;
}
void* libssh2_knownhost_init(void* /*session*/) noexcept
{
  return nullptr;
}
void* libssh2_channel_open_ex(void* /*session*/,
                              const char* /*type*/,
                              unsigned /*type_length*/,
                              unsigned /*window*/,
                              unsigned /*packet*/,
                              const char* /*message*/,
                              unsigned /*message_length*/) noexcept
{
  return nullptr;
}
void** libssh2_session_abstract(void* /*session*/) noexcept
{
  return nullptr;
}
const char* libssh2_hostkey_hash(void* /*session*/, int /*type*/) noexcept
{
  return nullptr;
}
const char* libssh2_session_hostkey(void* /*session*/, void* /*length*/, void* /*type*/) noexcept
{
  return nullptr;
}
char* libssh2_userauth_list(void* /*session*/, const char* /*user*/, unsigned /*length*/) noexcept
{
  return nullptr;
}
void libssh2_agent_free(void* /*agent*/) noexcept {}
void libssh2_knownhost_free(void* /*hosts*/) noexcept {}
void libssh2_channel_set_blocking(void* /*channel*/, int /*blocking*/) noexcept {}
void libssh2_session_set_blocking(void* /*session*/, int /*blocking*/) noexcept {}
long libssh2_channel_read_ex(void* /*channel*/,
                             int /*stream*/,
                             char* /*buffer*/,
                             unsigned long /*length*/) noexcept
{
  return ssh_error;
}
long libssh2_channel_write_ex(void* /*channel*/,
                              int /*stream*/,
                              const char* /*buffer*/,
                              unsigned long /*length*/) noexcept
{
  return ssh_error;
}
int libssh2_session_last_error(void* /*session*/,
                               char** message,
                               int* length,
                               int /*want_buffer*/) noexcept
{
  static char text[] = "SSH is not available in git-trail";
  if (message != nullptr)
    *message = text;
  if (length != nullptr)
    *length = static_cast<int>(sizeof text - 1);
  return static_cast<int>(ssh_error);
}
} // extern "C"

// The rest return an error code (int); the arguments, whatever they are, are ignored.
#  define TRAIL_SSH_FAILS(name)                                                                    \
    extern "C" int name() noexcept                                                                 \
    {                                                                                              \
      return static_cast<int>(ssh_error);                                                          \
    }
TRAIL_SSH_FAILS(libssh2_agent_connect)
TRAIL_SSH_FAILS(libssh2_agent_disconnect)
TRAIL_SSH_FAILS(libssh2_agent_get_identity)
TRAIL_SSH_FAILS(libssh2_agent_list_identities)
TRAIL_SSH_FAILS(libssh2_agent_userauth)
TRAIL_SSH_FAILS(libssh2_channel_close)
TRAIL_SSH_FAILS(libssh2_channel_free)
TRAIL_SSH_FAILS(libssh2_channel_process_startup)
TRAIL_SSH_FAILS(libssh2_knownhost_checkp)
TRAIL_SSH_FAILS(libssh2_knownhost_readfile)
TRAIL_SSH_FAILS(libssh2_session_disconnect_ex)
TRAIL_SSH_FAILS(libssh2_session_free)
TRAIL_SSH_FAILS(libssh2_session_handshake)
TRAIL_SSH_FAILS(libssh2_session_method_pref)
TRAIL_SSH_FAILS(libssh2_userauth_authenticated)
TRAIL_SSH_FAILS(libssh2_userauth_keyboard_interactive_ex)
TRAIL_SSH_FAILS(libssh2_userauth_password_ex)
TRAIL_SSH_FAILS(libssh2_userauth_publickey)
TRAIL_SSH_FAILS(libssh2_userauth_publickey_fromfile_ex)
TRAIL_SSH_FAILS(libssh2_userauth_publickey_frommemory)
#  undef TRAIL_SSH_FAILS
#endif

namespace trail::git {

void link_transport_replacements() noexcept {}

} // namespace trail::git
