# Installation: libraries, CLI, public headers, pkg-config file and CMake package.
#
# Layout under the prefix (with the default libdir "lib"):
#   bin/ekscodec                         the CLI (when it is part of the build)
#   bin/ekscodec-dask                    validate over a Dask cluster (with the CLI; tools/CMakeLists.txt),
#   share/ekscodec/ekscodec_dask.py      the module it runs, compiled there (__pycache__/)
#   include/ekscodec/*.h                 public headers (version.h generated from the project version)
#   lib/libekscodec.so*, libekscodec.a   shared and static library, same name
#   lib/pkgconfig/ekscodec.pc            for pkg-config users
#   lib/cmake/ekscodec/                  for find_package(ekscodec): ekscodec::ekscodec (shared)
#                                        and ekscodec::ekscodec_static
#
# GNUInstallDirs (included by the top-level file) only departs from "lib" on Debian for the
# prefix /usr (multiarch lib/<triplet>) and on other 64-bit distributions (lib64); both are
# what those systems expect, and -DCMAKE_INSTALL_LIBDIR=... overrides it.
include(CMakePackageConfigHelpers)

set(EKSCODEC_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/ekscodec")
set(EKSCODEC_PKGCONFIG_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

install(TARGETS ekscodec ekscodec_static EXPORT ekscodecTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The CLI links the static library, so the installed binary needs no rpath.
if(TARGET ekscodec_cli)
  install(TARGETS ekscodec_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# Copied at install time, so a header added later needs no re-configure.
install(DIRECTORY include/ekscodec DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
# ekscodec/version.h, generated from the project version (top-level CMakeLists.txt).
install(FILES ${EKSCODEC_GENERATED_INCLUDE_DIR}/ekscodec/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ekscodec)

# The static library's link interface names PkgConfig::JSONC and OpenSSL::Crypto (as
# $<LINK_ONLY:...>); ekscodecConfig.cmake recreates both before loading the targets, the
# json-c one through pkg-config under the same name, so the export stays valid for consumers.
install(EXPORT ekscodecTargets NAMESPACE ekscodec:: DESTINATION ${EKSCODEC_CMAKE_DIR})
configure_package_config_file(cmake/ekscodecConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/ekscodecConfig.cmake
  INSTALL_DESTINATION ${EKSCODEC_CMAKE_DIR})
# Before 1.0 a minor release may break the API (semver), so only the same minor matches.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ekscodecConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ekscodecConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/ekscodecConfigVersion.cmake
  DESTINATION ${EKSCODEC_CMAKE_DIR})

# The .pc file finds the prefix from its own location (${pcfiledir}), so an install moved
# elsewhere, or made with `cmake --install --prefix DIR`, still points at itself.
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(EKSCODEC_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(EKSCODEC_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${EKSCODEC_PKGCONFIG_DIR}")
  set(EKSCODEC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH EKSCODEC_PC_PREFIX
    "${CMAKE_INSTALL_PREFIX}/${EKSCODEC_PKGCONFIG_DIR}" "${CMAKE_INSTALL_PREFIX}")
  string(REGEX REPLACE "/$" "" EKSCODEC_PC_PREFIX "${EKSCODEC_PC_PREFIX}")
  set(EKSCODEC_PC_PREFIX "\${pcfiledir}/${EKSCODEC_PC_PREFIX}")
endif()
configure_file(cmake/ekscodec.pc.in ${CMAKE_CURRENT_BINARY_DIR}/ekscodec.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ekscodec.pc DESTINATION ${EKSCODEC_PKGCONFIG_DIR})
