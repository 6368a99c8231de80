list(APPEND EKSCODEC_CLI_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_main.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_common.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_out.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cli_http_out.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cmd_encode.c
  ${CMAKE_CURRENT_SOURCE_DIR}/cmd_decode.c
)
if(EXISTS ${PROJECT_SOURCE_DIR}/codec/http.cmake)
  add_compile_definitions(EKSCODEC_CLI_HAVE_HTTP_PARSE)
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/codec/sigv4.cmake)
  list(APPEND EKSCODEC_CLI_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cli_sign.c ${CMAKE_CURRENT_SOURCE_DIR}/cmd_sign.c)
  add_compile_definitions(EKSCODEC_CLI_HAVE_SIGN)
endif()
include(${CMAKE_CURRENT_SOURCE_DIR}/validate.cmake OPTIONAL)
# ekscodec serve: a local EKS endpoint verifying SigV4 (sockets live here, never in codec/).
if(EXISTS ${PROJECT_SOURCE_DIR}/codec/sigv4.cmake AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/validate.cmake)
  list(APPEND EKSCODEC_CLI_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/cmd_serve.c)
  add_compile_definitions(EKSCODEC_CLI_HAVE_SERVE)
endif()
