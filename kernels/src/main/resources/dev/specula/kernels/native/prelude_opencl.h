/*
 * Specula: the OpenCL C side of the single-source verification pipeline (specula_verify.h).
 * The program is this prelude followed by the pipeline; see prelude_cuda.h for the CUDA side.
 * Every name the pipeline uses beyond plain C is defined here, and nowhere else.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable  /* the accept and sample uniforms are doubles */

#ifndef SPECULA_LOCAL
#define SPECULA_LOCAL 256                       /* the largest work-group size: sizes the local arrays */
#endif

typedef uint u32;
typedef ulong u64;
#define i64 long                                /* a macro, so kernel argument info says "long" */

/* The host picks the work-group size per shape (a power of two up to SPECULA_LOCAL): the
   program is built once per device and serves every shape. */
#define KERNEL __kernel void
#define GROUP_SIZE() ((int) get_local_size(0))
#define FUNC static inline
#define GLOBAL __global
#define LOCAL __local                           /* a work-group array declared in a kernel */
#define LOCAL_PTR __local                       /* a pointer to such an array, as a parameter */
#define RESTRICT restrict
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)

#define GROUP_ID() ((int) get_group_id(0))
#define LOCAL_ID() ((int) get_local_id(0))
#define GLOBAL_ID() ((int) get_global_id(0))

#define EXPF(x) exp(x)                          /* float exp, <= 3 ulp (OpenCL 1.2, 7.4) */
#define EXPD(x) exp(x)                          /* double exp */
#define LOGD(x) log(x)
#define MULHI32(a, b) mul_hi((u32) (a), (u32) (b))
#define POS_INF INFINITY
#define ATOMIC_MIN_LOCAL(p, v) atomic_min((p), (v))
#define ATOMIC_MAX_LOCAL(p, v) atomic_max((p), (v))
