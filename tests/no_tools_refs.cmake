# Fails when a file under bench/ or fuzz/ (sources, headers, CMake lists, scripts) names
# tools/: the benchmark and the fuzzers must use the library's public API, as users do.
# Run: cmake -DSOURCE_DIR=<repo> -P tests/no_tools_refs.cmake
file(GLOB_RECURSE files LIST_DIRECTORIES false
  ${SOURCE_DIR}/bench/*.c ${SOURCE_DIR}/bench/*.h ${SOURCE_DIR}/bench/*.cmake ${SOURCE_DIR}/bench/CMakeLists.txt
  ${SOURCE_DIR}/fuzz/*.c ${SOURCE_DIR}/fuzz/*.h ${SOURCE_DIR}/fuzz/*.cmake ${SOURCE_DIR}/fuzz/CMakeLists.txt
  ${SOURCE_DIR}/fuzz/*.py ${SOURCE_DIR}/fuzz/*.sh)
list(LENGTH files n)
if(n LESS 10)
  message(FATAL_ERROR "found only ${n} files under bench/ and fuzz/ in ${SOURCE_DIR}: wrong SOURCE_DIR?")
endif()
set(bad)
foreach(f IN LISTS files)
  file(STRINGS ${f} lines REGEX "tools/|\"tools\"|[ (]tools[ )]|EKSCODEC_VALIDATE_TOOLS_DIR|EKSCODEC_VALIDATE_LIB_SOURCES")
  foreach(l IN LISTS lines)
    file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
    list(APPEND bad "${rel}: ${l}")
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "bench/ or fuzz/ references tools/:\n  ${text}")
endif()
message(STATUS "checked ${n} files under bench/ and fuzz/: none references tools/")
