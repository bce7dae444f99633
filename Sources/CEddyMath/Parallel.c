// The second core: one helper thread that shares chunked work with the caller. All of
// Eddy's parallelism goes through it (the packed-weight products, and the OpenBLAS products
// split in two halves, with OpenBLAS itself single-threaded): one pool, so no two pools
// spin against each other on a two-core machine.
//
// Both threads take chunks from one counter, so the caller never waits for a helper that is
// slow to wake; it only waits for chunks the helper has started. Between jobs the helper
// yields for about 100 µs (a recurrent layer's products come back to back), then sleeps.
#define _GNU_SOURCE  // sched_getcpu, CPU_SET, pthread_setaffinity_np
#include "CEddyMath.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define PAUSE() __builtin_ia32_pause()
#else
#define PAUSE() ((void)0)
#endif

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;  // one sharing caller at a time
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond = PTHREAD_COND_INITIALIZER;
// One word holds the job number (bits 40-63), its chunk count (20-39) and the next chunk
// (0-19). A chunk is taken by one compare-and-swap on the whole word, so the count and the
// job are read together: a helper still holding an old job's word can take nothing once
// that job's chunks are gone, even while the caller writes the next job.
static _Atomic uint64_t work = 0;
static _Atomic long done_chunks = 0;
static _Atomic int sleeping = 0;
static eddy_chunk_fn shared_fn;
static void *shared_ctx;
static int helper_state = 0;  // 0 not started, 1 running, -1 unavailable
static _Atomic int thread_limit = 0;  // 0: not decided yet

#define JOB(w) ((uint32_t)((w) >> 40))
#define TOTAL(w) ((ptrdiff_t)(((w) >> 20) & 0xFFFFF))
#define NEXT(w) ((ptrdiff_t)((w) & 0xFFFFF))
#define MAX_CHUNKS 0xFFFFF

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// Takes and runs chunks of job `id` until none is left. The job's function and context stay
// fixed while any of its chunks runs: the caller waits for all of them before the next job.
static void run_chunks(uint32_t id) {
  for (;;) {
    uint64_t w = atomic_load(&work);
    if (JOB(w) != id || NEXT(w) >= TOTAL(w)) return;
    if (!atomic_compare_exchange_weak(&work, &w, w + 1)) continue;
    shared_fn(shared_ctx, NEXT(w));
    atomic_fetch_add(&done_chunks, 1);
  }
}

static void *helper(void *arg) {
  (void)arg;
  uint32_t seen = 0;
  for (;;) {
    double start = seconds();
    int spins = 0;
    while (JOB(atomic_load(&work)) == seen) {
      if ((++spins & 63) != 0) {
        sched_yield();
        continue;
      }
      if (seconds() - start < 100e-6) continue;
      pthread_mutex_lock(&wake_lock);
      atomic_store(&sleeping, 1);
      while (JOB(atomic_load(&work)) == seen) pthread_cond_wait(&wake_cond, &wake_lock);
      atomic_store(&sleeping, 0);
      pthread_mutex_unlock(&wake_lock);
    }
    seen = JOB(atomic_load(&work));
    run_chunks(seen);
  }
  return NULL;
}

static int start_helper(void) {
  if (helper_state != 0) return helper_state > 0;
  helper_state = -1;
  if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return 0;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // The helper blocks every signal (it inherits the mask): Ctrl-C and the like must reach
  // the threads that handle them, never a worker.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int created = pthread_create(&t, &attr, helper, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (created == 0) {
    helper_state = 1;
    // Pinned to another CPU than the caller's: left to itself the scheduler sometimes keeps
    // both threads on one core (the caller spins while it waits), and the helper then takes
    // almost no chunks (1024×256·256×64 at one core's speed in about one run in three).
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) >= 2) {
      int here = sched_getcpu();
      for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (cpu == here || !CPU_ISSET(cpu, &allowed)) continue;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        pthread_setaffinity_np(t, sizeof one, &one);
        break;
      }
    }
  }
  pthread_attr_destroy(&attr);
  return helper_state > 0;
}

void eddy_parallel_set_threads(int n) { atomic_store(&thread_limit, n < 2 ? 1 : 2); }

int eddy_parallel_threads(void) {
  int n = atomic_load(&thread_limit);
  if (n == 0) {
    // The thread count the user gave OpenBLAS holds for all of Eddy's products.
    const char *env = getenv("OPENBLAS_NUM_THREADS");
    n = (env && atoi(env) == 1) || sysconf(_SC_NPROCESSORS_ONLN) < 2 ? 1 : 2;
    atomic_store(&thread_limit, n);
  }
  return n;
}

void eddy_parallel_for(ptrdiff_t chunks, eddy_chunk_fn fn, void *ctx) {
  if (chunks <= 0) return;
  if (chunks >= 2 && chunks <= MAX_CHUNKS && eddy_parallel_threads() >= 2 &&
      pthread_mutex_trylock(&pool_lock) == 0) {
    if (start_helper()) {
      shared_fn = fn;
      shared_ctx = ctx;
      atomic_store(&done_chunks, 0);
      uint32_t id = (JOB(atomic_load(&work)) + 1) & 0xFFFFFF;
      // seq_cst: ordered before the read of `sleeping`
      atomic_store(&work, ((uint64_t)id << 40) | ((uint64_t)chunks << 20));
      if (atomic_load(&sleeping)) {
        pthread_mutex_lock(&wake_lock);
        pthread_cond_signal(&wake_cond);
        pthread_mutex_unlock(&wake_lock);
      }
      run_chunks(id);
      while (atomic_load(&done_chunks) != chunks) PAUSE();
      pthread_mutex_unlock(&pool_lock);
      return;
    }
    pthread_mutex_unlock(&pool_lock);
  }
  for (ptrdiff_t c = 0; c < chunks; c++) fn(ctx, c);
}
