# What `cmake --install` puts where, and the Debian package of it (CPack, scripts/package).
# The layout is the one apps/config's install_layout.h finds from the executable:
#
#   <prefix>/bin/incidentd, incidentctl
#   <prefix>/share/datashare-incidents/web/...                the pages
#   <prefix>/share/datashare-incidents/config/templates/...   mail and SMS templates
#   <prefix>/share/datashare-incidents/config/regulations/... regulation files
#   <prefix>/share/datashare-incidents/config/demo-directory.csv
#   <prefix>/share/doc/datashare-incidents/...                README, LICENSE, CHANGELOG, docs
#   /etc/datashare-incidents/incidentd.json, incidentd.env    (prefix /usr; else <prefix>/etc)
#   /lib/systemd/system/incidentd.service                     (prefix /usr only)
#
# The config installed is config/incidentd.json with the values a service wants: the
# database in the state directory, JSON log lines on stdout for journald.

set(INCIDENTS_PACKAGE datashare-incidents)
# The package's layout (/etc, the unit) needs the prefix /usr; a build directory configured
# before that was the default keeps /usr/local in its cache.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}: `cmake --install` works, but the Debian "
                 "package (cpack, tests/package) needs -DCMAKE_INSTALL_PREFIX=/usr")
endif()
# Installing (and CPack) takes the binaries as built, without building every other target
# first: the tests' binaries are not installed. scripts/package builds before it packs.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(INCIDENTS_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/${INCIDENTS_PACKAGE})
set(INCIDENTS_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/${INCIDENTS_PACKAGE})
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(INCIDENTS_ETC_DIR /etc/${INCIDENTS_PACKAGE})
else()
  set(INCIDENTS_ETC_DIR ${CMAKE_INSTALL_SYSCONFDIR}/${INCIDENTS_PACKAGE})
endif()

install(TARGETS incidentd incidentctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${INCIDENTS_SHARE_DIR}/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/templates ${PROJECT_SOURCE_DIR}/config/regulations
        DESTINATION ${INCIDENTS_SHARE_DIR}/config PATTERN README.md EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/config/demo-directory.csv DESTINATION ${INCIDENTS_SHARE_DIR}/config)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CHANGELOG.md
              ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/backup.md
              ${PROJECT_SOURCE_DIR}/docs/deployment-front.md ${PROJECT_SOURCE_DIR}/docs/galera.md
        DESTINATION ${INCIDENTS_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/config/README.md DESTINATION ${INCIDENTS_DOC_DIR} RENAME configuration.md)
install(FILES ${PROJECT_SOURCE_DIR}/docs/openapi.yaml DESTINATION ${INCIDENTS_DOC_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/nginx DESTINATION ${INCIDENTS_DOC_DIR}/examples)

# The service's config: the shipped one with three values changed, each checked.
file(READ ${PROJECT_SOURCE_DIR}/config/incidentd.json incidents_service_config)
foreach(change
    "\"database\": \"sqlite:var/incidents.db\"|\"database\": \"sqlite:/var/lib/datashare-incidents/incidents.db\""
    "\"format\": \"text\"|\"format\": \"json\""
    "\"stream\": \"stderr\"|\"stream\": \"stdout\"")
  string(REPLACE "|" ";" pair "${change}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(FIND "${incidents_service_config}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "deploy/install.cmake: config/incidentd.json no longer has ${from}")
  endif()
  string(REPLACE "${from}" "${to}" incidents_service_config "${incidents_service_config}")
endforeach()
file(WRITE ${PROJECT_BINARY_DIR}/deploy/incidentd.json "${incidents_service_config}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/incidentd.json)
# 0640: the config may name a database URL with its password (postinst gives the group).
install(FILES ${PROJECT_BINARY_DIR}/deploy/incidentd.json DESTINATION ${INCIDENTS_ETC_DIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/incidentd.env DESTINATION ${INCIDENTS_ETC_DIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/incidentd.service DESTINATION /lib/systemd/system)
endif()

# --- the Debian package (cpack -G DEB; scripts/package) ------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${INCIDENTS_PACKAGE})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# No real address yet: a province that ships it puts its own maintainer here.
set(CPACK_PACKAGE_CONTACT "datashare-incidents maintainers <maintainers@datashare-incidents.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "incident and data-sharing request workflow of a provincial data-sharing platform")
set(CPACK_PACKAGE_DESCRIPTION
    "incidentd runs the process of Decision 57/2020/QD-UBND of Ninh Thuan: agencies report\n"
    "problems with shared data, DoICT resolves or escalates them, focal points are informed.\n"
    "REST API, web pages, SLA clocks on the Vietnamese working calendar, a hash-chained audit\n"
    "trail, email and SMS notifications; SQLite or MariaDB storage.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the libraries the binaries link (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")  # deb-systemd-helper, -invoke
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, mariadb-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/deploy/debian/postinst ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
    ${PROJECT_SOURCE_DIR}/deploy/debian/postrm ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
