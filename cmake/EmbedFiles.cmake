# mobmap_embed_files(TARGET <name> NAMESPACE <ns> FILES <abs paths...>)
# Generates a source file that holds each file's bytes, so the binary runs from any directory.
# Lookup: `std::string_view <ns>::embeddedFile(std::string_view fileName)` (empty when absent).
function(mobmap_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE} "-DFILES=${ARG_FILES}"
            -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_files_script.cmake
    DEPENDS ${ARG_FILES} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_files_script.cmake
    COMMENT "Embedding ${ARG_TARGET} files"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
