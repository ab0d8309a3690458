/* nnlab's optional native engine: one training step per call on buffers that JavaScript allocated and
 * laid out (src/nn/nativeEngine.ts), bit-identical to the TypeScript engine (src/nn/engine.ts).
 * The kernels (kernel.h) are compiled three times, for AVX-512, AVX2 and baseline x86-64, and the widest
 * the CPU supports is chosen at load. Built with -ffp-contract=off and without -ffast-math: every
 * multiply and add rounds as JavaScript's do. Two threads split a large product by whole output rows or
 * columns, so each element is still summed in the one order. */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <node_api.h>

#define INVLN2 0x1.71547652b82fep+0
#define HALF_LN2 0x1.62e4300000000p-2
#define LN2HI 0x1.62e42fee00000p-1
#define LN2LO 0x1.a39ef35793c76p-33
#define EP1 0x1.555555555553ep-3
#define EP2 -0x1.6c16c16bebd93p-9
#define EP3 0x1.1566aaf25de2cp-14
#define EP4 -0x1.bbd41c5d26bf1p-20
#define EP5 0x1.6376972bea4d0p-25
#define TINY 0x1.0000000000000p-28

/* Activation numbers of src/nn/activations.ts (kernel). */
enum { ACT_RELU = 0, ACT_TANH = 1, ACT_SIGMOID = 2, ACT_LEAKY = 3 };
#define LEAKY 0.01
enum { EPI_FORWARD, EPI_BACKWARD };

/* Blocking: the summed index in blocks of KC (a tile's coefficients stay in L1), output columns in
 * panels whose KC rows of B take at most PANEL_DOUBLES·8 bytes (half of a 1 MiB L2). */
#define KC 256
#define PANEL_DOUBLES (64 * 1024)
/* A product smaller than this runs on one thread: waking the other costs more than it saves. */
#ifndef PAR_MIN_MACS
#define PAR_MIN_MACS 200000.0
#endif

/* T: tb rows of the layer's output transposed (row s: 1, then the output's column s), refilled block by
 * block for the next layer's dW product, so no whole transposed copy of a layer is kept */
typedef struct {
  long n, atw, gw;
  double *A, *T, *W, *b, *dZ, *G, *dW, *db, *P;
  unsigned char *D;
} Layer;

#define MAX_LAYERS 1000 /* as src/limits.ts: 1000 sizes at most, so 999 layers */
typedef struct {
  long L, m, act, threads;
  double keep, lr, scale, l2;
  double *Y, *ZL;
  long tb;
  Layer layer[MAX_LAYERS + 1];
} Net;

typedef struct {
  int kind, act;
  long m;
  const unsigned char *D;
  double keep;
  double *P;
  const double *Aread;
} Epi;

/* Out[r·os + j] = Σ_s M[r·rs + s·ss] · B[s·bs + j] (+ bias[r]) for s = 0..S-1 in order. */
typedef struct {
  double *Out;
  long os;
  const double *M;
  long rs, ss;
  const double *B;
  long bs, S;
  const double *bias;
  const Epi *epi;
  /* Out's rows have room up to a multiple of 8 columns and B's rows can be read that far (dW: G and T) */
  int narrow;
  /* the chains go on from the partial sums already in Out (a later block of the summed index) */
  int resume;
} Gemm;

typedef struct {
  const Gemm *g;
  long r0, r1, j0, j1;
} Part;

typedef struct Activate {
  void (*call)(const struct Activate *self, long l);
  napi_env env;
  napi_value fn;
} Activate;

typedef struct {
  void (*forward)(const Net *, const Activate *);
  void (*backward)(const Net *);
  void (*sigmoid)(double *, const double *, long);
} Kernels;

/* ---- two threads: the caller and one persistent worker ---- */

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cv = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t pool_owner = PTHREAD_MUTEX_INITIALIZER;
static atomic_long pool_gen, pool_done;
/* The job of generation pool_gen is run by whichever thread claims it first: on a busy machine the
 * caller, done with its own half, takes the other too rather than wait for the worker to be scheduled. */
static atomic_long pool_claimed;
static void (*pool_fn)(void *);
static void *pool_arg;
static int pool_started, pool_failed;

