#pragma once

// The replaced certificate loaders (certificates.cpp; private to the git layer).

namespace trail::git {

// Does nothing. Called when libgit2 is initialised so that the linker always takes
// certificates.cpp out of the static core library: only libgit2 (linked after it) refers to
// the loaders it defines, and an archive member nothing of ours refers to is left out.
void link_certificate_loaders() noexcept;

} // namespace trail::git
