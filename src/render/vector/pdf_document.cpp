#include "render/vector/pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <unistd.h>

#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "render/vector/detail/cairo_drawing.h"

namespace mobmap::render {

struct PdfDocument::Impl {
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  std::unique_ptr<AtomicFile> file;  // the temporary file, renamed onto the target by finish()

  ~Impl() {
    if (cr) cairo_destroy(cr);
    if (surface) cairo_surface_destroy(surface);
  }
};

PdfDocument::PdfDocument(std::string path, const std::string& title) : m_impl(std::make_unique<Impl>()), m_path(std::move(path)) {
  namespace fs = std::filesystem;
  const fs::path target = fs::absolute(m_path);
  if (!fs::is_directory(target.parent_path()))
    throw Error(m_path + ": cannot write: folder " + target.parent_path().string() + " does not exist");
  m_impl->file = std::make_unique<AtomicFile>(target);
  // The first page's size is set by addPage.
  m_impl->surface = cairo_pdf_surface_create(m_impl->file->tempPath().c_str(), 612, 792);
  if (cairo_surface_status(m_impl->surface) != CAIRO_STATUS_SUCCESS)
    throw Error(m_path + ": cannot write (" + cairo_status_to_string(cairo_surface_status(m_impl->surface)) + ")");
  cairo_pdf_surface_set_metadata(m_impl->surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(m_impl->surface, CAIRO_PDF_METADATA_CREATOR, "mobmap");
  // A fixed date keeps the same atlas byte-for-byte identical between runs.
  cairo_pdf_surface_set_metadata(m_impl->surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
  m_impl->cr = cairo_create(m_impl->surface);
}

PdfDocument::~PdfDocument() {
  m_impl.reset();  // closes the surface, then the AtomicFile removes the unfinished temporary file
}

void PdfDocument::addPage(const Figure& figure) {
  if (!m_impl) throw Error(m_path + ": the document is already finished");
  if (m_pages > 0) cairo_show_page(m_impl->cr);
  cairo_pdf_surface_set_size(m_impl->surface, figure.widthPt, figure.heightPt);
  cairo_save(m_impl->cr);
  drawFigureOnCairo(m_impl->cr, figure);
  cairo_restore(m_impl->cr);
  ++m_pages;
}

void PdfDocument::finish() {
  if (!m_impl) throw Error(m_path + ": the document is already finished");
  if (m_pages > 0) cairo_show_page(m_impl->cr);
  cairo_destroy(m_impl->cr);
  m_impl->cr = nullptr;
  cairo_surface_finish(m_impl->surface);
  const cairo_status_t st = cairo_surface_status(m_impl->surface);
  if (st != CAIRO_STATUS_SUCCESS) throw Error(m_path + ": cannot write (" + cairo_status_to_string(st) + ")");
  cairo_surface_destroy(m_impl->surface);
  m_impl->surface = nullptr;
  m_impl->file->commit();
  m_impl.reset();
}

}  // namespace mobmap::render
