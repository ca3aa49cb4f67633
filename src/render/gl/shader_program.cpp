#include "render/gl/shader_program.h"

#include <utility>
#include <vector>

#include "core/error.h"

namespace mobmap::render::gl::shaders {
std::string_view embeddedFile(std::string_view fileName);
}

namespace mobmap::render::gl {

namespace {

GLuint compile(GLenum kind, std::string_view source, const std::string& name) {
  GLuint s = glCreateShader(kind);
  const char* text = source.data();
  GLint length = static_cast<GLint>(source.size());
  glShaderSource(s, 1, &text, &length);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint logLength = 0;
    glGetShaderiv(s, GL_INFO_LOG_LENGTH, &logLength);
    std::vector<char> log(static_cast<std::size_t>(std::max(1, logLength)));
    glGetShaderInfoLog(s, logLength, nullptr, log.data());
    glDeleteShader(s);
    throw Error("shader " + name + (kind == GL_VERTEX_SHADER ? " (vertex)" : " (fragment)") +
                " does not compile: " + std::string(log.data()));
  }
  return s;
}

}  // namespace

ShaderProgram::ShaderProgram(std::string_view vertexSource, std::string_view fragmentSource, const std::string& name) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertexSource, name);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, fragmentSource, name);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  m_id = glCreateProgram();
  glAttachShader(m_id, vs);
  glAttachShader(m_id, fs);
  glLinkProgram(m_id);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(m_id, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint logLength = 0;
    glGetProgramiv(m_id, GL_INFO_LOG_LENGTH, &logLength);
    std::vector<char> log(static_cast<std::size_t>(std::max(1, logLength)));
    glGetProgramInfoLog(m_id, logLength, nullptr, log.data());
    glDeleteProgram(m_id);
    m_id = 0;
    throw Error("shader program " + name + " does not link: " + std::string(log.data()));
  }
}

ShaderProgram::~ShaderProgram() {
  if (m_id) glDeleteProgram(m_id);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept : m_id(std::exchange(other.m_id, 0)) {}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
  if (this != &other) {
    if (m_id) glDeleteProgram(m_id);
    m_id = std::exchange(other.m_id, 0);
  }
  return *this;
}

std::string_view shaderSource(std::string_view fileName) {
  std::string_view text = shaders::embeddedFile(fileName);
  if (text.empty()) throw Error("shader " + std::string(fileName) + " is not embedded in this build");
  return text;
}

}  // namespace mobmap::render::gl
