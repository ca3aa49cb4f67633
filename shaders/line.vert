#version 330 core
// Outlines at a constant pixel width: each segment is an instance, expanded here into a quad whose
// corners are offset in screen pixels (gl_VertexID 0-3 picks the corner of a triangle strip).
layout(location = 0) in vec2 a_from;
layout(location = 1) in vec2 a_to;

uniform vec2 u_offset;     // layer origin minus camera centre, display-CRS units
uniform vec2 u_scale;      // display-CRS units to normalised device coordinates
uniform vec2 u_viewport;   // canvas size in pixels
uniform float u_halfWidth; // pixels

void main() {
  vec2 a = (a_from + u_offset) * u_scale;
  vec2 b = (a_to + u_offset) * u_scale;
  vec2 toPixels = u_viewport * 0.5;
  vec2 d = (b - a) * toPixels;
  float len = length(d);
  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-dir.y, dir.x);
  bool atEnd = (gl_VertexID & 1) != 0;
  float side = (gl_VertexID & 2) != 0 ? 1.0 : -1.0;
  vec2 base = atEnd ? b : a;
  vec2 along = dir * (atEnd ? u_halfWidth : -u_halfWidth);  // square caps close the joins
  vec2 offsetPx = normal * side * u_halfWidth + along;
  gl_Position = vec4(base + offsetPx / toPixels, 0.0, 1.0);
}
