/* One training step on the buffers laid out by src/nn/nativeEngine.ts, written once and compiled per
 * instruction set (nnlab.c includes it with VW = 8 for AVX-512, 4 for AVX2, 2 for baseline x86-64).
 *
 * Summation order (the same as src/linalg/kernels.ts, so every engine agrees to the bit):
 *   forward   Z[i,j]  = ((0 + W[i,0]·A[0,j]) + W[i,1]·A[1,j]) + ... + W[i,k-1]·A[k-1,j], then + b[i]
 *   dW        G[i,q]  = (0 + dZ[i,0]·AT[0,q]) + ... + dZ[i,m-1]·AT[m-1,q]   (AT = layer input transposed,
 *             column 0 all ones, so G[i,0] is Σ_j dZ[i,j] in order: db), dW = (1/m)·G (+ (λ/m)·W)
 *   backward  dA[p,j] = (0 + W[0,p]·dZ[0,j]) + ... + W[n-1,p]·dZ[n-1,j]
 * Each output element is one chain of adds in that order. Vector lanes run over output columns and
 * register tiles over output rows; never over the summed index. Blocking the summed index (KC) only
 * stores a chain's partial sum and resumes it, which rounds nothing. Built with -ffp-contract=off, so a
 * multiply and the add after it stay two roundings, as in JavaScript.
 */

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define NAME(x) CAT(x, SUF)

typedef double NAME(vd) __attribute__((vector_size(VW * 8), aligned(8)));
#define VD NAME(vd)
#if VW == 8
typedef double NAME(v4) __attribute__((vector_size(32), aligned(8)));
#endif

/* A finished tile of Out (rows r..r+R, columns j..j+w) gets the epilogue that follows its product.
 * Loop-invariant fields are read once and each activation has its own loop, so the loops vectorize. */
static void NAME(epilogue)(const Gemm *g, long r, long R, long j, long w) {
  const Epi *e = g->epi;
  const long m = e->m;
  const int act = e->act;
  const double keep = e->keep;
  for (long i = r; i < r + R; i++) {
    double *restrict o = g->Out + i * g->os + j;
    const unsigned char *restrict d = e->D ? e->D + i * m + j : 0;
    if (e->kind == EPI_FORWARD) {
      /* activation, keep A before dropout (P), inverted dropout: as propagate.ts */
      if (act == ACT_RELU) { for (long c = 0; c < w; c++) o[c] = o[c] <= 0 ? 0 : o[c]; }
      else if (act == ACT_LEAKY) { for (long c = 0; c < w; c++) o[c] = o[c] > 0 ? o[c] : LEAKY * o[c]; }
      if (e->P) memcpy(e->P + i * m + j, o, 8 * w);
      if (d) for (long c = 0; c < w; c++) o[c] = (o[c] * (double)d[c]) / keep;
    } else {
      /* dropout's backward, then the activation's, reading A (or P) as activations.ts does */
      const double *restrict a = e->Aread + i * m + j;
      if (d) for (long c = 0; c < w; c++) o[c] = (o[c] * (double)d[c]) / keep;
      switch (act) {
        case ACT_RELU: for (long c = 0; c < w; c++) o[c] = o[c] * (a[c] > 0 ? 1.0 : 0.0); break;
        case ACT_TANH: for (long c = 0; c < w; c++) o[c] = o[c] * (1 - a[c] * a[c]); break;
        case ACT_SIGMOID: for (long c = 0; c < w; c++) o[c] = (o[c] * a[c]) * (1 - a[c]); break;
        default: for (long c = 0; c < w; c++) o[c] = o[c] * (a[c] > 0 ? 1.0 : LEAKY); break;
      }
    }
  }
}

