// toml++'s implementation, compiled once here instead of in every file that includes it: the
// statically linked build uses no toml++ library and declares TOML_HEADER_ONLY=0 for the rest
// (src/CMakeLists.txt). With the shared library (TRAIL_STATIC_DEPS off) this file is empty.
#if defined(TRAIL_STATIC_DEPS)
#  define TOML_IMPLEMENTATION
#  include <toml++/toml.h>
#endif
