# incidents_python_test(NAME <test> SCRIPT <file> [ARGS <arg>...] [TIMEOUT <s>] [LABELS <label>]
#                       [RUN_SERIAL])
# A CTest test that runs SCRIPT with Debian's /usr/bin/python3 from the source tree: that
# one, not whatever python3 comes first on PATH (it may be a pyenv shim without the modules
# scripts/setup installs: python3-yaml, -jsonschema, -aiosmtpd). Without /usr/bin/python3
# the test fails and says to run scripts/setup (no silent skip). ARGS may hold generator
# expressions such as $<TARGET_FILE:incidentd>.
find_program(SYSTEM_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)

function(incidents_python_test)
  cmake_parse_arguments(T "RUN_SERIAL" "NAME;SCRIPT;TIMEOUT;LABELS" "ARGS" ${ARGN})
  if(SYSTEM_PYTHON3)
    add_test(NAME "${T_NAME}" COMMAND ${SYSTEM_PYTHON3} ${T_SCRIPT} ${T_ARGS}
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  else()
    add_test(NAME "${T_NAME}"
      COMMAND ${CMAKE_COMMAND} "-DMESSAGE=/usr/bin/python3 is not installed: run scripts/setup (${T_SCRIPT})"
              -P ${PROJECT_SOURCE_DIR}/tests/web/fail.cmake)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties("${T_NAME}" PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
  if(T_RUN_SERIAL)
    set_tests_properties("${T_NAME}" PROPERTIES RUN_SERIAL TRUE)
  endif()
endfunction()
