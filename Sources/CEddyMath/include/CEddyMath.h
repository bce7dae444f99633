// Vectorised Float32 exp, tanh and σ for EddyTensor's elementwise kernels and EddyNN's
// fused cells. One algorithm, compiled for AVX-512 and for AVX2 and chosen at run time:
// every variant computes the same IEEE operations in the same order (the same fused
// multiply-adds), so results are bit-identical on every machine and at every array length.
#ifndef CEDDYMATH_H
#define CEDDYMATH_H

#include <stddef.h>

/// z[i] = exp(x[i]) for i < n; z may equal x.
void eddy_exp_f32(const float *x, float *z, ptrdiff_t n);
/// z[i] = tanh(x[i]) for i < n; z may equal x.
void eddy_tanh_f32(const float *x, float *z, ptrdiff_t n);
/// z[i] = σ(x[i]) = 1 / (1 + exp(-x[i])) for i < n, as NNlib computes it; z may equal x.
void eddy_sigmoid_f32(const float *x, float *z, ptrdiff_t n);
/// z[i] = x[i] · σ(x[i]) for i < n (NNlib's swish); z may equal x.
void eddy_swish_f32(const float *x, float *z, ptrdiff_t n);

/// tanh and σ of the 16 floats at p, in place (the fused cells' per-vector calls); the same
/// results as the array entries.
void eddy_tanh16_f32(float *p);
void eddy_sigmoid16_f32(float *p);

/// 1 when the AVX-512 variants run on this machine (for the benchmark report).
int eddy_math_uses_avx512(void);

/// Runs one variant by hand, for the tests that check the variants agree bit for bit:
/// function 0 exp, 1 tanh, 2 σ, 3 swish; wide 1 for AVX-512, 0 for AVX2. Returns 0, or -1
/// (computing nothing) when the variant cannot run here.
int eddy_math_run_variant(int function, int wide, const float *x, float *z, ptrdiff_t n);


// MARK: products with a packed left operand (Gemm.c)

/// Floats needed to pack an m×k left operand.
size_t eddy_packed_count(ptrdiff_t m, ptrdiff_t k);
/// Packs op(A) (m×k) for eddy_packed_gemm: A column-major with leading dimension lda, and
/// op(A) = A, or Aᵀ when trans (A then stored k×m).
void eddy_pack(const float *a, ptrdiff_t lda, ptrdiff_t m, ptrdiff_t k, int trans, float *packed);
/// C (m×n, leading dimension ldc) = op(A)·B with op(A) packed and B column-major k×n
/// (leading dimension ldb). Returns 0, or -1 (computing nothing) without AVX-512.
int eddy_packed_gemm(const float *packed, ptrdiff_t m, ptrdiff_t k, const float *b, ptrdiff_t ldb,
                     ptrdiff_t n, float *c, ptrdiff_t ldc);
/// 1 when eddy_packed_gemm runs on this machine.
int eddy_packed_available(void);

// MARK: the helper thread (Parallel.c)

/// One chunk of a job: fn(ctx, chunk).
typedef void (*eddy_chunk_fn)(void *ctx, ptrdiff_t chunk);
/// Runs fn(ctx, c) for every c < chunks, the caller and the helper thread taking chunks in
/// turn, and returns when all have run. A caller that finds the helper busy (another thread
/// sharing it) runs its chunks alone.
void eddy_parallel_for(ptrdiff_t chunks, eddy_chunk_fn fn, void *ctx);
/// At most n threads (1 or 2) for eddy_parallel_for; by default 2, or 1 when
/// OPENBLAS_NUM_THREADS=1 or the machine has one CPU.
void eddy_parallel_set_threads(int n);
/// The current thread count of eddy_parallel_for.
int eddy_parallel_threads(void);

#endif