static int claim(long gen) {
  long want = gen - 1;
  return atomic_compare_exchange_strong(&pool_claimed, &want, gen);
}

static void *pool_main(void *unused) {
  (void)unused;
  long seen = 0;
  for (;;) {
    /* spin a little (steps follow each other closely), then sleep */
    for (int i = 0; i < 20000 && atomic_load(&pool_gen) == seen; i++) __builtin_ia32_pause();
    if (atomic_load(&pool_gen) == seen) {
      pthread_mutex_lock(&pool_mu);
      while (atomic_load(&pool_gen) == seen) pthread_cond_wait(&pool_cv, &pool_mu);
      pthread_mutex_unlock(&pool_mu);
    }
    seen = atomic_load(&pool_gen);
    if (claim(seen)) {
      pool_fn(pool_arg);
      atomic_store(&pool_done, seen);
    }
  }
  return 0;
}

/* fn(a) here and fn(b) on the worker (or here too, if the worker has not started on it by then); one
 * thread alone when the worker is busy (another JS thread's run) or could not start. */
static void run_pair(void (*fn)(void *), void *a, void *b) {
  if (pool_failed || pthread_mutex_trylock(&pool_owner) != 0) {
    fn(a);
    fn(b);
    return;
  }
  if (!pool_started) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, pool_main, 0) != 0) pool_failed = 1;
    pthread_attr_destroy(&attr);
    if (pool_failed) {
      pthread_mutex_unlock(&pool_owner);
      fn(a);
      fn(b);
      return;
    }
    pool_started = 1;
  }
  pool_fn = fn;
  pool_arg = b;
  pthread_mutex_lock(&pool_mu);
  const long gen = atomic_fetch_add(&pool_gen, 1) + 1;
  pthread_cond_signal(&pool_cv);
  pthread_mutex_unlock(&pool_mu);
  fn(a);
  if (claim(gen)) {
    fn(b);
  } else {
    for (long i = 0; atomic_load(&pool_done) != gen; i++) {
      if (i < 2000) __builtin_ia32_pause(); else sched_yield();
    }
  }
  pthread_mutex_unlock(&pool_owner);
}

/* ---- V8's Math.exp: fdlibm's e_exp.c as V8 ports it (src/base/ieee754.cc), for the lanes the
 * straight-line exp does not cover (|x| >= 708, x = 1, NaN) ---- */

static double fdlibm_exp(double x) {
  static const double one = 1.0, halF[2] = {0.5, -0.5}, o_threshold = 7.09782712893383973096e+02,
                      u_threshold = -7.45133219101941108420e+02, ln2HI[2] = {LN2HI, -LN2HI}, ln2LO[2] = {LN2LO, -LN2LO},
                      huge = 1.0e+300, twom1000 = 9.33263618503218878990e-302, two1023 = 8.988465674311579539e307,
                      E = 2.718281828459045;
  double y, hi = 0.0, lo = 0.0, c, t, twopk;
  int32_t k = 0, xsb;
  uint64_t bits;
  memcpy(&bits, &x, 8);
  uint32_t hx = (uint32_t)(bits >> 32);
  xsb = (hx >> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862E42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | (uint32_t)bits) != 0) return x + x;
      return xsb == 0 ? x : 0.0;
    }
    if (x > o_threshold) return huge * huge;
    if (x < u_threshold) return twom1000 * twom1000;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3FF0A2B2) {
      if (x == 1.0) return E; /* V8 returns the correctly rounded e here */
      hi = x - ln2HI[xsb];
      lo = ln2LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (int32_t)(INVLN2 * x + halF[xsb]);
      t = k;
      hi = x - t * ln2HI[0];
      lo = t * ln2LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (huge + x > one) return one + x;
  } else {
    k = 0;
  }
  t = x * x;
  uint64_t tb = (uint64_t)(uint32_t)(0x3ff00000 + (int32_t)((uint32_t)(k >= -1021 ? k : k + 1000) << 20)) << 32;
  memcpy(&twopk, &tb, 8);
  c = x - t * (EP1 + t * (EP2 + t * (EP3 + t * (EP4 + t * EP5))));
  if (k == 0) return one - ((x * c) / (c - 2.0) - x);
  y = one - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

