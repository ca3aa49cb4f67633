#version 330 core
// Fill with hatching: the feature's colour (fetched by the vertex shader: RGB = fill, A = flags: 1 hatch),
// with a diagonal hatch in screen pixels over low-quality features, as the exported figure draws it. Used
// when some feature is hatched (unfilled features never reach here: the vertex shader drops them).
flat in vec4 v_texel;

uniform vec3 u_hatchColor;
uniform float u_hatchSpacing;  // pixels between hatch lines
uniform float u_hatchWidth;    // pixels
uniform float u_opacity;

out vec4 fragColor;

void main() {
  int flags = int(v_texel.a * 255.0 + 0.5);
  vec3 color = v_texel.rgb;
  if ((flags & 1) != 0) {
    float d = mod(gl_FragCoord.x - gl_FragCoord.y, u_hatchSpacing);
    if (d < u_hatchWidth) color = u_hatchColor;
  }
  fragColor = vec4(color, u_opacity);
}
