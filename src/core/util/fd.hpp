#pragma once

#include <unistd.h>
#include <utility>

namespace trail::util {

// A POSIX file descriptor, closed when it goes out of scope; -1 holds none. Movable, not copyable.
class Fd
{
public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept
  {
    std::swap(m_fd, other.m_fd);
    return *this;
  }
  ~Fd()
  {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const
  {
    return m_fd;
  }

private:
  int m_fd;
};

} // namespace trail::util
