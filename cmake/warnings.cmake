# Compiler flags shared by every parley target: strict warnings, no FP contraction (so results
# are bit-identical across builds), and the sanitizer build used by CI.
set(PL_WARNINGS -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
    -Wdouble-promotion -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual -Wundef)
if(PARLEY_WERROR)
  list(APPEND PL_WARNINGS -Werror)
endif()
add_compile_options(-ffp-contract=off -fno-math-errno)
if(PARLEY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
function(pl_set_warnings target)
  target_compile_options(${target} PRIVATE ${PL_WARNINGS})
endfunction()
if(PARLEY_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
