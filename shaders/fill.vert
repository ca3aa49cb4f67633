#version 330 core
// Polygon fill: positions are relative to the layer's local origin; colours come per feature from a
// texture buffer, so recolouring never touches the geometry. The colour is fetched here, once per vertex,
// rather than once per pixel (a software rasteriser pays for every fragment's fetch). An unfilled feature's
// vertices are all moved outside the clip volume, so its triangles are dropped before rasterisation and the
// fragment shaders need no discard.
layout(location = 0) in vec2 a_position;
layout(location = 1) in uint a_feature;

uniform vec2 u_offset;  // layer origin minus camera centre, display-CRS units
uniform vec2 u_scale;   // display-CRS units to normalised device coordinates
uniform samplerBuffer u_colors;  // per feature: RGB = fill, A = flags (1 hatch, 2 no fill)

flat out vec4 v_texel;

void main() {
  v_texel = texelFetch(u_colors, int(a_feature));
  int flags = int(v_texel.a * 255.0 + 0.5);
  if ((flags & 2) != 0)
    gl_Position = vec4(2.0, 2.0, 0.0, 1.0);  // beyond the right and top clip planes
  else
    gl_Position = vec4((a_position + u_offset) * u_scale, 0.0, 1.0);
}
