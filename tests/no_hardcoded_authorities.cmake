# Fails when the name of an authority, or the id of a demo authority org, is written into
# the product (issue 12.2): the coordinating department, the ministry, the Chairman's office
# and the province are named by the directory and the configuration, and get renamed and
# merged (2025: MIC into the Ministry of Science and Technology, the provincial DoICT into
# the Department of Science and Technology, the province into another) with no code change.
#
#   cmake -DROOT=<source dir> -P tests/no_hardcoded_authorities.cmake
#
# Scans every file of the source tree (C++, templates, web pages, scripts, CMake) except
# where a province's own data or a description of it belongs:
#   tests/, docs/, *.md     tests and documentation describe the demo province
#   config/*.json           where a province names its authorities (incidentd.json) and
#                           its directory (config/demo-directory.csv, data like them)
#   config/regulations/     the text of the province's regulation and the citations quoted
#                           from it, as enacted (they name the authorities of 2020)
#   fuzz/corpus/            fuzz inputs, among them copies of the demo's configuration and
#                           directory (data, like those files)
#   build trees, .git, var/ generated files, the local database
# and the allow-list below (keep it tiny; say why for each entry).

set(FORBIDDEN
  "Thông tin và Truyền thông"   # the former DoICT and MIC, in full
  "TT&TT"                       # ... and abbreviated (Sở TT&TT, Bộ TT&TT)
  "Ninh Thuận"                  # the province
  "'stttt'" "\"stttt\""         # the demo DoICT's org id as a literal
  "vp-ubnd"                     # the demo Chairman's office's org id
)

set(ALLOWED
  # Prints the demo logins of config/demo.json next to their orgs, for a person starting
  # the demo by hand: a description of the demo data, like config/demo.json itself.
  scripts/run
)

if(NOT ROOT)
  message(FATAL_ERROR "pass -DROOT=<source dir>")
endif()

set(found "")
file(GLOB top RELATIVE "${ROOT}" "${ROOT}/*")
foreach(entry IN LISTS top)
  if(entry MATCHES "^(\\.git|tests|docs|var)$" OR EXISTS "${ROOT}/${entry}/CMakeCache.txt")
    continue()
  endif()
  if(IS_DIRECTORY "${ROOT}/${entry}")
    file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/${entry}/*")
  else()
    set(files "${entry}")
  endif()
  foreach(f IN LISTS files)
    if(f MATCHES "\\.md$" OR f MATCHES "^config/[^/]*\\.json$" OR f STREQUAL "config/demo-directory.csv" OR f MATCHES "^config/regulations/" OR f MATCHES "^fuzz/corpus/" OR f MATCHES "/node_modules/")
      continue()
    endif()
    list(FIND ALLOWED "${f}" allowed)
    if(NOT allowed EQUAL -1)
      continue()
    endif()
    file(READ "${ROOT}/${f}" text)
    foreach(needle IN LISTS FORBIDDEN)
      string(FIND "${text}" "${needle}" at)
      if(NOT at EQUAL -1)
        # The line, for the message.
        string(SUBSTRING "${text}" 0 ${at} before)
        string(REGEX MATCHALL "\n" breaks "${before}")
        list(LENGTH breaks line)
        math(EXPR line "${line} + 1")
        string(APPEND found "  ${f}:${line}: ${needle}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(found)
  message(FATAL_ERROR "An authority's name or a demo authority's org id is written into the product; "
                      "take it from the directory or the configuration instead (workflow.* in "
                      "config/README.md, the template variables of config/templates/README.md, "
                      "web/assets/authorities.js):\n${found}")
endif()
message(STATUS "no authority is named outside the configuration")
