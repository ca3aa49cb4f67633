#version 330 core
// Plain fill: the feature's colour (fetched by the vertex shader). Used while no feature is hatched; a
// software rasteriser runs this once per covered pixel block of every triangle, so it is kept minimal.
flat in vec4 v_texel;

uniform float u_opacity;

out vec4 fragColor;

void main() {
  fragColor = vec4(v_texel.rgb, u_opacity);
}
