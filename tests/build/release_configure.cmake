# A release configure (issue 17.1): -DBUILD_TESTING=OFF needs no Catch2, and
# -DINCIDENTS_WITH_MYSQL=OFF no MySQL Connector/C++. Configures the source tree into a
# scratch folder with Catch2 made unfindable, checks that no target of the MySQL backend,
# the tests or the benchmarks is generated, and compiles the one source that differs
# without MySQL (the storage opener) to show that it builds. Run with
#   cmake -DSOURCE=<tree> -DSCRATCH=<folder> -P release_configure.cmake
file(REMOVE_RECURSE "${SCRATCH}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${SCRATCH}" -DBUILD_TESTING=OFF -DINCIDENTS_WITH_MYSQL=OFF
          -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON -DCMAKE_BUILD_TYPE=Release
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the release configure failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${SCRATCH}" --target help
                RESULT_VARIABLE rc OUTPUT_VARIABLE targets)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot list the targets of ${SCRATCH}")
endif()
foreach(unwanted incidents_storage_mysql store_contract_tests engine_tests report_bench incidents_test_support)
  string(FIND "${targets}" "${unwanted}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "a release configure generates ${unwanted}")
  endif()
endforeach()
foreach(wanted incidentd incidentctl incidents_storage)
  string(FIND "${targets}" "... ${wanted}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "a release configure does not generate ${wanted}:\n${targets}")
  endif()
endforeach()
execute_process(COMMAND make -C "${SCRATCH}/adapters/storage" src/storage.cpp.o
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the storage opener does not compile without MySQL:\n${out}\n${err}")
endif()
file(REMOVE_RECURSE "${SCRATCH}")
message(STATUS "release configure: no Catch2, no MySQL backend, no tests; the storage opener compiles without MySQL")
