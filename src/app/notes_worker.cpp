#include "app/notes_worker.h"

#include <memory>

#include "core/error.h"
#include "notes/note_store.h"
#include "session/note_callouts.h"

namespace mobmap::app {

NotesWorker::NotesWorker(std::string storeSpec) : m_spec(std::move(storeSpec)) {
  m_queue.push_back({ui::NoteRequest::Kind::Reload, {}});
  m_thread = std::thread([this] { loop(); });
}

NotesWorker::~NotesWorker() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

void NotesWorker::submit(ui::NoteRequest request) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_queue.push_back(std::move(request));
  }
  m_wake.notify_all();
}

std::optional<NotesResult> NotesWorker::take() {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_results.empty()) return std::nullopt;
  NotesResult r = std::move(m_results.front());
  m_results.pop_front();
  return r;
}

bool NotesWorker::busy() const {
  std::lock_guard<std::mutex> lock(m_mutex);
  return !m_queue.empty() || m_running > 0;
}

void NotesWorker::loop() {
  std::unique_ptr<notes::NoteStore> store;
  const bool readOnly = session::isNoteExchangeFile(m_spec);
  for (;;) {
    ui::NoteRequest request;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping, and every queued operation is done
      request = std::move(m_queue.front());
      m_queue.pop_front();
      ++m_running;
    }
    NotesResult r;
    r.kind = request.kind;
    r.readOnly = readOnly;
    using Kind = ui::NoteRequest::Kind;
    try {
      if (readOnly) {
        if (request.kind != Kind::Reload) throw Error(m_spec + " is a GeoJSON/CSV file of notes, not a store: import it into a GeoPackage to edit notes");
        r.all = session::readNoteSource(m_spec);
      } else {
        if (!store) store = notes::openNoteStore(m_spec);
        try {
          switch (request.kind) {
            case Kind::Reload: break;
            case Kind::Move:
            case Kind::UndoMove:
            case Kind::Save: r.note = request.note.id == 0 ? store->add(request.note) : store->update(request.note); break;
            case Kind::Delete:
              store->remove(request.note.id, request.note.revision);
              r.note = request.note;
              break;
            case Kind::Restore: {
              notes::Note again = request.note;
              again.id = 0;
              again.revision = 0;
              r.note = store->add(again);
              break;
            }
          }
          r.ok = true;
        } catch (const notes::ConflictError& e) {
          r.conflict = true;
          r.message = e.what();
          if (request.note.id) r.note = store->get(request.note.id);
        }
        r.all = store->list();
      }
      r.ok = !r.conflict;
    } catch (const std::exception& e) {
      r.ok = false;
      r.message = e.what();
    }
    std::lock_guard<std::mutex> lock(m_mutex);
    m_results.push_back(std::move(r));
    --m_running;
  }
}

}  // namespace mobmap::app
