#!/bin/bash
# A sweep campaign over a SLURM job array: N shards (one array task each, its CPUs as a pool),
# then a merge that runs after every shard succeeded.
#
#   examples/slurm/submit-array.sh [SBATCH OPTIONS... --] [SWEEP FLAGS...]
#   e.g. SWEEPLAB_SHARDS=8 examples/slurm/submit-array.sh -c 4 -t 01:00:00 -- --workload heavy --n-r 80
#
# SWEEPLAB_SHARDS: number of shards (default 4). SWEEPLAB_OUT: the campaign folder (default
# results/slurm-campaign; a new campaign needs a new folder). SWEEPLAB_WORKLOAD: the workload when the
# flags name none (default lecture, as the CLI). The sbatch options go to every shard task (not the
# merge, which needs one CPU). If a shard fails, is cancelled or hits its time limit, the merge is
# cancelled and examples/slurm/resubmit.sh CAMPAIGN finishes the campaign with --resume.
set -euo pipefail

sbatch_options=()
if [[ " $* " == *" -- "* ]]; then
  while [ "$1" != "--" ]; do sbatch_options+=("$1"); shift; done
  shift
fi
flags=("$@")
case " ${flags[*]} " in
  *" --shard"* | *" --out"* | *" --resume "* | *" --force "*)
    echo "submit-array.sh: the campaign sets --shard and --out itself, and a new campaign neither resumes nor overwrites: drop them (SWEEPLAB_OUT picks the folder; resubmit.sh resumes)" >&2
    exit 2 ;;
esac
case " ${flags[*]} " in *" --workload"*) ;; *) flags=(--workload "${SWEEPLAB_WORKLOAD:-lecture}" "${flags[@]}") ;; esac
shards=${SWEEPLAB_SHARDS:-4}
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit-array.sh: SWEEPLAB_SHARDS must be a whole number from 1, got \"$shards\"" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
campaign=$(realpath -m "${SWEEPLAB_OUT:-$repo/results/slurm-campaign}")
here=$(dirname "$0")
if [ -e "$campaign/campaign.sh" ]; then
  echo "submit-array.sh: $campaign already holds a campaign: finish it with $here/resubmit.sh $campaign, or set SWEEPLAB_OUT to a new folder" >&2
  exit 2
fi
# Check the flags now (exit 2 here, not in N tasks later): a dry parse by the CLI itself.
(cd "$repo" && node bin/sweeplab.js sweep --dry-run --shard "0/$shards" "${flags[@]}" >/dev/null) || exit 2
mkdir -p "$campaign/logs" "$campaign/shards"
{
  echo "# written by submit-array.sh; read by shard.sbatch, merge.sbatch and resubmit.sh"
  printf 'repo=%q\nshards=%q\n' "$repo" "$shards"
  printf 'flags=('; printf '%q ' "${flags[@]}"; printf ')\n'
  printf 'sbatch_options=('; printf '%q ' "${sbatch_options[@]}"; printf ')\n'
} >"$campaign/campaign.sh"

array=$(sbatch --parsable --array="0-$((shards - 1))" --output "$campaign/logs/shard-%A_%a.log" "${sbatch_options[@]}" \
  "$repo/examples/slurm/shard.sbatch" "$campaign")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --output "$campaign/logs/merge-%j.log" \
  "$repo/examples/slurm/merge.sbatch" "$campaign")
echo "$array" >"$campaign/array-jobs"
echo "campaign: array $array merge $merge"
echo "submitted $shards shards as array job $array, and merge job $merge after them; results in $campaign/merged"
echo "logs:   $campaign/logs/"
echo "watch:  squeue -j $array,$merge      (one line per shard task: squeue -r -j $array)"
echo "stop:   scancel $array $merge       (one shard: scancel ${array}_2; its finished jobs are kept)"
echo "if a shard fails, is cancelled or hits its limit: $here/resubmit.sh $campaign"
