#pragma once
// The OpenGL 3.3 core API as the GL back end uses it: prototypes from the Khronos core header, resolved by
// the system's libGL (the GL context must be current before any call).
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