/* One register tile: R rows × C vectors of type T (TW doubles), summed over s in [s0, s1). */
#define TILE(TAG, T, TW, R, C)                                                                       \
  static inline void NAME(tile_##TAG)(const Gemm *g, long r, long j, long s0, long s1, int first, int last) { \
    T acc[R][C];                                                                                     \
    _Pragma("GCC unroll 8") for (int a = 0; a < R; a++)                                              \
      _Pragma("GCC unroll 8") for (int c = 0; c < C; c++)                                            \
        acc[a][c] = first ? (T){0} : *(const T *)(g->Out + (r + a) * g->os + j + c * TW);            \
    const double *mp = g->M + r * g->rs + s0 * g->ss;                                                \
    const double *bp = g->B + s0 * g->bs + j;                                                        \
    for (long s = s0; s < s1; s++) {                                                                 \
      T b[C];                                                                                        \
      _Pragma("GCC unroll 8") for (int c = 0; c < C; c++) b[c] = *(const T *)(bp + c * TW);          \
      _Pragma("GCC unroll 8") for (int a = 0; a < R; a++) {                                          \
        const double w = mp[a * g->rs];                                                              \
        _Pragma("GCC unroll 8") for (int c = 0; c < C; c++) acc[a][c] += w * b[c];                   \
      }                                                                                              \
      mp += g->ss;                                                                                   \
      bp += g->bs;                                                                                   \
    }                                                                                                \
    _Pragma("GCC unroll 8") for (int a = 0; a < R; a++) {                                            \
      const double bias = last && g->bias ? g->bias[r + a] : 0;                                      \
      _Pragma("GCC unroll 8") for (int c = 0; c < C; c++) {                                          \
        T v = acc[a][c];                                                                             \
        if (last && g->bias) v += bias; /* dot first, then the bias, as numpy */                     \
        *(T *)(g->Out + (r + a) * g->os + j + c * TW) = v;                                           \
      }                                                                                              \
    }                                                                                                \
  }

#if VW == 8
#define CT 4 /* vectors per full tile: 32 columns, 16 accumulators of the 32 registers */
#else
#define CT 2
#endif
#define RT 4

TILE(full, VD, VW, RT, CT)
TILE(row, VD, VW, 1, CT)
TILE(vec, VD, VW, RT, 1)
TILE(vec1, VD, VW, 1, 1)
#if VW == 8
TILE(half, NAME(v4), 4, RT, 1)
TILE(half1, NAME(v4), 4, 1, 1)
#endif
TILE(one, double, 1, RT, 1)
TILE(one1, double, 1, 1, 1)

/* Narrow products (dW of a narrow layer: few columns, a long sum over samples) are bound by the latency
 * of their add chains, so their tiles take up to NR_MAX rows at once: more chains in flight. */
#if VW == 8
#define NR_MAX 8
#else
#define NR_MAX 6
#endif
/* Tiles of 1 to NR_MAX rows × C vectors of type T (TW doubles), named tile_<P>c<C>r<R>, and P##C, which
 * runs R of them. */
