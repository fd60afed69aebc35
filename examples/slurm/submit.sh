#!/bin/bash
# Submits a sweep and, after it, a resume of the same sweep. If the first job reaches its time
# limit, the second finishes the jobs it left; if it finished, the resume has nothing to do.
#
#   examples/slurm/submit.sh [SWEEP FLAGS...]     e.g. examples/slurm/submit.sh --n-r 40
#
# Both jobs get the same flags (a resume refuses a different configuration). Set SWEEPLAB_OUT to
# choose the results folder (default results/slurm-sweep).
set -euo pipefail
cd "$(dirname "$0")/../.."

first=$(sbatch --parsable examples/slurm/sweep.sbatch "$@")
second=$(sbatch --parsable --dependency=afterany:"$first" examples/slurm/sweep.sbatch --resume "$@")
echo "submitted sweep $first and its resume $second; results in ${SWEEPLAB_OUT:-results/slurm-sweep}"
echo "watch: squeue -j $first,$second    logs: sweeplab-$first.log, sweeplab-$second.log"
