#include "app/frame_timings.h"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <ostream>

namespace mobmap::app {

namespace {

// Taken during static initialisation, before main: the reference for "start to first frame".
const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// CPU time of the whole process (all threads) in milliseconds.
double processCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

FrameTimings::FrameTimings(int panFrames) : m_panFrames(std::max(1, panFrames)) {}

FrameTimings::Action FrameTimings::beginFrame(bool ready, bool settled) {
  m_frameStart = m_mapStart = Clock::now();
  m_action = Action::None;
  if (ready && settled && m_phase == Phase::Panning) {
    m_action = Action::Pan;
    if (m_frameMs.empty()) m_panCpuStartMs = processCpuMs();
  }
  if (ready && m_phase == Phase::Recolour) m_action = Action::Recolour;
  return m_action;
}

double FrameTimings::panOffsetPx() const {
  return (m_frameMs.size() / 8) % 2 == 0 ? 24.0 : -24.0;
}

void FrameTimings::beginMap() { m_mapStart = Clock::now(); }

double FrameTimings::sinceStart() { return sinceStart(Clock::now()); }

double FrameTimings::sinceStart(Clock::time_point t) { return ms(t - kProcessStart) / 1000; }

bool FrameTimings::endFrame(bool ready, bool settled) {
  const Clock::time_point now = Clock::now();
  if (!ready) return false;
  if (settled && m_settledS == 0) m_settledS = ms(now - kProcessStart) / 1000;
  switch (m_phase) {
    case Phase::Loading:
      m_firstFrameS = ms(now - kProcessStart) / 1000;
      m_phase = Phase::Panning;
      break;
    case Phase::Panning:
      if (m_action != Action::Pan) break;
      m_frameMs.push_back(ms(now - m_frameStart));
      m_mapMs.push_back(ms(now - m_mapStart));
      if (static_cast<int>(m_frameMs.size()) >= m_panFrames) {
        m_frameCpuMs = (processCpuMs() - m_panCpuStartMs) / static_cast<double>(m_frameMs.size());
        m_phase = Phase::Recolour;
      }
      break;
    case Phase::Recolour:
      if (m_action != Action::Recolour) break;
      m_recolourMs = ms(now - m_frameStart);
      m_phase = Phase::Done;
      break;
    case Phase::Done:
      break;
  }
  return m_phase == Phase::Done;
}

void FrameTimings::noteLoopPass(double ms) { m_longestPassMs = std::max(m_longestPassMs, ms); }

void FrameTimings::print(std::ostream& out) const {
  out << std::fixed << std::setprecision(3) << "first_frame_s=" << m_firstFrameS << " settled_s=" << m_settledS << " frame_ms=" << median(m_frameMs)
      << " map_ms=" << median(m_mapMs) << " recolour_ms=" << m_recolourMs
      << " longest_frame_ms=" << m_longestPassMs << " frames=" << m_frameMs.size() << " frame_cpu_ms=" << m_frameCpuMs
      << "\n";
  out.unsetf(std::ios::floatfield);
}

}  // namespace mobmap::app
