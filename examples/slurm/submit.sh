#!/bin/bash
# Submits a sweep and, after it, a resume of the same sweep. If the first job reaches its time
# limit (or is cancelled), the second finishes the jobs it left; if it finished, the resume has
# nothing to do.
#
#   examples/slurm/submit.sh [SBATCH OPTIONS... --] [SWEEP FLAGS...]
#   e.g. examples/slurm/submit.sh -c 8 -t 02:00:00 -- --n-r 40
#
# Both jobs get the same options and flags (a resume refuses a different configuration), but the
# resume never gets --force (it would refuse to run). SWEEPLAB_OUT chooses the results folder (default
# results/slurm-sweep in the repository); it reaches the jobs as --out, so sbatch --export=NONE keeps it.
# SWEEPLAB_WORKLOAD: the workload when the flags name none (default lecture, as the CLI).
# If the resume stops at its time limit too, chain another: the last line printed says how.
# A sweep across several nodes: submit-array.sh.
set -euo pipefail

sbatch_options=()
if [[ " $* " == *" -- "* ]]; then
  while [ "$1" != "--" ]; do sbatch_options+=("$1"); shift; done
  shift
fi
[ -n "${SWEEPLAB_OUT:-}" ] && SWEEPLAB_OUT=$(realpath -m "$SWEEPLAB_OUT")
repo=$(cd "$(dirname "$0")/../.." && pwd)
export SWEEPLAB_DIR=$repo
out=${SWEEPLAB_OUT:-$repo/results/slurm-sweep}
logs=(--output "$repo/sweeplab-%j.log")
flags=(--out "$out")
case " $* " in *" --workload"*) ;; *) flags+=(--workload "${SWEEPLAB_WORKLOAD:-lecture}") ;; esac
resume_flags=()
for flag in "$@"; do [ "$flag" = --force ] || resume_flags+=("$flag"); done

# sbatch from the repository: under --export=NONE the job finds it as SLURM_SUBMIT_DIR
cd "$repo"
first=$(sbatch --parsable "${logs[@]}" "${sbatch_options[@]}" "$repo/examples/slurm/sweep.sbatch" "${flags[@]}" "$@")
second=$(sbatch --parsable "${logs[@]}" "${sbatch_options[@]}" --dependency=afterany:"$first" "$repo/examples/slurm/sweep.sbatch" --resume "${flags[@]}" "${resume_flags[@]}")
echo "submitted sweep $first and its resume $second; results in $out"
echo "logs: $repo/sweeplab-$first.log, $repo/sweeplab-$second.log"
echo "watch: squeue -j $first,$second    stop both: scancel $first $second"
printf 'if the resume stops at its time limit too, chain another: sbatch --dependency=afterany:%s' "$second"
printf ' %q' "${logs[@]}" "${sbatch_options[@]}" "$repo/examples/slurm/sweep.sbatch" --resume "${flags[@]}" "${resume_flags[@]}"
printf '\n'
