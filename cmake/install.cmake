# Installing parley like a library (GNUInstallDirs): the command, libparley (static and shared),
# the public headers, parley.pc, a man page per command and the bash completion, both generated at
# build time by the command itself from the option descriptor tables that drive --help (so they
# cannot drift from it); CPack makes a .deb of the same files.
option(PARLEY_DOCS "Generate the man pages and the bash completion at build time" ON)
if(PARLEY_FUZZ)
  set(PARLEY_DOCS OFF)
endif()

install(TARGETS parley_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${PL_LIB_TARGETS}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/parley DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_SOURCE_DIR}/include/parley.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# pkg-config: gsl and jansson appear in the public headers, so they are Requires, not private.
set(PL_PC_LIBS_PRIVATE "-lm")
if(OpenMP_C_FOUND)
  string(APPEND PL_PC_LIBS_PRIVATE " ${OpenMP_C_FLAGS}")
endif()
# Relocatable: prefix is found from where the file lies, so a staged install (cmake --install
# --prefix DIR, as scripts/test.sh does) and the .deb (prefix /usr) are described correctly too.
file(RELATIVE_PATH PL_PC_UP ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" PL_PC_UP "${PL_PC_UP}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/parley.pc.in ${PROJECT_BINARY_DIR}/parley.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/parley.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(PARLEY_DOCS)
  set(PL_DOCS_STAMP ${PROJECT_BINARY_DIR}/share/docs.stamp)
  add_custom_command(OUTPUT ${PL_DOCS_STAMP}
    COMMAND ${CMAKE_COMMAND} -DPARLEY=$<TARGET_FILE:parley_cli> -DOUT=${PROJECT_BINARY_DIR}/share
            -P ${PROJECT_SOURCE_DIR}/cmake/gen-docs.cmake
    DEPENDS parley_cli ${PROJECT_SOURCE_DIR}/cmake/gen-docs.cmake
    COMMENT "Generating the man pages and the bash completion from the option tables")
  add_custom_target(parley_docs ALL DEPENDS ${PL_DOCS_STAMP})
  install(DIRECTORY ${PROJECT_BINARY_DIR}/share/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_BINARY_DIR}/share/completion/parley
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parley)
set(CPACK_PACKAGE_VENDOR "parley")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "engine for how wars end and negotiation forecasting")
set(CPACK_PACKAGE_CONTACT "parley maintainers <parley@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "pkg-config")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
