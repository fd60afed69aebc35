#!/bin/bash
# Finishes a campaign of submit-array.sh: resubmits, with --resume, every shard whose run is not
# done (failed, cancelled, stopped at its time limit, or never started), then a merge after them.
# With every shard done it submits only the merge (if the merged summary is missing).
#
#   examples/slurm/resubmit.sh CAMPAIGN [SBATCH OPTIONS...]     e.g. resubmit.sh results/slurm-campaign -t 02:00:00
#
# The shards get the campaign's sbatch options, then these (a later option wins: a longer -t).
# Run it again if a resubmitted shard stops too: each --resume runs only the jobs still missing.
set -euo pipefail
campaign=$(realpath -m "${1:?usage: resubmit.sh CAMPAIGN_DIR [SBATCH OPTIONS...]}")
shift
[ -f "$campaign/campaign.sh" ] || { echo "resubmit.sh: $campaign holds no campaign (no campaign.sh): submit one with submit-array.sh" >&2; exit 2; }
# shellcheck source=/dev/null
source "$campaign/campaign.sh" # repo, shards, flags, sbatch_options

if [ -s "$campaign/array-jobs" ] && command -v squeue >/dev/null; then
  queued=$(squeue -h -r -j "$(paste -sd, "$campaign/array-jobs")" -o %i 2>/dev/null || true)
  if [ -n "$queued" ]; then
    echo "resubmit.sh: jobs of this campaign are still queued or running ($(echo $queued)): wait for them (squeue -j $(paste -sd, "$campaign/array-jobs")) or cancel them first" >&2
    exit 2
  fi
fi
todo=()
for ((k = 0; k < shards; k++)); do
  run="$campaign/shards/shard-$k/run.json"
  if ! grep -q '^  "status": "done"' "$run" 2>/dev/null; then todo+=("$k"); fi
done
dependency=()
if [ ${#todo[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${todo[*]}")
  array=$(sbatch --parsable --array="$list" --output "$campaign/logs/shard-%A_%a.log" "${sbatch_options[@]}" "$@" \
    "$repo/examples/slurm/shard.sbatch" "$campaign" --resume)
  array=${array%%;*}
  echo "$array" >>"$campaign/array-jobs"
  dependency=(--dependency="afterok:$array")
  echo "resubmitted shard(s) $list of $shards with --resume as array job $array"
elif [ -f "$campaign/merged/summary.csv" ]; then
  echo "every shard is done and $campaign/merged/summary.csv exists: nothing to resubmit"
  exit 0
fi
merge=$(sbatch --parsable "${dependency[@]}" --output "$campaign/logs/merge-%j.log" "$repo/examples/slurm/merge.sbatch" "$campaign")
echo "campaign: array ${array:-none} merge $merge"
echo "merge job $merge after them; results in $campaign/merged"
echo "watch:  squeue -j ${array:+$array,}$merge      stop: scancel ${array:-} $merge"
echo "if a shard stops again: $(dirname "$0")/resubmit.sh $campaign"
