#pragma once

// git-trail's own reader of loose objects (private to the git layer).
//
// libgit2 1.5.1 (Debian bookworm's package) loops forever inflating a loose object whose zlib
// stream ends early (a truncated file): its zstream loop makes no progress and never gives
// up. git fails at once. So every repository git-trail opens gets this reader in front of
// libgit2's loose backend: it serves reads of loose objects itself, with zlib, and fails
// with an error naming the object and its file on a stream that ends early, a bad header or
// a size that does not match. Objects that are not loose fall through to the pack backend.

struct git_repository;

namespace trail::git {

// Registers the reader on REPO's object database, over every folder libgit2 reads loose
// objects from: the repository's objects folder (GIT_OBJECT_DIRECTORY when FROM_ENVIRONMENT
// and set, as in a pre-receive quarantine), GIT_ALTERNATE_OBJECT_DIRECTORIES (when
// FROM_ENVIRONMENT) and the alternates each of them lists in info/alternates (five levels
// deep, as git). Throws GitError when libgit2 refuses it.
void install_loose_reader(git_repository* repo, bool from_environment);

// Throws Error (exit 3) describing the corrupt object when a read on this thread found one
// since the last call; libgit2's callers may turn that failure into "not found", so every
// error path of the git layer calls this before deciding what a failure means.
void throw_if_corrupt();

} // namespace trail::git
