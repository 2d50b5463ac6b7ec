/*
** internal.h — PL_INTERNAL marks a function shared between the library's own files but not part
** of its API (Lua's LUAI_FUNC): hidden from the shared library's dynamic symbol table on ELF, so
** nothing outside libparley can link against it, while the static library and the tests still can.
** Layer: core. Internal.
*/
#ifndef PARLEY_CORE_INTERNAL_H
#define PARLEY_CORE_INTERNAL_H

#if defined(__GNUC__) && defined(__ELF__)
#define PL_INTERNAL __attribute__((visibility("hidden"))) extern
#else
#define PL_INTERNAL extern
#endif

#endif
