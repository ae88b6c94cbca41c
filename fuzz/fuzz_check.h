#pragma once
// What a fuzz target does when an invariant does not hold: print what and where, and
// abort, so that libFuzzer (or the corpus replay of the test run) records the input.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                   \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition);    \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)
