#pragma once
// Runs the viewer's notes store operations on a background thread, one at a time and in order, so a slow or
// remote store (PostGIS) never stalls drawing. The store is opened on that thread: a GeoPackage that does not
// exist yet is created empty; a GeoJSON/CSV file of notes is read, and then only Reload is allowed.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ui/notes_state.h"

namespace mobmap::app {

// What one operation came to.
struct NotesResult {
  ui::NoteRequest::Kind kind = ui::NoteRequest::Kind::Reload;
  bool ok = false;
  bool conflict = false;                  // the note was changed or deleted by someone else since it was read
  std::string message;                    // error or conflict text
  std::optional<notes::Note> note;        // Save/Restore: the stored note; Delete: the deleted note; conflict: the
                                          // note as stored now (nullopt when it is gone)
  std::vector<notes::Note> all;           // every note after the operation
  bool readOnly = false;
};

class NotesWorker {
 public:
  // Starts the thread and queues a first Reload of `storeSpec`.
  explicit NotesWorker(std::string storeSpec);
  // Finishes every queued operation (a note saved just before quitting is stored), then stops the thread.
  ~NotesWorker();
  NotesWorker(const NotesWorker&) = delete;
  NotesWorker& operator=(const NotesWorker&) = delete;

  // Queues an operation.
  void submit(ui::NoteRequest request);
  // The oldest finished operation, if any.
  std::optional<NotesResult> take();
  // True while operations are queued or running.
  bool busy() const;

 private:
  void loop();

  std::string m_spec;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<ui::NoteRequest> m_queue;
  std::deque<NotesResult> m_results;
  int m_running = 0;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace mobmap::app
