#pragma once
// A linked GLSL program built from vertex and fragment shader text.
#include <string>
#include <string_view>

#include "render/gl/gl_api.h"

namespace mobmap::render::gl {

class ShaderProgram {
 public:
  ShaderProgram() = default;
  // Compiles and links; throws mobmap::Error with the driver's log naming `name` when either step fails.
  ShaderProgram(std::string_view vertexSource, std::string_view fragmentSource, const std::string& name);
  ~ShaderProgram();
  ShaderProgram(ShaderProgram&& other) noexcept;
  ShaderProgram& operator=(ShaderProgram&& other) noexcept;
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;

  GLuint id() const { return m_id; }
  // The location of a uniform (-1 when the program does not use it).
  GLint uniform(const char* name) const { return glGetUniformLocation(m_id, name); }

 private:
  GLuint m_id = 0;
};

// The text of an embedded shader file (shaders/<name>); throws mobmap::Error when it is not embedded.
std::string_view shaderSource(std::string_view fileName);

}  // namespace mobmap::render::gl
