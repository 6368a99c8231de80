# install_consumer: `cmake --install` this build into a scratch prefix, then build and run
# tests/consumer against it (find_package and pkg-config). Needs the whole build finished,
# which is how ctest is run (after make).
get_property(_eks_link_options DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY LINK_OPTIONS)
# A sanitized library needs the sanitizer runtime in whatever links it.
string(JOIN " " _eks_consumer_ldflags ${CMAKE_EXE_LINKER_FLAGS} ${_eks_link_options})
if(TARGET ekscodec_cli)
  set(_eks_has_cli 1)
else()
  set(_eks_has_cli 0)
endif()
add_test(NAME install_consumer COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/consumer/check_install.sh)
set_tests_properties(install_consumer PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77 ENVIRONMENT
  "BUILD_DIR=${PROJECT_BINARY_DIR};WORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/install-test;SOURCE_DIR=${PROJECT_SOURCE_DIR};CC=${CMAKE_C_COMPILER};HAS_CLI=${_eks_has_cli};LIBDIR=${CMAKE_INSTALL_LIBDIR};VERSION=${PROJECT_VERSION};CONSUMER_CFLAGS=${CMAKE_C_FLAGS};CONSUMER_LDFLAGS=${_eks_consumer_ldflags}")
