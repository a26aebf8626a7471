/*
 * The native reference for one sparse product on this machine: C (gcc -O3), one thread, on the benchmark's CSR
 * files. Prints one JSON line with the best of 10 runs, in ms, of
 *   forward    y = A·x, a CSR gather (the textbook loop; scipy's csr product is this loop),
 *   scatter    y = Aᵀ·x by scattering A's rows,
 *   sequential the forward loop with the column indices replaced by p mod n (the same bytes, read in order):
 *              what streaming the matrix costs when x is met in order instead of at random,
 *   sequential2 the same on two threads (OpenMP, when compiled with -fopenmp; else one),
 *   tiled / tiledT ioplan's tiled layout (src/kernels/tiles.ts) in C on two threads, A·x and Aᵀ·x: tiles
 *              of 2^RB rows × 2^CB columns, entries sorted by row with (row << CB | column) packed in a u32, walked
 *              column block by column block; forward split by row blocks, transposed by column blocks (so each
 *              thread writes only its own part), as ioplan's kernels do: the native reference for our kernels.
 * usage: spmv_native DIR [RB CB]   (DIR holds shape.txt, indptr.i32, indices.i32, data.f64:
 *        bench/peers/sparse_economy.py; RB and CB default to 15)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *slurp(const char *dir, const char *name, size_t *bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(1); }
  fseek(f, 0, SEEK_END);
  *bytes = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  void *b = malloc(*bytes);
  if (!b || fread(b, 1, *bytes, f) != *bytes) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
  fclose(f);
  return b;
}

/* y = A·x by rows (CSR gather); on two threads (static halves of the rows) when `two` and OpenMP is on */
static void forward(int n, const int *rs, const int *ci, const double *v, const double *x, double *y, int two) {
  (void)two;
#pragma omp parallel for schedule(static) num_threads(2) if (two)
  for (int i = 0; i < n; i++) {
    double a = 0;
    for (int p = rs[i]; p < rs[i + 1]; p++) a += v[p] * x[ci[p]];
    y[i] = a;
  }
}

/* the tiled layout: start[t] .. start[t + 1] are tile t's entries, tiles numbered column block by column block */
typedef struct { int rb, cb, R, C; long *start; unsigned *e; double *w; } Tiled;

static Tiled tile(int n, const int *rs, const int *ci, const double *v, int rb, int cb) {
  Tiled m = {rb, cb, (n + (1 << rb) - 1) >> rb, (n + (1 << cb) - 1) >> cb, 0, 0, 0};
  long T = (long)m.R * m.C, nnz = rs[n];
  m.start = calloc(T + 1, sizeof(long));
  for (int i = 0; i < n; i++)
    for (int p = rs[i]; p < rs[i + 1]; p++) m.start[(long)(ci[p] >> cb) * m.R + (i >> rb) + 1]++;
  for (long t = 0; t < T; t++) m.start[t + 1] += m.start[t];
  long *fill = malloc(T * sizeof(long));
  memcpy(fill, m.start, T * sizeof(long));
  m.e = malloc(nnz * sizeof(unsigned));
  m.w = malloc(nnz * sizeof(double));
  for (int i = 0; i < n; i++)
    for (int p = rs[i]; p < rs[i + 1]; p++) {
      long q = fill[(long)(ci[p] >> cb) * m.R + (i >> rb)]++;
      m.e[q] = ((unsigned)(i & ((1 << rb) - 1)) << cb) | (unsigned)(ci[p] & ((1 << cb) - 1));
      m.w[q] = v[p];
    }
  free(fill);
  return m;
}

/* y += A·x (forward) or x += Aᵀ·y (transposed) over the tiles, on two threads */
static void tiled(const Tiled *m, double *x, double *y, int transposed) {
  const unsigned mask = (1u << m->cb) - 1;
#pragma omp parallel num_threads(2)
  {
    int id = 0, nt = 1;
#ifdef _OPENMP
    id = omp_get_thread_num();
    nt = omp_get_num_threads();
#endif
    int b0 = transposed ? (long)m->C * id / nt : (long)m->R * id / nt, b1 = transposed ? (long)m->C * (id + 1) / nt : (long)m->R * (id + 1) / nt;
    for (int c = transposed ? b0 : 0; c < (transposed ? b1 : m->C); c++)
      for (int r = transposed ? 0 : b0; r < (transposed ? m->R : b1); r++) {
        long t = (long)c * m->R + r;
        double *xb = x + ((long)c << m->cb), *yb = y + ((long)r << m->rb);
        if (transposed)
          for (long p = m->start[t]; p < m->start[t + 1]; p++) xb[m->e[p] & mask] += m->w[p] * yb[m->e[p] >> m->cb];
        else
          for (long p = m->start[t]; p < m->start[t + 1]; p++) yb[m->e[p] >> m->cb] += m->w[p] * xb[m->e[p] & mask];
      }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: spmv_native DIR [RB CB]\n"); return 2; }
  size_t b1, b2, b3;
  const int *rs = slurp(argv[1], "indptr.i32", &b1);
  int *ci = slurp(argv[1], "indices.i32", &b2);
  const double *v = slurp(argv[1], "data.f64", &b3);
  const int n = (int)(b1 / 4) - 1;
  const long nnz = rs[n];
  double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) x[i] = 1.0 / (i + 1);
  double best[6] = {1e30, 1e30, 1e30, 1e30, 1e30, 1e30}, check = 0;
/* runs stmt, keeps the best time in best[k], and folds a result into check (so nothing is optimised away) */
#define TIMED(k, stmt) do { double t = now(); stmt; t = now() - t; if (t < best[k]) best[k] = t; check += y[n / 2]; } while (0)
  for (int r = 0; r < 10; r++) {
    TIMED(0, forward(n, rs, ci, v, x, y, 0));
    TIMED(1, {
      memset(y, 0, sizeof(double) * n);
      for (int i = 0; i < n; i++)
        for (int p = rs[i]; p < rs[i + 1]; p++) y[ci[p]] += v[p] * x[i];
    });
  }
  Tiled m = tile(n, rs, ci, v, argc > 3 ? atoi(argv[2]) : 15, argc > 3 ? atoi(argv[3]) : 15);
  for (int r = 0; r < 10; r++) {
    TIMED(4, { memset(y, 0, sizeof(double) * n); tiled(&m, x, y, 0); });
    TIMED(5, { memset(x, 0, sizeof(double) * n); tiled(&m, x, y, 1); });
  }
  for (long p = 0; p < nnz; p++) ci[p] = (int)(p % n);
  for (int r = 0; r < 10; r++) {
    TIMED(2, forward(n, rs, ci, v, x, y, 0));
    TIMED(3, forward(n, rs, ci, v, x, y, 1));
  }
  printf("{\"n\": %d, \"nnz\": %ld, \"forward_ms\": %.2f, \"scatter_ms\": %.2f, \"sequential_ms\": %.2f, \"sequential2_ms\": %.2f, \"tiled_ms\": %.2f, \"tiledT_ms\": %.2f, \"rb\": %d, \"cb\": %d, \"check\": %g}\n", n, nnz, best[0] * 1e3, best[1] * 1e3, best[2] * 1e3, best[3] * 1e3, best[4] * 1e3, best[5] * 1e3, m.rb, m.cb, check);
  return 0;
}
