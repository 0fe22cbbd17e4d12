#!/usr/bin/env bash
# Runs a spec on Slurm as a job array: task I of N runs `repro run SPEC --shard I/N` into its
# own store, then a dependent job merges the shard stores into one.
#
#   scripts/slurm-sweep.sh SPEC [--shards N] [--cpus C] [--into OUT.sqlite] [--dir DIR]
#                               [--repro BIN] [--partition P] [--wait] [-- RUN-ARGS…]
#
#   --shards N     array size (default 4)
#   --cpus C       CPUs per task; each task runs `--jobs C` (default 1)
#   --into OUT     the merged store (default results/repro.sqlite)
#   --dir DIR      shard stores and logs (default results/slurm-<spec id>-<time>)
#   --repro BIN    the repro executable (default .build/release/repro), as seen from the nodes
#   --wait         return only when the merge job has ended; exit with its status
#   -- RUN-ARGS    passed on to `repro run` (e.g. --set search_rank=3,4 --replicates 5)
#
# Shards are chosen by run key, so they are disjoint and cover the plan; a task that is
# requeued or rerun resumes its shard. Prints the array and merge job ids. The scheduler is
# whatever SLURM_CONF / the system configuration points at (scripts/local-slurm.sh for a
# one-node Slurm on this machine).
set -euo pipefail
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
spec="$1"; shift
[ -f "$spec" ] || { echo "slurm-sweep: $spec: no such spec file" >&2; exit 2; }
shards=4 cpus=1 into="results/repro.sqlite" dir="" repro=".build/release/repro" partition="" wait=0
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --into) into="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --repro) repro="$2"; shift 2 ;;
    --partition) partition="$2"; shift 2 ;;
    --wait) wait=1; shift ;;
    --) shift; run_args=("$@"); break ;;
    *) echo "slurm-sweep: unknown option $1" >&2; usage ;;
  esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-sweep: --shards must be a positive integer, got '$shards'" >&2; exit 2; }
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-sweep: --cpus must be a positive integer, got '$cpus'" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "slurm-sweep: sbatch not found (is Slurm installed?)" >&2; exit 2; }
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
repro="$(abs "$repro")"
[ -x "$repro" ] || { echo "slurm-sweep: $repro is not an executable (build it: swift build -c release --product repro)" >&2; exit 2; }
spec="$(abs "$spec")"
into="$(abs "$into")"
id="$(basename "$spec" .yaml)"
dir="$(abs "${dir:-results/slurm-$id-$(date +%Y%m%d-%H%M%S)}")"
mkdir -p "$dir" "$(dirname "$into")"
rm -f "$dir/merged.ok"
# Check the spec (and the --set arguments) here, not on the nodes: bad input exits 2 now.
"$repro" run "$spec" --dry-run --db "$dir/check.sqlite" "${run_args[@]}" >/dev/null
quoted_args=""
[ ${#run_args[@]} -eq 0 ] || quoted_args="$(printf ' %q' "${run_args[@]}")"
part=()
[ -z "$partition" ] || part=(--partition "$partition")
q() { printf %q "$1"; }

# The job scripts are written into DIR, where they can be read and resubmitted by hand.
cat > "$dir/shard.sh" <<JOB
#!/usr/bin/env bash
# Task I of the array: shard I/$shards of $(basename "$spec") into its own store.
exec $(q "$repro") run $(q "$spec") --shard "\$SLURM_ARRAY_TASK_ID/$shards" \\
  --db $(q "$dir")/shard-"\$SLURM_ARRAY_TASK_ID".sqlite --jobs $cpus$quoted_args
JOB
# The merge runs after every task has ended (afterany: a shard whose runs failed still has
# its runs stored, failed ones included); it refuses to merge when a shard store is missing.
cat > "$dir/merge.sh" <<JOB
#!/usr/bin/env bash
set -euo pipefail
stores=()
for i in \$(seq 1 $shards); do
  f=$(q "$dir")/shard-\$i.sqlite
  [ -f "\$f" ] || { echo "missing shard store \$f (see shard-\$i.log)" >&2; exit 1; }
  stores+=("\$f")
done
$(q "$repro") merge "\${stores[@]}" --into $(q "$into")
$(q "$repro") status $(q "$spec") --db $(q "$into")$quoted_args || echo "(repro status takes only the --set/--replicates of the run)"
touch $(q "$dir")/merged.ok
JOB
chmod +x "$dir/shard.sh" "$dir/merge.sh"

array_id="$(sbatch --parsable "${part[@]}" --job-name "repro-$id" --array "1-$shards" \
  --cpus-per-task "$cpus" --chdir "$PWD" --output "$dir/shard-%a.log" "$dir/shard.sh")"
array_id="${array_id%%;*}"
merge_id="$(sbatch --parsable "${part[@]}" --job-name "repro-$id-merge" --dependency "afterany:$array_id" \
  --kill-on-invalid-dep=yes --chdir "$PWD" --output "$dir/merge.log" "$dir/merge.sh")"
merge_id="${merge_id%%;*}"
echo "array job $array_id ($shards shards, logs $dir/shard-*.log), merge job $merge_id into $into (log $dir/merge.log)"

if [ "$wait" -eq 1 ]; then
  while squeue -h -j "$array_id,$merge_id" 2>/dev/null | grep -q .; do sleep 1; done
  cat "$dir/merge.log" 2>/dev/null || true
  [ -f "$dir/merged.ok" ] || { echo "slurm-sweep: merge job $merge_id did not complete (see $dir/merge.log, $dir/shard-*.log)" >&2; exit 1; }
fi
