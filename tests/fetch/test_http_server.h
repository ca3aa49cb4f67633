#pragma once
// A tiny HTTP/1.1 file server on 127.0.0.1 for the fetch tests: serves files under a folder by URL path
// (the query is ignored), answers Range requests with 206, 404 for missing files, and can drop the
// connection halfway through a file. It runs on its own thread; one connection at a time.
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mobmap::test {

class TestHttpServer {
 public:
  // Binds a free port on 127.0.0.1 and starts serving `root`.
  explicit TestHttpServer(std::filesystem::path root);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // "http://127.0.0.1:PORT".
  std::string baseUrl() const;
  // Stops accepting and closes the port (later connections are refused).
  void stop();
  // The next `count` GETs of `path` send the full headers, half the body, then close the connection.
  void dropMidFile(const std::string& path, int count);
  // Every request line received ("GET /x?y HTTP/1.1"), each followed by " | Range: ..." when it had one.
  std::vector<std::string> requests() const;

 private:
  void serve();
  void handle(int fd);

  std::filesystem::path m_root;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::map<std::string, int> m_drops;
  std::vector<std::string> m_requests;
};

}  // namespace mobmap::test
