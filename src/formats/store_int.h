/*
** store_int.h — what the results store's files share: the connection behind a handle, for the
** read API (store_read.c). Never included outside src/formats/store*.c.
** Layer: formats. Internal.
*/
#ifndef PARLEY_FORMATS_STORE_INT_H
#define PARLEY_FORMATS_STORE_INT_H

#include <sqlite3.h>

#include "parley/store.h"

sqlite3 *pl_store_connection(pl_store *st);

#endif
