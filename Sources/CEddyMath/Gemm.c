// C = op(A)·B for a weight matrix A used by many products in a row (a recurrent layer's Wh
// at every step), with op(A) packed once: panels of 32 rows, each k's 32 values contiguous,
// so the kernel streams the weight without OpenBLAS repacking it on every call. The
// micro-kernel keeps a 32×12 block of C in 24 AVX-512 registers; the caller and the helper
// thread (Parallel.c) share the panels. Every element of C is summed in one fixed order (an
// FMA chain over each block of KC values of k, the blocks added in turn), so the result
// never depends on the thread count or on N.
#include "CEddyMath.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define MR 32
#define NR 12
#define KC 256

size_t eddy_packed_count(ptrdiff_t m, ptrdiff_t k) {
  return (size_t)((m + MR - 1) / MR) * MR * (size_t)k;
}

void eddy_pack(const float *a, ptrdiff_t lda, ptrdiff_t m, ptrdiff_t k, int trans, float *packed) {
  ptrdiff_t panels = (m + MR - 1) / MR;
  if (!trans) {
    // op(A) = A: column kk of A is contiguous; it feeds row kk of every panel.
    for (ptrdiff_t kk = 0; kk < k; kk++) {
      const float *src = a + (size_t)kk * lda;
      for (ptrdiff_t p = 0; p < panels; p++) {
        float *d = packed + (size_t)p * MR * k + (size_t)kk * MR;
        ptrdiff_t r0 = p * MR, rows = m - r0 < MR ? m - r0 : MR;
        memcpy(d, src + r0, (size_t)rows * sizeof(float));
        if (rows < MR) memset(d + rows, 0, (size_t)(MR - rows) * sizeof(float));
      }
    }
    return;
  }
  // op(A) = Aᵀ, A stored k×m: row i of op(A) is column i of A, contiguous in kk. Tiles of
  // 16 k values keep the 16×32 destination block in L1 while 32 columns are read.
  for (ptrdiff_t p = 0; p < panels; p++) {
    float *dst = packed + (size_t)p * MR * k;
    ptrdiff_t r0 = p * MR, rows = m - r0 < MR ? m - r0 : MR;
    for (ptrdiff_t k0 = 0; k0 < k; k0 += 16) {
      ptrdiff_t k1 = k0 + 16 < k ? k0 + 16 : k;
      for (ptrdiff_t i = 0; i < MR; i++) {
        if (i >= rows) {
          for (ptrdiff_t kk = k0; kk < k1; kk++) dst[(size_t)kk * MR + i] = 0;
          continue;
        }
        const float *src = a + (size_t)(r0 + i) * lda;
        for (ptrdiff_t kk = k0; kk < k1; kk++) dst[(size_t)kk * MR + i] = src[kk];
      }
    }
  }
}

// One 32×nr block of C over kc values of k; accumulates into C unless `first`.
__attribute__((target("avx512f"), always_inline)) static inline void block(
    const float *ap, const float *bp, ptrdiff_t ldb, ptrdiff_t kc, float *c, ptrdiff_t ldc,
    const int nr, __mmask16 m0, __mmask16 m1, int first) {
  __m512 c0[NR], c1[NR];
  _Pragma("clang loop unroll(full)") for (int j = 0; j < nr; j++) {
    c0[j] = _mm512_setzero_ps();
    c1[j] = _mm512_setzero_ps();
  }
  for (ptrdiff_t kk = 0; kk < kc; kk++) {
    __m512 a0 = _mm512_loadu_ps(ap), a1 = _mm512_loadu_ps(ap + 16);
    _Pragma("clang loop unroll(full)") for (int j = 0; j < nr; j++) {
      __m512 b = _mm512_set1_ps(bp[(size_t)j * ldb]);
      c0[j] = _mm512_fmadd_ps(a0, b, c0[j]);
      c1[j] = _mm512_fmadd_ps(a1, b, c1[j]);
    }
    ap += MR;
    bp += 1;
  }
  _Pragma("clang loop unroll(full)") for (int j = 0; j < nr; j++) {
    float *cj = c + (size_t)j * ldc;
    if (!first) {
      c0[j] = _mm512_add_ps(_mm512_maskz_loadu_ps(m0, cj), c0[j]);
      c1[j] = _mm512_add_ps(_mm512_maskz_loadu_ps(m1, cj + 16), c1[j]);
    }
    _mm512_mask_storeu_ps(cj, m0, c0[j]);
    _mm512_mask_storeu_ps(cj + 16, m1, c1[j]);
  }
}

typedef void (*block_fn)(const float *, const float *, ptrdiff_t, ptrdiff_t, float *, ptrdiff_t,
                         __mmask16, __mmask16, int);
#define BLOCK(n)                                                                          \
  __attribute__((target("avx512f"), noinline)) static void block##n(                    \
      const float *ap, const float *bp, ptrdiff_t ldb, ptrdiff_t kc, float *c,            \
      ptrdiff_t ldc, __mmask16 m0, __mmask16 m1, int first) {                             \
    block(ap, bp, ldb, kc, c, ldc, n, m0, m1, first);                                     \
  }
