// The CUDA translation unit of the hand-written pipeline, compiled to PTX at build time when
// nvcc exists (profile "cuda-ptx" of kernels/pom.xml). The kernels keep their C names in the PTX.
#include "prelude_cuda.h"
extern "C" {
#include "specula_verify.h"
}
