/*
 * Specula: the CUDA C++ side of the single-source verification pipeline (specula_verify.h).
 * The translation unit is this prelude, then the pipeline inside extern "C" { } so that the
 * kernels keep their plain names in the PTX; see prelude_opencl.h for the OpenCL side.
 */
#ifndef SPECULA_LOCAL
#define SPECULA_LOCAL 256                       /* threads per block: a power of two, fixed at build */
#endif

typedef unsigned int u32;
typedef unsigned long long u64;
#define i64 long long                           /* as in prelude_opencl.h */

/* Every kernel runs with exactly SPECULA_LOCAL threads per block: the register budget follows,
   and the reductions unroll over a compile-time block size. */
#define KERNEL __global__ void __launch_bounds__(SPECULA_LOCAL)
#define GROUP_SIZE() SPECULA_LOCAL
#define FUNC static __device__ __forceinline__
#define GLOBAL
#define LOCAL __shared__
#define LOCAL_PTR
#define RESTRICT __restrict__
#define BARRIER() __syncthreads()

#define GROUP_ID() ((int) blockIdx.x)
#define LOCAL_ID() ((int) threadIdx.x)
#define GLOBAL_ID() ((int) (blockIdx.x * blockDim.x + threadIdx.x))

#define EXPF(x) expf(x)                         /* accurate expf, not __expf: <= 2 ulp */
#define EXPD(x) exp(x)
#define LOGD(x) log(x)
#define MULHI32(a, b) __umulhi((u32) (a), (u32) (b))
#define POS_INF __int_as_float(0x7f800000)
#define ATOMIC_MIN_LOCAL(p, v) atomicMin((p), (v))
#define ATOMIC_MAX_LOCAL(p, v) atomicMax((p), (v))
