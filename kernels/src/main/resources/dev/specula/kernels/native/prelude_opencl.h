/*
 * Specula: the OpenCL C side of the single-source verification pipeline (specula_verify.h).
 * The program is this prelude followed by the pipeline; see prelude_cuda.h for the CUDA side.
 * Every name the pipeline uses beyond plain C is defined here, and nowhere else.
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable  /* the accept and sample uniforms are doubles */

#ifndef SPECULA_LOCAL
#define SPECULA_LOCAL 256                       /* work-group size: a power of two, fixed at build */
#endif

typedef uint u32;
typedef ulong u64;
#define i64 long                                /* a macro, so kernel argument info says "long" */

/* Every kernel runs with exactly SPECULA_LOCAL work-items per group, so reductions unroll. */
#define KERNEL __kernel __attribute__((reqd_work_group_size(SPECULA_LOCAL, 1, 1))) void
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
