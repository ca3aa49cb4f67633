#include "test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mobmap::test {

namespace {

bool sendAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    data += w;
    n -= std::size_t(w);
  }
  return true;
}

std::string header(const std::string& request, const std::string& name) {
  std::istringstream in(request);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0 && line[name.size()] == ':') {
      std::string v = line.substr(name.size() + 1);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      return v;
    }
  }
  return {};
}

}  // namespace

TestHttpServer::TestHttpServer(std::filesystem::path root) : m_root(std::move(root)) {
  m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
  if (m_listen < 0) throw std::runtime_error("test server: socket() failed");
  int one = 1;
  ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0)
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
  m_port = ntohs(addr.sin_port);
  m_thread = std::thread([this] { serve(); });
}

TestHttpServer::~TestHttpServer() { stop(); }

std::string TestHttpServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port); }

void TestHttpServer::stop() {
  if (m_stop.exchange(true)) return;
  if (m_thread.joinable()) m_thread.join();
  ::close(m_listen);
  for (std::thread& t : m_connections)
    if (t.joinable()) t.join();
}

void TestHttpServer::handle(const std::string& prefix, Handler handler) {
  std::lock_guard lock(m_mutex);
  m_handlers.emplace_back(prefix, std::move(handler));
}

void TestHttpServer::stall(const std::string& path, int gapMs) {
  std::lock_guard lock(m_mutex);
  m_stalls[path] = gapMs;
}

void TestHttpServer::throttle(const std::string& path, std::size_t bytes, int gapMs) {
  std::lock_guard lock(m_mutex);
  m_throttles[path] = {bytes, gapMs};
}

void TestHttpServer::dropMidFile(const std::string& path, int count) {
  std::lock_guard lock(m_mutex);
  m_drops[path] = count;
}

std::vector<std::string> TestHttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

void TestHttpServer::serve() {
  while (!m_stop) {
    pollfd p{m_listen, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept(m_listen, nullptr, nullptr);
    if (fd < 0) continue;
    m_connections.emplace_back([this, fd] {
      serveConnection(fd);
      ::close(fd);
    });
  }
}

void TestHttpServer::serveConnection(int fd) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    request.append(buf, std::size_t(n));
  }
  std::string firstLine = request.substr(0, request.find("\r\n"));
  std::string range = header(request, "Range");
  std::string ifRange = header(request, "If-Range");
  std::string target = firstLine.substr(firstLine.find(' ') + 1);
  target = target.substr(0, target.find(' '));
  std::string path = target.substr(0, target.find('?'));
  const std::string query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
  int drop = 0, stallMs = 0;
  std::pair<std::size_t, int> slow{0, 0};
  Handler handler;
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(firstLine + (range.empty() ? "" : " | Range: " + range));
    if (auto it = m_drops.find(path); it != m_drops.end() && it->second > 0) {
      drop = 1;
      --it->second;
    }
    if (auto it = m_stalls.find(path); it != m_stalls.end()) stallMs = it->second;
    if (auto it = m_throttles.find(path); it != m_throttles.end()) slow = it->second;
    for (const auto& [prefix, h] : m_handlers)
      if (path.starts_with(prefix)) handler = h;
  }
  if (handler) {
    if (std::optional<TestResponse> r = handler(path, query)) {
      std::string head = "HTTP/1.1 " + std::to_string(r->status) + " " + r->reason + "\r\n";
      for (const auto& [k, v] : r->headers) head += k + ": " + v + "\r\n";
      head += "Content-Length: " + std::to_string(r->body.size()) + "\r\nConnection: close\r\n\r\n";
      if (sendAll(fd, head.data(), head.size())) sendAll(fd, r->body.data(), r->body.size());
      return;
    }
  }
  std::filesystem::path file = m_root / path.substr(1);
  std::error_code ec;
  if (path.find("..") != std::string::npos || !std::filesystem::is_regular_file(file, ec)) {
    std::string body = "404 Not Found: " + path + "\n";
    std::string head = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nConnection: close\r\n\r\n";
    sendAll(fd, head.data(), head.size());
    sendAll(fd, body.data(), body.size());
    return;
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string content = ss.str();
  const std::string etag = "\"" + std::to_string(content.size()) + "-" + std::to_string(std::hash<std::string>{}(content) % 1000000007) + "\"";
  std::size_t start = 0;
  bool partial = false;
  if (range.rfind("bytes=", 0) == 0 && (ifRange.empty() || ifRange == etag)) {
    start = std::stoul(range.substr(6));
    partial = true;
    if (start >= content.size()) {
      std::string head = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" + std::to_string(content.size()) +
                         "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      sendAll(fd, head.data(), head.size());
      return;
    }
  }
  std::size_t length = content.size() - start;
  std::string head = partial ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(start) + "-" +
                                   std::to_string(content.size() - 1) + "/" + std::to_string(content.size()) + "\r\n"
                             : "HTTP/1.1 200 OK\r\n";
  head += "Content-Length: " + std::to_string(length) + "\r\nETag: " + etag +
          "\r\nLast-Modified: Tue, 01 Oct 2024 00:00:00 GMT\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n";
  if (!sendAll(fd, head.data(), head.size())) return;
  if (stallMs > 0) {  // a byte now and then, until the client gives up or the server stops
    for (std::size_t i = start; i < content.size() && !m_stop; ++i) {
      if (!sendAll(fd, content.data() + i, 1)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(stallMs));
    }
    return;
  }
  if (slow.first > 0) {
    for (std::size_t i = start; i < content.size() && !m_stop; i += slow.first) {
      if (!sendAll(fd, content.data() + i, std::min(slow.first, content.size() - i))) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(slow.second));
    }
    return;
  }
  std::size_t send = drop ? length / 2 : length;
  sendAll(fd, content.data() + start, send);
  if (drop) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace mobmap::test