/* After JS applied a hidden layer's activation: P = A, A = (A·D)/keepProb. */
static void post(const Net *net, long l) {
  const Layer *ly = &net->layer[l];
  const long m = net->m;
  for (long i = 0; i < ly->n; i++) {
    for (long j = 0; j < m; j++) {
      double v = ly->A[i * m + j];
      if (ly->P) ly->P[i * m + j] = v;
      if (ly->D) v = (v * (double)ly->D[i * m + j]) / net->keep;
      ly->A[i * m + j] = v;
    }
  }
}

/* ---- the kernels, once per instruction set ---- */

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512vl")
#define VW 8
#define SUF _avx512
#include "kernel.h"
#undef VW
#undef SUF
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2")
#define VW 4
#define SUF _avx2
#include "kernel.h"
#undef VW
#undef SUF
#pragma GCC pop_options

#define VW 2
#define SUF _base
#include "kernel.h"
#undef VW
#undef SUF

static const struct {
  const char *name;
  const Kernels *k;
} ISAS[] = {{"avx512", &kernels_avx512}, {"avx2", &kernels_avx2}, {"baseline", &kernels_base}};

static int isa_supported(int i) {
  __builtin_cpu_init();
  if (i == 0) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (i == 1) return __builtin_cpu_supports("avx2");
  return 1;
}

static int isa_current = -1;

static int isa_best(void) {
  for (int i = 0; i < 3; i++) if (isa_supported(i)) return i;
  return 2;
}

/* ---- N-API glue ---- */

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, 0, "nnlab native: " #call " failed");           \
      return 0;                                                              \
    }                                                                        \
  } while (0)

/* The header (a Float64Array at the start of the layout) as a Net: offsets are bytes into its buffer. */
static int read_net(napi_env env, napi_value header, Net *net) {
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value ab;
  if (napi_get_typedarray_info(env, header, &type, &length, &data, &ab, &offset) != napi_ok || type != napi_float64_array || length < 16) {
    napi_throw_type_error(env, 0, "nnlab native: the header must be a Float64Array of at least 16 values");
    return 0;
  }
  const double *h = data;
  char *base = (char *)data - offset;
  size_t bytes;
  void *abdata;
  napi_get_arraybuffer_info(env, ab, &abdata, &bytes);
  const long L = (long)h[0];
  if (L < 1 || L > MAX_LAYERS || length < (size_t)(16 + 16 * (L + 1))) {
    napi_throw_range_error(env, 0, "nnlab native: bad layer count");
    return 0;
  }
#define AT(x) ((x) ? (void *)(base + (size_t)(x)) : 0)
  net->L = L;
  net->m = (long)h[1];
  net->act = (long)h[2];
  net->threads = (long)h[3];
  net->keep = h[4];
  net->lr = h[5];
  net->scale = h[6];
  net->l2 = h[7];
  net->Y = AT(h[8]);
  net->ZL = AT(h[9]);
  net->tb = (long)h[10];
  for (long l = 0; l <= L; l++) {
    const double *r = h + 16 + 16 * l;
    Layer *ly = &net->layer[l];
    ly->n = (long)r[0];
    ly->A = AT(r[1]);
    ly->D = AT(r[2]);
    ly->T = AT(r[3]);
    ly->atw = (long)r[4];
    ly->W = AT(r[5]);
    ly->b = AT(r[6]);
    ly->dZ = AT(r[7]);
    ly->G = AT(r[8]);
    ly->dW = AT(r[9]);
    ly->db = AT(r[10]);
    ly->P = AT(r[11]);
    ly->gw = (long)r[12];
  }
#undef AT
  return 1;
}

static void activate_js(const Activate *self, long l) {
  napi_value undefined, arg, result;
  napi_get_undefined(self->env, &undefined);
  napi_create_int32(self->env, (int32_t)l, &arg);
  napi_call_function(self->env, undefined, self->fn, 1, &arg, &result);
}

static const Kernels *kernels(void) {
  if (isa_current < 0) isa_current = isa_best();
  return ISAS[isa_current].k;
}

