// The light theme and fonts: dark text on light panels, readable on a projector in a bright room.
#include <filesystem>

#include "ui/panels.h"

namespace mobmap::ui {

void applyLightTheme(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 3;
  style.FrameRounding = 2;
  style.WindowBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 5);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.08f, 0.08f, 0.08f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.70f, 0.70f, 0.70f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void loadFonts(float pixelSize) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  ImFont* font = nullptr;
  if (std::filesystem::exists(path)) {
    // Latin-1, Greek (Σ), subscript i and j, punctuation, fractions, arrows, the mathematical operators the
    // legends' notes print (−, √, ≤, ≥) and geometric shapes (□).
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x1D62, 0x1D62, 0x2013, 0x2014, 0x2018, 0x201F,
                                     0x2022, 0x2026, 0x2150, 0x215F, 0x2190, 0x2193, 0x2200, 0x22FF, 0x25A0, 0x25FF,
                                     0x2C7C, 0x2C7C, 0};
    font = io.Fonts->AddFontFromFileTTF(path, pixelSize, nullptr, ranges);
  }
  if (!font) {
    ImFontConfig config;
    config.SizePixels = pixelSize;
    io.Fonts->AddFontDefault(&config);
  }
  io.Fonts->Build();
}

}  // namespace mobmap::ui
