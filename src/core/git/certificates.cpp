// The certificate loaders of mbedTLS, replaced so that libgit2 loads no certificate.

#include "core/git/certificates.hpp"

// libgit2 1.5 as Debian builds it (with mbedTLS) parses the whole system CA bundle inside
// git_libgit2_init: three quarters of the instructions of a commit-msg hook run. git-trail
// never uses libgit2's network transports (fetches and pushes go through git itself), so the
// two loaders are replaced and no certificate is loaded. Linked dynamically, the executable
// defines them and the dynamic linker binds libgit2's calls to these ahead of libmbedx509's;
// linked statically (TRAIL_STATIC_DEPS), the linker's --wrap sends libgit2's calls to the
// __wrap_ versions. Should TLS ever be used through libgit2, it would fail verification for
// want of a trusted root, never succeed without one. Builds of libgit2 with OpenSSL never call
// them.
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

namespace trail::git {

void link_certificate_loaders() noexcept {}

} // namespace trail::git
