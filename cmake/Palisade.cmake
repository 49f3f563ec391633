# SPDX-License-Identifier: Apache-2.0
# palisade_library(NAME SOURCES ... DEPS ...): one static library per src/ folder, palisade_<NAME>.
function(palisade_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(palisade_${name} STATIC ${ARG_SOURCES})
  target_include_directories(palisade_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(palisade_${name} PUBLIC ${ARG_DEPS})
  target_compile_options(palisade_${name} PRIVATE -Werror)
  # g++ 12 reports the members of an engaged std::optional as "maybe uninitialized" once inlining runs (-O1 with
  # sanitizers, -O3): GCC bug 105562, a false positive that moves from file to file with every change. It stays a
  # warning there, not an error; every other warning is still an error.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(palisade_${name} PRIVATE -Wno-error=maybe-uninitialized)
  endif()
endfunction()

# palisade_test(NAME SOURCES ... DEPS ... LABELS ...): one gtest binary, tests discovered into CTest.
function(palisade_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  include(GoogleTest)
  # PRE_TEST: tests are listed when ctest runs, in its environment, so the PostgreSQL variants (which exist only
  # when PALISADE_TEST_PG_URL is set) are registered under scripts/with-postgres.
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST)
endfunction()

# palisade_embed(OUT VAR FILES ...): writes a C++ source that defines
#   const palisade::EmbeddedFile <VAR>[]; const std::size_t <VAR>_count;
# holding each file's path (relative to BASE) and bytes. Rebuilt when a file changes.
function(palisade_embed out var base)
  set(files ${ARGN})
  string(REPLACE ";" "|" files_arg "${files}")  # a ';' list would be split by the shell
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DVAR=${var} -DBASE=${base} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${var}"
    VERBATIM)
endfunction()