BLOCK(1) BLOCK(2) BLOCK(3) BLOCK(4) BLOCK(5) BLOCK(6)
BLOCK(7) BLOCK(8) BLOCK(9) BLOCK(10) BLOCK(11) BLOCK(12)
static const block_fn blocks[NR + 1] = {0, block1, block2, block3, block4, block5, block6,
                                        block7, block8, block9, block10, block11, block12};

struct job {
  const float *packed, *b;
  ptrdiff_t m, k, ldb, n, ldc;
  float *c;
};

// Panels [p0, p1) of C.
__attribute__((target("avx512f"))) static void run_panels(const struct job *j, ptrdiff_t p0,
                                                           ptrdiff_t p1) {
  for (ptrdiff_t kb = 0; kb < j->k; kb += KC) {
    ptrdiff_t kc = j->k - kb < KC ? j->k - kb : KC;
    for (ptrdiff_t p = p0; p < p1; p++) {
      ptrdiff_t r0 = p * MR, rows = j->m - r0 < MR ? j->m - r0 : MR;
      __mmask16 m0 = rows >= 16 ? 0xFFFF : (__mmask16)((1u << rows) - 1);
      __mmask16 m1 = rows >= 32 ? 0xFFFF : rows <= 16 ? 0 : (__mmask16)((1u << (rows - 16)) - 1);
      const float *ap = j->packed + (size_t)p * MR * j->k + (size_t)kb * MR;
      // Column blocks as even as possible (64 = 6 × 10.7, not 5 × 12 + 4): a narrow last
      // block reloads the A panel for few FMAs.
      ptrdiff_t nb = (j->n + NR - 1) / NR, base = j->n / nb, wide = j->n % nb;
      for (ptrdiff_t q = 0, col = 0; q < nb; q++) {
        int nr = (int)(base + (q < wide ? 1 : 0));
        blocks[nr](ap, j->b + (size_t)col * j->ldb + kb, j->ldb, kc, j->c + (size_t)col * j->ldc + r0,
                   j->ldc, m0, m1, kb == 0);
        col += nr;
      }
    }
  }
}

// Panel groups of one product, as chunks for eddy_parallel_for.
struct panel_chunks {
  struct job job;
  ptrdiff_t panels, per_chunk;
};

__attribute__((target("avx512f"))) static void run_chunk(void *ctx, ptrdiff_t chunk) {
  const struct panel_chunks *pc = ctx;
  ptrdiff_t p0 = chunk * pc->per_chunk;
  ptrdiff_t p1 = p0 + pc->per_chunk < pc->panels ? p0 + pc->per_chunk : pc->panels;
  run_panels(&pc->job, p0, p1);
}

int eddy_packed_available(void) { return eddy_math_uses_avx512(); }

int eddy_packed_gemm(const float *packed, ptrdiff_t m, ptrdiff_t k, const float *b, ptrdiff_t ldb,
                     ptrdiff_t n, float *c, ptrdiff_t ldc) {
  if (!eddy_math_uses_avx512()) return -1;
  if (m <= 0 || n <= 0) return 0;
  if (k <= 0) {
    for (ptrdiff_t j = 0; j < n; j++) memset(c + (size_t)j * ldc, 0, (size_t)m * sizeof(float));
    return 0;
  }
  struct job j = {packed, b, m, k, ldb, n, ldc, c};
  ptrdiff_t panels = (m + MR - 1) / MR;
  // Sixteen chunks or so: small enough that a helper arriving late still finds work, large
  // enough that taking one costs nothing.
  struct panel_chunks pc = {j, panels, panels >= 32 ? panels / 16 : 1};
  ptrdiff_t chunks = (panels + pc.per_chunk - 1) / pc.per_chunk;
  if (panels >= 4 && (double)m * n * k >= 1 << 20) {
    eddy_parallel_for(chunks, run_chunk, &pc);
  } else {
    run_panels(&j, 0, panels);
  }
  return 0;
}

#else
size_t eddy_packed_count(ptrdiff_t m, ptrdiff_t k) { return (size_t)m * (size_t)k; }
void eddy_pack(const float *a, ptrdiff_t lda, ptrdiff_t m, ptrdiff_t k, int trans, float *packed) {
  (void)a; (void)lda; (void)m; (void)k; (void)trans; (void)packed;
}
int eddy_packed_available(void) { return 0; }
int eddy_packed_gemm(const float *packed, ptrdiff_t m, ptrdiff_t k, const float *b, ptrdiff_t ldb,
                     ptrdiff_t n, float *c, ptrdiff_t ldc) {
  (void)packed; (void)m; (void)k; (void)b; (void)ldb; (void)n; (void)c; (void)ldc;
  return -1;
}
#endif
