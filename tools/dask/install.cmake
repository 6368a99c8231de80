# Installs ekscodec-dask at install time (install(SCRIPT), tools/CMakeLists.txt, which sets
# EKSCODEC_DASK_SOURCE_DIR and EKSCODEC_DASK_BINDIR / _DATADIR, GNUInstallDirs' values): the
# script in BINDIR, its MODULE_DIR line pointing at DATADIR/ekscodec, where the module is
# installed and compiled. Done here rather than at configure time because `cmake --install
# --prefix` chooses the prefix only now: the path from BINDIR to the module is relative (the
# tree can be moved) when both directories are, else absolute.
foreach(kind BINDIR DATADIR)
  if(IS_ABSOLUTE "${EKSCODEC_DASK_${kind}}")
    set(${kind} "${EKSCODEC_DASK_${kind}}")
  else()
    set(${kind} "${CMAKE_INSTALL_PREFIX}/${EKSCODEC_DASK_${kind}}")
  endif()
endforeach()
set(module_dir "${DATADIR}/ekscodec")
if(IS_ABSOLUTE "${EKSCODEC_DASK_BINDIR}" OR IS_ABSOLUTE "${EKSCODEC_DASK_DATADIR}")
  set(module_dir_from_bin "${module_dir}")
else()
  file(RELATIVE_PATH module_dir_from_bin "${BINDIR}" "${module_dir}")
endif()

file(READ "${EKSCODEC_DASK_SOURCE_DIR}/ekscodec-dask" script)
set(line "MODULE_DIR = \"../share/ekscodec\"")
string(FIND "${script}" "\n${line}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "tools/dask/ekscodec-dask: no line ${line} to point at the installed module")
endif()
string(REPLACE "\n${line}" "\nMODULE_DIR = \"${module_dir_from_bin}\"" script "${script}")

set(module "$ENV{DESTDIR}${module_dir}/ekscodec_dask.py")
message(STATUS "Installing: ${module}")
file(MAKE_DIRECTORY "$ENV{DESTDIR}${module_dir}")
file(COPY_FILE "${EKSCODEC_DASK_SOURCE_DIR}/ekscodec_dask.py" "${module}")
set(launcher "$ENV{DESTDIR}${BINDIR}/ekscodec-dask")
message(STATUS "Installing: ${launcher}")
file(MAKE_DIRECTORY "$ENV{DESTDIR}${BINDIR}")
file(WRITE "${launcher}" "${script}")
file(CHMOD "${launcher}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
  WORLD_READ WORLD_EXECUTE)
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${module}" "${launcher}")

# Compiled by the interpreter the script names, checked against the module's hash (not its
# time, which a copy of the tree may change); tracebacks name the module where it will run,
# not under DESTDIR. Without that interpreter, the driver compiles the module on every run.
if(EXISTS /usr/bin/python3)
  execute_process(COMMAND /usr/bin/python3 -c
    "import py_compile, sys; print(py_compile.compile(sys.argv[1], dfile=sys.argv[2], doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH))"
    "${module}" "${module_dir}/ekscodec_dask.py"
    RESULT_VARIABLE compiled OUTPUT_VARIABLE pyc ERROR_VARIABLE why OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(compiled EQUAL 0)
    message(STATUS "Installing: ${pyc}")
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${pyc}")
  else()
    message(WARNING "ekscodec_dask.py not compiled (/usr/bin/python3: ${why}): ekscodec-dask compiles it on every run")
  endif()
endif()
