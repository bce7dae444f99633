// Float32 exp, tanh, σ and swish over arrays: the polynomials of Math+Lanes.inc (Cephes exp
// on the reduced argument, an odd polynomial for small |x| in tanh), instantiated per
// instruction set and chosen at run time.
//
// Why C: Swift has no per-function target attributes, so its SIMD code is compiled for one
// instruction set (AVX2); here the same source runs in 512-bit registers where the CPU has
// AVX-512, which doubles the throughput on cores with 512-bit units. Contraction is on and
// every variant has FMA: each `a * b + c` is one fused multiply-add in all of them, so the
// results never depend on which variant ran (VectorMathVariantTests checks it).
#pragma clang fp contract(on)

#include "CEddyMath.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
// Four 512-bit registers per step: each polynomial is one long dependency chain, and four
// interleaved chains keep both FMA pipes busy (tanh on 65,536 floats: 10.6 → 8.8 µs).
#define LANES 64
#define SUFFIX _512
#define TARGET __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))
#include "Math+Lanes.inc"
#undef LANES
#undef SUFFIX
#undef TARGET

#define LANES 8
#define SUFFIX _256
#define TARGET __attribute__((target("avx2,fma")))
#include "Math+Lanes.inc"
#undef LANES
#undef SUFFIX
#undef TARGET

// Decided once; a racing first call computes the same answer.
static int avx512_state = -1;
int eddy_math_uses_avx512(void) {
  if (avx512_state < 0) {
    __builtin_cpu_init();
    avx512_state = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                   __builtin_cpu_supports("avx512vl");
  }
  return avx512_state;
}
#define DISPATCH(f)                                              \
  static void eddy_##f##_f32_serial(const float *x, float *z, ptrdiff_t n) { \
    if (eddy_math_uses_avx512()) f##_512_map(x, z, n);           \
    else f##_256_map(x, z, n);                                   \
  }

int eddy_math_run_variant(int function, int wide, const float *x, float *z, ptrdiff_t n) {
  if (wide && !eddy_math_uses_avx512()) return -1;
  switch (function * 2 + (wide != 0)) {
  case 0: exp_256_map(x, z, n); return 0;
  case 1: exp_512_map(x, z, n); return 0;
  case 2: tanh_256_map(x, z, n); return 0;
  case 3: tanh_512_map(x, z, n); return 0;
  case 4: sigmoid_256_map(x, z, n); return 0;
  case 5: sigmoid_512_map(x, z, n); return 0;
  case 6: swish_256_map(x, z, n); return 0;
  case 7: swish_512_map(x, z, n); return 0;
  default: return -1;
  }
}
#else
#define LANES 4
#define SUFFIX _any
#define TARGET
#include "Math+Lanes.inc"
int eddy_math_uses_avx512(void) { return 0; }
int eddy_math_run_variant(int function, int wide, const float *x, float *z, ptrdiff_t n) {
  if (wide) return -1;
  switch (function) {
  case 0: exp_any_map(x, z, n); return 0;
  case 1: tanh_any_map(x, z, n); return 0;
  case 2: sigmoid_any_map(x, z, n); return 0;
  case 3: swish_any_map(x, z, n); return 0;
  default: return -1;
  }
}
#define DISPATCH(f) \
  static void eddy_##f##_f32_serial(const float *x, float *z, ptrdiff_t n) { f##_any_map(x, z, n); }
#endif

// Large arrays are mapped in two halves, one per core (eddy_parallel_for); each element's
// result does not depend on the split. Below PARALLEL_MIN the hand-off costs more than the
// second core saves (tanh of 16,384 floats takes about 2 µs on one core).
#define PARALLEL_MIN 16384

typedef void (*map_fn)(const float *x, float *z, ptrdiff_t n);
typedef struct {
  map_fn f;
  const float *x;
  float *z;
  ptrdiff_t n;
} map_job;

static void map_half(void *ctx, ptrdiff_t part) {
  const map_job *job = (const map_job *)ctx;
  ptrdiff_t mid = (job->n / 2 + 63) / 64 * 64;  // whole 64-lane steps in the first half
  ptrdiff_t lo = part == 0 ? 0 : mid, hi = part == 0 ? mid : job->n;
  job->f(job->x + lo, job->z + lo, hi - lo);
}

static void map_split(map_fn f, const float *x, float *z, ptrdiff_t n) {
  if (n < PARALLEL_MIN) {
    f(x, z, n);
    return;
  }
  map_job job = {f, x, z, n};
  eddy_parallel_for(2, map_half, &job);
}

#define SPLIT(f)                                                 \
  void eddy_##f##_f32(const float *x, float *z, ptrdiff_t n) {   \
    map_split(eddy_##f##_f32_serial, x, z, n);                   \
  }

DISPATCH(exp)
DISPATCH(tanh)
DISPATCH(sigmoid)
DISPATCH(swish)
SPLIT(exp)
SPLIT(tanh)
SPLIT(sigmoid)
SPLIT(swish)

// The 16-lane entries always run the 256-bit variant, even where AVX-512 is there: Swift
// code writes a SIMD16<Float> as two 256-bit halves and reads it back the same way, and a
// 512-bit load of two fresh 256-bit stores (or the reverse) misses store-to-load forwarding,
// which cost the small LSTM training step 25%. The results are the same bits either way.
void eddy_tanh16_f32(float *p) {
#if defined(__x86_64__)
  tanh_256_16(p);
#else
  tanh_any_16(p);
#endif
}
void eddy_sigmoid16_f32(float *p) {
#if defined(__x86_64__)
  sigmoid_256_16(p);
#else
  sigmoid_any_16(p);
#endif
}
