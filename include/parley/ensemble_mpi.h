/*
** ensemble_mpi.h — the same ensembles across MPI ranks (Open MPI): every rank computes its share
** of the chunks on its own threads and rank 0 gathers the results by run index, writes the store
** and returns the result. The results are bit-identical to a single-process run.
** Layer: ensembles. Public API. Built only when MPI is found (library parley_mpi, PL_HAVE_MPI).
*/
#ifndef PARLEY_ENSEMBLE_MPI_H
#define PARLEY_ENSEMBLE_MPI_H

#include "parley/ensemble.h"

/* 1 if an MPI launcher (mpirun, mpiexec, srun) started this process, judged from the
** environment, so a plain `parley run` never pays for MPI start-up. */
int pl_mpi_launched(void);

/* Initialises MPI (threads funneled through the main thread) and tells this rank and the size. */
pl_status pl_mpi_start(int *argc, char ***argv, int *rank, int *size, pl_error *err);
void pl_mpi_stop(void);

/* The largest of every rank's status (collective): lets all ranks stop together when one fails. */
pl_status pl_mpi_agree(pl_status st);

/* Collective: every rank calls it with the same experiment and configuration. store (and job)
** are used on rank 0 only (NULL elsewhere); rank 0 reads back what the store holds (resume) and
** tells the others. On rank 0 *out receives the whole result; on others it is NULL. The status is
** the same on every rank; err is filled on the rank where the failure happened. */
pl_status pl_ensemble_run_mpi(const pl_experiment *e, const pl_ens_config *cfg, pl_store *store, int64_t job,
                              pl_ens_result **out, pl_error *err);

#endif
