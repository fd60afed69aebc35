#!/bin/bash
# Submits a sweep and, after it, a resume of the same sweep. If the first job reaches its time
# limit (or is cancelled), the second finishes the jobs it left; if it finished, the resume has
# nothing to do.
#
#   examples/slurm/submit.sh [SBATCH OPTIONS... --] [SWEEP FLAGS...]
#   e.g. examples/slurm/submit.sh -c 8 -t 02:00:00 -- --n-r 40
#
# Both jobs get the same options and flags (a resume refuses a different configuration). Set
# SWEEPLAB_OUT to choose the results folder (default results/slurm-sweep in the repository).
set -euo pipefail

sbatch_options=()
if [[ " $* " == *" -- "* ]]; then
  while [ "$1" != "--" ]; do sbatch_options+=("$1"); shift; done
  shift
fi
[ -n "${SWEEPLAB_OUT:-}" ] && SWEEPLAB_OUT=$(realpath -m "$SWEEPLAB_OUT")
repo=$(cd "$(dirname "$0")/../.." && pwd)
export SWEEPLAB_DIR=$repo SWEEPLAB_OUT=${SWEEPLAB_OUT:-$repo/results/slurm-sweep}
logs=(--output "$repo/sweeplab-%j.log")

first=$(sbatch --parsable "${logs[@]}" "${sbatch_options[@]}" "$repo/examples/slurm/sweep.sbatch" "$@")
second=$(sbatch --parsable "${logs[@]}" "${sbatch_options[@]}" --dependency=afterany:"$first" "$repo/examples/slurm/sweep.sbatch" --resume "$@")
echo "submitted sweep $first and its resume $second; results in $SWEEPLAB_OUT"
echo "logs: $repo/sweeplab-$first.log, $repo/sweeplab-$second.log"
echo "watch: squeue -j $first,$second    stop both: scancel $first $second"
