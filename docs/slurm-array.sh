#!/usr/bin/env bash
# An nnlab sweep as a Slurm job array: array task i runs shard i of N into its own record, and a
# second job merges the records once every task has ended. nnlab must be on the PATH of the nodes
# (npm install -g from a checkout, or a module), and OUT on a file system they share.
#
#   mkdir -p sweeps/logs
#   jobid=$(sbatch --parsable docs/slurm-array.sh)
#   sbatch --dependency=afterok:$jobid --wrap 'nnlab sweep merge sweeps/reg/merged sweeps/reg/shard-*'
#
# N, the number of shards, is SHARDS below and must equal the array's size (--array=1-N): every
# task of the sweep, and any task run again, must give the same N. (SLURM_ARRAY_TASK_COUNT is the
# size of the array a task was submitted in, so a task resubmitted alone would see 1.)
# A task that is requeued or run again (after a time-out or preemption) continues its own record
# with --resume: the runs it had finished are kept, only the rest run. A task's failed runs are
# recorded as failed and it exits 1; run that task again to retry them:
#   sbatch --array=K docs/slurm-array.sh      # task K alone; SHARDS is fixed, so it is shard K/N
# With --dependency=afterok the merge runs only if every task exited 0: after a task that exited 1
# (a failed run) or 2 (bad input) it stays pending for good (DependencyNeverSatisfied). Cancel it
# (scancel), run the task again as above, then submit the merge again (afterok on that new job).
#
#SBATCH --job-name=nnlab-sweep
#SBATCH --array=1-3
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=sweeps/logs/%x-%A_%a.out
set -euo pipefail

OUT=${OUT:-sweeps/reg}
SHARDS=${SHARDS:-3} # = the N of #SBATCH --array=1-N above
# The sweep: the same on every task (merge checks that it is).
SWEEP=${SWEEP:-"sweep regularize --lambd 0.01,0.1,0.3,0.7,1,5 --repeat 2"}

mkdir -p "$OUT"
record="$OUT/shard-$SLURM_ARRAY_TASK_ID"
if [ -d "$record" ]; then into=(--resume "$record"); else into=(--out "$record"); fi
# shellcheck disable=SC2086 # SWEEP is a list of words
nnlab $SWEEP --shard-from-env SLURM_ARRAY_TASK_ID --shards "$SHARDS" \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" "${into[@]}"