/* forward(header, activate) / backward(header) / step(header, activate): step = forward + backward. */
static napi_value run(napi_env env, napi_callback_info info, int fwd, int bwd) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, 0, 0));
  if (argc < 1) {
    napi_throw_type_error(env, 0, "nnlab native: expected the layout header");
    return 0;
  }
  Net net; /* on the stack: worker threads may step their own runs at once */
  if (!read_net(env, argv[0], &net)) return 0;
  const Kernels *k = kernels();
  Activate act = {activate_js, env, argc > 1 ? argv[1] : 0};
  if (fwd) k->forward(&net, &act);
  if (bwd) k->backward(&net);
  return 0;
}

static napi_value js_forward(napi_env env, napi_callback_info info) { return run(env, info, 1, 0); }
static napi_value js_backward(napi_env env, napi_callback_info info) { return run(env, info, 0, 1); }
static napi_value js_step(napi_env env, napi_callback_info info) { return run(env, info, 1, 1); }

/* isa() names the kernels in use; isa(name) switches to them if the CPU has them (tests run each). */
static napi_value js_isa(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, 0, 0));
  if (argc >= 1) {
    char name[32] = {0};
    size_t len;
    CHECK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len));
    for (int i = 0; i < 3; i++) {
      if (strcmp(name, ISAS[i].name) == 0 && isa_supported(i)) isa_current = i;
    }
  }
  kernels();
  CHECK(napi_create_string_utf8(env, ISAS[isa_current].name, NAPI_AUTO_LENGTH, &out));
  return out;
}

/* layout() is the version of the buffer layout this addon reads (src/nn/nativeEngine.ts lays it out):
 * raised with every change to the header or a layer's record, so that JS never steps an addon built
 * from other sources (src/native/addon.ts refuses it). */
#define NNLAB_LAYOUT 2
static napi_value js_layout(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_uint32(env, NNLAB_LAYOUT, &out));
  return out;
}

/* supported() lists the kernels this CPU can run, widest first. */
static napi_value js_supported(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, s;
  CHECK(napi_create_array(env, &out));
  uint32_t at = 0;
  for (int i = 0; i < 3; i++) {
    if (!isa_supported(i)) continue;
    CHECK(napi_create_string_utf8(env, ISAS[i].name, NAPI_AUTO_LENGTH, &s));
    CHECK(napi_set_element(env, out, at++, s));
  }
  return out;
}

/* misalign(buffer): the buffer's address modulo 64, so the layout can align its arrays to cache lines. */
static napi_value js_misalign(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  void *data;
  size_t bytes;
  CHECK(napi_get_cb_info(env, info, &argc, argv, 0, 0));
  CHECK(napi_get_arraybuffer_info(env, argv[0], &data, &bytes));
  CHECK(napi_create_uint32(env, (uint32_t)((uintptr_t)data & 63), &out));
  return out;
}

/* sigmoid(out, z): out = 1/(1 + exp(-z)) with the kernels in use (for tests of the exp port). */
static napi_value js_sigmoid(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, 0, 0));
  napi_typedarray_type t1, t2;
  size_t n1, n2, o;
  void *d1, *d2;
  napi_value ab;
  CHECK(napi_get_typedarray_info(env, argv[0], &t1, &n1, &d1, &ab, &o));
  CHECK(napi_get_typedarray_info(env, argv[1], &t2, &n2, &d2, &ab, &o));
  if (t1 != napi_float64_array || t2 != napi_float64_array || n1 != n2) {
    napi_throw_type_error(env, 0, "nnlab native: sigmoid(out, z) takes two Float64Arrays of one length");
    return 0;
  }
  kernels()->sigmoid(d1, d2, (long)n1);
  return 0;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor fns[] = {
      {"forward", 0, js_forward, 0, 0, 0, napi_enumerable, 0},
      {"backward", 0, js_backward, 0, 0, 0, napi_enumerable, 0},
      {"step", 0, js_step, 0, 0, 0, napi_enumerable, 0},
      {"isa", 0, js_isa, 0, 0, 0, napi_enumerable, 0},
      {"supported", 0, js_supported, 0, 0, 0, napi_enumerable, 0},
      {"misalign", 0, js_misalign, 0, 0, 0, napi_enumerable, 0},
      {"sigmoid", 0, js_sigmoid, 0, 0, 0, napi_enumerable, 0},
      {"layout", 0, js_layout, 0, 0, 0, napi_enumerable, 0},
  };
  if (napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns) != napi_ok) return 0;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
