# Makes a CTest test fail with a message: used in place of a web test when node is missing.
message(FATAL_ERROR "${MESSAGE}")
