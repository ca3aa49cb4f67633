#pragma once
// A tiny HTTP/1.1 file server on 127.0.0.1 for the fetch tests: serves files under a folder by URL path
// (the query is ignored), answers Range requests with 206, 404 for missing files, and can drop the
// connection halfway through a file, answer a path by a function (an API that reads its query, a redirect,
// a page served with 200), send a file slowly, or stall: send the headers and then a byte now and then,
// forever. It accepts on its own thread and serves each connection on a thread of its own.
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mobmap::test {

// A response made by a handler.
struct TestResponse {
  int status = 200;
  std::string reason = "OK";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Length and Connection
  std::string body;
};

class TestHttpServer {
 public:
  // Answers a request for a path: nullopt = serve the file as usual. Gets the path and the query (without '?').
  using Handler = std::function<std::optional<TestResponse>(const std::string& path, const std::string& query)>;

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
  // Requests for paths starting with `prefix` are first offered to `handler`.
  void handle(const std::string& prefix, Handler handler);
  // GETs of `path` send the headers (the full length) and then one byte every `gapMs`, for ever: a stalled
  // server that never trips a per-transfer "no data for N seconds" timeout. 0 = serve normally again.
  void stall(const std::string& path, int gapMs);
  // GETs of `path` send the file in pieces of `bytes`, `gapMs` apart (two clients then overlap).
  void throttle(const std::string& path, std::size_t bytes, int gapMs);
  // Every request line received ("GET /x?y HTTP/1.1"), each followed by " | Range: ..." when it had one.
  std::vector<std::string> requests() const;

 private:
  void serve();
  void serveConnection(int fd);

  std::filesystem::path m_root;
  int m_listen = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::map<std::string, int> m_drops;
  std::vector<std::pair<std::string, Handler>> m_handlers;
  std::map<std::string, int> m_stalls;
  std::map<std::string, std::pair<std::size_t, int>> m_throttles;
  std::vector<std::thread> m_connections;
  std::vector<std::string> m_requests;
};

}  // namespace mobmap::test
