/*
 * The native reference for one sparse product on this machine: C (gcc -O3), one thread, on the benchmark's CSR
 * files. Prints one JSON line with the best of 10 runs, in ms, of
 *   forward    y = A·x, a CSR gather (the textbook loop; scipy's csr product is this loop),
 *   scatter    y = Aᵀ·x by scattering A's rows,
 *   sequential the forward loop with the column indices replaced by p mod n (the same bytes, read in order):
 *              what streaming the matrix costs when x is met in order instead of at random,
 *   sequential2 the same on two threads (OpenMP, when compiled with -fopenmp; else one).
 * usage: spmv_native DIR   (DIR holds shape.txt, indptr.i32, indices.i32, data.f64: bench/peers/sparse_economy.py)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: spmv_native DIR\n"); return 2; }
  size_t b1, b2, b3;
  const int *rs = slurp(argv[1], "indptr.i32", &b1);
  int *ci = slurp(argv[1], "indices.i32", &b2);
  const double *v = slurp(argv[1], "data.f64", &b3);
  const int n = (int)(b1 / 4) - 1;
  const long nnz = rs[n];
  double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
  for (int i = 0; i < n; i++) x[i] = 1.0 / (i + 1);
  double best[4] = {1e30, 1e30, 1e30, 1e30}, check = 0;
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
  for (long p = 0; p < nnz; p++) ci[p] = (int)(p % n);
  for (int r = 0; r < 10; r++) {
    TIMED(2, forward(n, rs, ci, v, x, y, 0));
    TIMED(3, forward(n, rs, ci, v, x, y, 1));
  }
  printf("{\"n\": %d, \"nnz\": %ld, \"forward_ms\": %.2f, \"scatter_ms\": %.2f, \"sequential_ms\": %.2f, \"sequential2_ms\": %.2f, \"check\": %g}\n", n, nnz, best[0] * 1e3, best[1] * 1e3, best[2] * 1e3, best[3] * 1e3, check);
  return 0;
}
