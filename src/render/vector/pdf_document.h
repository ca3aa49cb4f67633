#pragma once
// A multi-page PDF of composed figures (an atlas: a title page, one map per page, text pages), written with
// the Cairo back end.
//
// Usage:
//   render::PdfDocument pdf("atlas.pdf", "Riverbend County atlas");
//   pdf.addPage(titleFigure);           // each page takes its size from its figure
//   pdf.addPage(mapFigure);
//   pdf.finish();                       // renames the finished file into place
#include <memory>
#include <string>

#include "render/figure.h"

namespace mobmap::render {

class PdfDocument {
 public:
  // Starts a PDF at `path` (written under a temporary name until finish()); `title` goes in the metadata.
  // Throws mobmap::Error when the folder does not exist or the file cannot be created.
  PdfDocument(std::string path, const std::string& title);
  // Without finish(), removes the partial file.
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  // Draws `figure` on a new page of the figure's size. Fonts are embedded; the same pages give the same
  // bytes on every run.
  void addPage(const Figure& figure);
  // Number of pages added so far.
  int pageCount() const { return m_pages; }
  // Completes the file and moves it to `path`. Throws mobmap::Error when the file cannot be written.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_path;
  int m_pages = 0;
};

}  // namespace mobmap::render
