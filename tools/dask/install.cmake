# Installs ekscodec-dask at install time (install(SCRIPT), tools/CMakeLists.txt, which sets
# EKSCODEC_DASK_SOURCE_DIR, EKSCODEC_DASK_WORK_DIR (the build's) and EKSCODEC_DASK_BINDIR /
# _DATADIR, GNUInstallDirs' values): the module in DATADIR/ekscodec, compiled there, and the
# script in BINDIR with its MODULE_DIR line pointing at the module. Done here rather than at
# configure time because `cmake --install --prefix` chooses the prefix only now: the path
# from BINDIR to the module is relative (the tree can be moved) when both directories are,
# else absolute. file(INSTALL) does what CMake's own rules do: DESTDIR, a relative prefix
# (from the current directory), modes 644 and 755, a file replaced rather than written
# through a link already there, and the install manifest.
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
else()  # the prefix left out: it may be relative
  file(RELATIVE_PATH module_dir_from_bin "/${EKSCODEC_DASK_BINDIR}" "/${EKSCODEC_DASK_DATADIR}/ekscodec")
endif()
# as a Python string literal
string(REPLACE "\\" "\\\\" module_dir_literal "${module_dir_from_bin}")
string(REPLACE "\"" "\\\"" module_dir_literal "${module_dir_literal}")

file(READ "${EKSCODEC_DASK_SOURCE_DIR}/ekscodec-dask" script)
set(line "MODULE_DIR = \"../share/ekscodec\"")
string(FIND "${script}" "\n${line}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "tools/dask/ekscodec-dask: no line ${line} to point at the installed module")
endif()
string(REPLACE "\n${line}" "\nMODULE_DIR = \"${module_dir_literal}\"" script "${script}")
file(WRITE "${EKSCODEC_DASK_WORK_DIR}/ekscodec-dask" "${script}")

file(INSTALL "${EKSCODEC_DASK_SOURCE_DIR}/ekscodec_dask.py" DESTINATION "${module_dir}" TYPE FILE)
file(INSTALL "${EKSCODEC_DASK_WORK_DIR}/ekscodec-dask" DESTINATION "${BINDIR}" TYPE PROGRAM)

# Compiled by the interpreter the script names (-I: whatever PYTHONOPTIMIZE or
# PYTHONPYCACHEPREFIX the installer has, the cache is the one a run reads), checked against
# the module's hash (not its time, which a copy of the tree may change); tracebacks name the
# module where it will run, not under DESTDIR. Without that interpreter, the driver compiles
# the module on every run.
if(EXISTS /usr/bin/python3)
  if(IS_ABSOLUTE "${module_dir}")
    set(module "$ENV{DESTDIR}${module_dir}/ekscodec_dask.py")
  else()
    set(module "${module_dir}/ekscodec_dask.py")
  endif()
  execute_process(COMMAND /usr/bin/python3 -I -c
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