#define NARROW(P, T, TW, C)                                                                          \
  TILE(P##c##C##r1, T, TW, 1, C) TILE(P##c##C##r2, T, TW, 2, C) TILE(P##c##C##r3, T, TW, 3, C)     \
  TILE(P##c##C##r4, T, TW, 4, C) TILE(P##c##C##r5, T, TW, 5, C) TILE(P##c##C##r6, T, TW, 6, C)     \
  NARROW_MORE_TILES(P, T, TW, C)                                                                     \
  static void NAME(P##C)(const Gemm *g, long r, int R, long s0, long s1, int first, int last) {      \
    switch (R) {                                                                                     \
      case 1: NAME(tile_##P##c##C##r1)(g, r, 0, s0, s1, first, last); break;                         \
      case 2: NAME(tile_##P##c##C##r2)(g, r, 0, s0, s1, first, last); break;                         \
      case 3: NAME(tile_##P##c##C##r3)(g, r, 0, s0, s1, first, last); break;                         \
      case 4: NAME(tile_##P##c##C##r4)(g, r, 0, s0, s1, first, last); break;                         \
      case 5: NAME(tile_##P##c##C##r5)(g, r, 0, s0, s1, first, last); break;                         \
      case 6: NAME(tile_##P##c##C##r6)(g, r, 0, s0, s1, first, last); break;                         \
      NARROW_MORE(P, C)                                                                              \
    }                                                                                                \
  }
#if VW == 8
#define NARROW_MORE_TILES(P, T, TW, C) TILE(P##c##C##r7, T, TW, 7, C) TILE(P##c##C##r8, T, TW, 8, C)
#define NARROW_MORE(P, C)                                                                            \
  case 7: NAME(tile_##P##c##C##r7)(g, r, 0, s0, s1, first, last); break;                             \
  default: NAME(tile_##P##c##C##r8)(g, r, 0, s0, s1, first, last); break;
#else
#define NARROW_MORE_TILES(P, T, TW, C)
#define NARROW_MORE(P, C)
#endif
NARROW(narrow, VD, VW, 1)
NARROW(narrow, VD, VW, 2)
#if VW == 8
/* The same with 256-bit vectors, for rows of at most 4 or 12 columns: 512-bit vectors would carry
 * 4 idle lanes, and a Zen 4 core issues two 256-bit operations where it issues one 512-bit. */
NARROW(narrowh, NAME(v4), 4, 1)
NARROW(narrowh, NAME(v4), 4, 3)
#endif
#undef NARROW_MORE
#undef NARROW_MORE_TILES

/* Columns [j0, j1) of rows r (R = RT or 1), summed over [s0, s1): widest tiles first, then narrower. */
static void NAME(rowblock)(const Gemm *g, long r, int R, long j0, long j1, long s0, long s1, int first, int last) {
  long j = j0;
  for (; j + CT * VW <= j1; j += CT * VW) {
    if (R == RT) NAME(tile_full)(g, r, j, s0, s1, first, last); else NAME(tile_row)(g, r, j, s0, s1, first, last);
  }
  for (; j + VW <= j1; j += VW) {
    if (R == RT) NAME(tile_vec)(g, r, j, s0, s1, first, last); else NAME(tile_vec1)(g, r, j, s0, s1, first, last);
  }
#if VW == 8
  for (; j + 4 <= j1; j += 4) {
    if (R == RT) NAME(tile_half)(g, r, j, s0, s1, first, last); else NAME(tile_half1)(g, r, j, s0, s1, first, last);
  }
#endif
  for (; j < j1; j++) {
    if (R == RT) NAME(tile_one)(g, r, j, s0, s1, first, last); else NAME(tile_one1)(g, r, j, s0, s1, first, last);
  }
  if (last && g->epi) NAME(epilogue)(g, r, R, j0, j1 - j0);
}

/* Out rows [r0, r1) × columns [j0, j1): column panels whose slice of B stays in L2, the summed index in
 * blocks of KC whose coefficients stay in L1; each chain resumes from its stored partial sum. */
static void NAME(gemm)(const Gemm *g, long r0, long r1, long j0, long j1) {
  if (r0 >= r1 || j0 >= j1) return;
  const long S = g->S;
  /* narrow: whole rows of at most 2 vectors, which Out's row stride and B's slack leave room for */
  if (g->narrow && j0 == 0 && j1 <= 2 * VW && !g->epi && !g->bias) {
    const int C = j1 <= VW ? 1 : 2;
    for (long sc = 0; sc < S; sc += KC) {
      const long se = sc + KC < S ? sc + KC : S;
      const int first = sc == 0 && !g->resume;
      for (long r = r0; r < r1; r += NR_MAX) {
        const int R = r1 - r < NR_MAX ? (int)(r1 - r) : NR_MAX;
#if VW == 8
        if (j1 <= 4) NAME(narrowh1)(g, r, R, sc, se, first, se == S);
        else if (j1 > 8 && j1 <= 12) NAME(narrowh3)(g, r, R, sc, se, first, se == S);
        else
#endif
        if (C == 1) NAME(narrow1)(g, r, R, sc, se, first, se == S);
        else NAME(narrow2)(g, r, R, sc, se, first, se == S);
      }
    }
    return;
  }
  long nc = PANEL_DOUBLES / (KC < S ? KC : (S > 0 ? S : 1));
  nc = nc < CT * VW ? CT * VW : nc - nc % (CT * VW);
  for (long jc = j0; jc < j1; jc += nc) {
    const long je = jc + nc < j1 ? jc + nc : j1;
    if (S == 0) { /* no inputs: Z = b */
      for (long r = r0; r < r1; r++) NAME(rowblock)(g, r, 1, jc, je, 0, 0, 1, 1);
      continue;
    }
    for (long sc = 0; sc < S; sc += KC) {
      const long se = sc + KC < S ? sc + KC : S;
      long r = r0;
      const int first = sc == 0 && !g->resume;
      for (; r + RT <= r1; r += RT) NAME(rowblock)(g, r, RT, jc, je, sc, se, first, se == S);
      for (; r < r1; r++) NAME(rowblock)(g, r, 1, jc, je, sc, se, first, se == S);
    }
  }
}

static void NAME(gemm_part)(void *arg) {
  const Part *p = arg;
  NAME(gemm)(p->g, p->r0, p->r1, p->j0, p->j1);
}

/* The whole product, on one thread or split over two by whole rows or whole columns (order unchanged). */
static void NAME(gemm_all)(const Net *net, const Gemm *g, long rows, long cols) {
  Part a = {g, 0, rows, 0, cols}, b = a;
  const double macs = (double)rows * (double)cols * (double)g->S;
  if (net->threads > 1 && macs >= PAR_MIN_MACS) {
    if (rows >= 2 * RT) {
      long h = rows / 2;
      h -= h % RT;
      a.r1 = h;
      b.r0 = h;
    } else if (cols >= 2 * CT * VW) {
      long h = cols / 2;
      h -= h % (CT * VW);
      a.j1 = h;
      b.j0 = h;
    }
    if (a.r1 != rows || a.j1 != cols) {
      run_pair(NAME(gemm_part), &a, &b);
      return;
    }
  }
  NAME(gemm)(g, 0, rows, 0, cols);
}

typedef long long NAME(vl) __attribute__((vector_size(VW * 8), aligned(8)));
typedef int NAME(vi) __attribute__((vector_size(VW * 4)));
#define VL NAME(vl)
#define SEL(m, a, b) ((VD)(((VL)(a) & (m)) | ((VL)(b) & ~(m))))

/* 1/(1 + exp(-z)) on VW lanes. exp as src/linalg/wasm/nn.wat computes it (fdlibm's algorithm in
 * straight-line form, bit for bit equal to V8's Math.exp for |x| < 708 and x != 1); *bad is set where a
 * lane is outside that range, for fdlibm_exp to redo. */
static inline VD NAME(sigmoid_lanes)(VD z, long *bad) {
  const VL SIGN = (VL){0} + (long long)0x8000000000000000ULL;
  const VD x = -z;
  const VD ax = (VD)((VL)x & ~SIGN);
  VD v = x * INVLN2 + (VD)(((VL)x & SIGN) | (VL)((VD){0} + 0.5));
  v = SEL(ax < 2048, v, (VD){0}); /* the int conversion below only sees lanes it can hold */
  NAME(vi) k = __builtin_convertvector(v, NAME(vi)); /* truncates */
  VD kf = __builtin_convertvector(k, VD);
  kf = SEL(ax < HALF_LN2, (VD){0}, kf);
  k = __builtin_convertvector(kf, NAME(vi));
  const VD hi = x - kf * LN2HI;
  const VD lo = kf * LN2LO;
  const VD r = hi - lo;
  const VD t = r * r;
  VD c = t * EP5;
  c = t * (c + EP4);
  c = t * (c + EP3);
  c = t * (c + EP2);
  c = t * (c + EP1);
  c = r - c;
  VD y = 1 - ((lo + (r * c) / (c - 2)) - hi);
  y = y * (VD)((__builtin_convertvector(k, VL) + 1023) << 52); /* times 2^k */
  y = SEL(ax < TINY, 1 + x, y);
  const VL off = ~(ax < 708) | (x == 1);
  for (int q = 0; q < VW; q++) *bad |= off[q];
  return 1 / (1 + y);
}

/* A = 1/(1 + exp(-Z)) over len values: whole vectors, the last few lanes padded with zeros. */
static void NAME(sigmoid)(double *A, const double *Z, long len) {
  long bad = 0, j = 0;
  for (; j + VW <= len; j += VW) *(VD *)(A + j) = NAME(sigmoid_lanes)(*(const VD *)(Z + j), &bad);
  if (j < len) {
    double z[VW] = {0}, a[VW];
    memcpy(z, Z + j, 8 * (len - j));
    *(VD *)a = NAME(sigmoid_lanes)(*(const VD *)z, &bad);
    memcpy(A + j, a, 8 * (len - j));
  }
  if (bad) {
    for (long q = 0; q < len; q++) {
      const double x = -Z[q];
      if (!(fabs(x) < 708) || x == 1) A[q] = 1 / (1 + fdlibm_exp(x));
    }
  }
}

/* Forward pass over all layers. Hidden tanh and sigmoid layers call back into JS for the registry's
 * own function (activate), then post() keeps P, applies dropout and fills AT. */
static void NAME(forward)(const Net *net, const Activate *activate) {
  const long m = net->m;
  for (long l = 1; l <= net->L; l++) {
    const Layer *in = &net->layer[l - 1], *ly = &net->layer[l];
    const int hidden = l < net->L;
    const int fused = hidden && (net->act == ACT_RELU || net->act == ACT_LEAKY);
    Epi e = {EPI_FORWARD, net->act, m, ly->D, net->keep, ly->P, 0};
    Gemm g = {hidden ? ly->A : net->ZL, m, ly->W, in->n, 1, in->A, m, in->n, ly->b, fused ? &e : 0, 0};
    NAME(gemm_all)(net, &g, ly->n, m);
    if (hidden && !fused) {
      activate->call(activate, l);
      post(net, l);
    }
  }
  const Layer *out = &net->layer[net->L];
  NAME(sigmoid)(out->A, net->ZL, out->n * m);
}

/* T[s·tw + 1 + q] = A[q·lda + s] for s < len, q < k: a block of the layer input, transposed (T's ones
 * column, the dW product's db column, and its zero padding are set once by the engine). Four input rows
 * × VW samples at a time go through registers (a 4 × VW transpose). */
static void NAME(transpose)(double *restrict T, long tw, const double *restrict A, long lda, long k, long len) {
  long q = 0;
#if VW >= 4
  typedef double v4 __attribute__((vector_size(32), aligned(8)));
  for (; q + 4 <= k; q += 4) {
    const double *a = A + q * lda;
    double *t = T + 1 + q;
    long s = 0;
    for (; s + VW <= len; s += VW) {
      const VD r0 = *(const VD *)(a + s), r1 = *(const VD *)(a + lda + s);
      const VD r2 = *(const VD *)(a + 2 * lda + s), r3 = *(const VD *)(a + 3 * lda + s);
#if VW == 8
      const VD t0 = __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 2, 10, 3, 11);
      const VD t1 = __builtin_shufflevector(r0, r1, 4, 12, 5, 13, 6, 14, 7, 15);
      const VD t2 = __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 2, 10, 3, 11);
      const VD t3 = __builtin_shufflevector(r2, r3, 4, 12, 5, 13, 6, 14, 7, 15);
      const VD u[4] = {__builtin_shufflevector(t0, t2, 0, 1, 8, 9, 2, 3, 10, 11), __builtin_shufflevector(t0, t2, 4, 5, 12, 13, 6, 7, 14, 15),
                       __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 2, 3, 10, 11), __builtin_shufflevector(t1, t3, 4, 5, 12, 13, 6, 7, 14, 15)};
      for (int c = 0; c < 4; c++) {
        *(v4 *)(t + (s + 2 * c) * tw) = __builtin_shufflevector(u[c], u[c], 0, 1, 2, 3);
        *(v4 *)(t + (s + 2 * c + 1) * tw) = __builtin_shufflevector(u[c], u[c], 4, 5, 6, 7);
      }
#else
      const VD t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5), t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
      const VD t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5), t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
      *(v4 *)(t + s * tw) = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
      *(v4 *)(t + (s + 1) * tw) = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
      *(v4 *)(t + (s + 2) * tw) = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
      *(v4 *)(t + (s + 3) * tw) = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
#endif
    }
    for (; s < len; s++)
      for (int c = 0; c < 4; c++) t[s * tw + c] = a[c * lda + s];
  }
#endif
  for (; q < k; q++) {
    const double *restrict a = A + q * lda;
    double *restrict t = T + 1 + q;
    for (long s = 0; s < len; s++) t[s * tw] = a[s];
  }
}

/* Backward pass and update: per layer dW and db, then dA below (with W before its update), then SGD. */
static void NAME(backward)(const Net *net) {
  const long m = net->m;
  const Layer *top = &net->layer[net->L];
  for (long j = 0; j < top->n * m; j++) top->dZ[j] = top->A[j] - net->Y[j];
  for (long l = net->L; l >= 1; l--) {
    const Layer *in = &net->layer[l - 1], *ly = &net->layer[l];
    const long n = ly->n, k = in->n;
    /* G = dZ · [1; A_in]ᵀ, the samples a block of tb at a time: each block's transpose is still in
     * cache when the product reads it, and the chains resume from the block before */
    for (long sc = 0; sc < m; sc += net->tb) {
      const long len = sc + net->tb < m ? net->tb : m - sc;
      /* the inputs X, all in one block, were transposed once by the engine */
      if (l > 1 || len < m) NAME(transpose)(in->T, in->atw, in->A + sc, m, k, len);
      Gemm gw = {ly->G, ly->gw, ly->dZ + sc, m, 1, in->T, in->atw, len, 0, 0, 1, sc > 0};
      NAME(gemm_all)(net, &gw, n, in->atw);
    }
    for (long i = 0; i < n; i++) {
      const double *G = ly->G + i * ly->gw;
      ly->db[i] = net->scale * G[0];
      for (long p = 0; p < k; p++) {
        const double s = net->scale * G[1 + p];
        ly->dW[i * k + p] = net->l2 == 0 ? s : s + net->l2 * ly->W[i * k + p];
      }
    }
    if (l > 1) {
      Epi e = {EPI_BACKWARD, net->act, m, in->D, net->keep, 0, in->P ? in->P : in->A};
      Gemm gb = {in->dZ, m, ly->W, 1, k, ly->dZ, m, n, 0, &e, 0};
      NAME(gemm_all)(net, &gb, k, m);
    }
    const double lr = net->lr;
    double *restrict W = ly->W, *restrict b = ly->b;
    const double *restrict dW = ly->dW, *restrict db = ly->db;
    for (long q = 0; q < n * k; q++) W[q] = W[q] - lr * dW[q];
    for (long i = 0; i < n; i++) b[i] = b[i] - lr * db[i];
  }
}

static const Kernels NAME(kernels) = {NAME(forward), NAME(backward), NAME(sigmoid)};

#undef VD
#undef VL
#undef SEL
#undef CT
#undef RT
#undef NR_MAX
