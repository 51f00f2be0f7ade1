#pragma once

// libgit2's network transports, left without their libraries (transports.cpp; private to the
// git layer).

namespace trail::git {

// Does nothing. Called when libgit2 is initialised so that the linker always takes
// transports.cpp out of the static core library: only libgit2 (linked after it) refers to the
// functions it defines, and an archive member nothing of ours refers to is left out.
void link_transport_replacements() noexcept;

} // namespace trail::git
