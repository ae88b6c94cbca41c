#pragma once
// Catch2's session for the test binaries that have a main() of their own (e2e, cluster,
// store contract). Catch2 2.x keeps its implementation in the single header behind
// CATCH_CONFIG_RUNNER, about 37 s of compiling at -O2 -g: catch_session.cpp compiles it
// once, at -O0, for all of them (the other binaries link Debian's prebuilt
// Catch2WithMain). Link incidents_catch_session, and include <catch2/catch.hpp> without
// CATCH_CONFIG_RUNNER.

#include <functional>

namespace incidents::testing {

// Runs Catch2 with `argv` (argv[0], then Catch's own options). Once they are read,
// `before_run(only_listing)` is called (when given), with whether they only ask for help or
// a listing; a non-zero answer is returned at once and no test runs (77: CTest's "skipped").
int RunCatchSession(int argc, char** argv, const std::function<int(bool only_listing)>& before_run = {});

}  // namespace incidents::testing
