#!/usr/bin/env bash
# CI entry point: a real distributed mc-grid run on a single-node Slurm cluster (docs/ci.md).
#
#   bash ci/slurm.sh            (as root; installs slurm-wlm and munge with apt-get if missing)
#
# 1. Starts munged and a one-node Slurm cluster (slurmctld + slurmd on this machine) of its own:
#    a fresh munge key, its own munge socket, slurm.conf, ports, state and spool directories in a
#    temporary directory, so a Slurm or munge already running here is neither used nor disturbed.
# 2. Submits the documented job array ci/slurm/mc-grid-array.sbatch for ci/slurm/grid.json
#    (2 shards of 3 cells, n = 3 and 4) with `sbatch --array=0-1`.
# 3. Cancels shard 1 with `scancel` once it has written a cell but not all of its cells, resubmits
#    just that shard, and checks that it resumed: it reports the finished cells as resumed, its
#    provenance lists exactly them as skipped, and their files are untouched (same bytes, same
#    modification time), while the other cells are computed.
# 4. Merges the shards and compares them with the same grid run unsharded without Slurm (started
#    alongside the array): everything but timing/ and provenance/ (wall-clock times, worker count,
#    shard, host, command line, which differ by nature) must be byte-identical: run.json,
#    cells/*.json, results.json, results.csv.
# Stops every process it started (trap on exit, also on failure or a signal), prints the daemons'
# and jobs' logs on failure, and ends with one line "slurm: PASS …" or "slurm: FAIL: …".
# Every wait has a timeout. DST_SLURM_KEEP=1 keeps the temporary directory.
set -euo pipefail
# The script is one compound command, read in full before it runs: a checkout or an edit of this
# file while it runs cannot change what the running script does.
{
cd "$(dirname "$0")/.."
repo=$PWD

MC_GRID=(node dist/src/cli/main.js mc-grid)   # dst-verify mc-grid
SBATCH_SCRIPT=ci/slurm/mc-grid-array.sbatch
GRID=ci/slurm/grid.json
SHARDS=2           # the array size; shard i holds cells i, i + 2, i + 4 of the 6
VICTIM=1           # the shard that is cancelled and resubmitted
CELLS_PER_SHARD=3

say() { echo "slurm-ci: $*"; }
failure=""
fail() { failure="$*"; exit 1; }
t_start=$SECONDS

# --- packages ----------------------------------------------------------------------------------
need=(munged munge unmunge slurmctld slurmd sbatch squeue sinfo scancel scontrol)
missing_cmds() { local c; for c in "${need[@]}"; do command -v "$c" >/dev/null 2>&1 || echo "$c"; done; }
if [ -n "$(missing_cmds)" ]; then
  say "installing slurm-wlm and munge (missing: $(missing_cmds | tr '\n' ' '))"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurm-wlm munge; } >/tmp/dst-slurm-ci-apt.log 2>&1 ||
    { tail -20 /tmp/dst-slurm-ci-apt.log; echo "slurm: FAIL: could not install slurm-wlm and munge"; exit 1; }
  [ -z "$(missing_cmds)" ] || { echo "slurm: FAIL: still missing after apt-get: $(missing_cmds | tr '\n' ' ')"; exit 1; }
fi
[ -f dist/src/cli/main.js ] || { echo "slurm: FAIL: dist/ is not built (run npm ci or npm run build)"; exit 1; }

# --- temporary cluster directory and cleanup ---------------------------------------------------
work=$(mktemp -d /tmp/dst-slurm-ci.XXXXXX)
mkdir -p "$work"/{key,munge,state,spool,run,log,jobs,out}
chmod 700 "$work"/*
chmod 755 "$work" "$work/munge"   # munged requires its socket directory to be searchable by all
conf=$work/slurm.conf
# Every process started here carries this variable (daemons, step daemons, jobs): the cleanup
# finds leftovers by it, never by a process name that another Slurm on this machine would share.
TAG="DST_SLURM_CI=$work"
munge_pid="" ctld_pid="" slurmd_pid=""

slurm() { timeout 60 env SLURM_CONF="$conf" "$TAG" "$@"; }   # a client command (never hangs)

ours() { # PIDs (other than this shell) whose environment holds $TAG
  grep -lxzF "$TAG" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 | grep -vx "$$" || true
}

alive() { [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
stop() { # PID of a child of this shell: TERM, wait up to 10 s, then KILL; reap it
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 40); do alive "$pid" || break; sleep 0.25; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

show_logs() {
  local f
  for f in "$work"/log/* "$work"/jobs/*; do
    [ -s "$f" ] || continue
    echo "----- $f (last 40 lines)"
    tail -n 40 "$f"
  done
}

cleanup() {
  local rc=$? pid left t0=$SECONDS
  set +e
  trap - EXIT INT TERM
  # (`timeout` signals its whole process group, daemons included: they may be gone already.)
  if [ -n "$ctld_pid" ] && alive "$ctld_pid" && alive "$slurmd_pid"; then
    timeout 10 env SLURM_CONF="$conf" scancel --quiet --user="$(id -un)" >/dev/null 2>&1
    for _ in $(seq 40); do [ -z "$(timeout 5 env SLURM_CONF="$conf" squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.25; done
  fi
  stop "$slurmd_pid"; stop "$ctld_pid"; stop "$munge_pid"
  for pid in $(ours); do kill -9 "$pid" 2>/dev/null; done
  sleep 0.5
  left=$(ours | tr '\n' ' ')
  say "stopped the jobs, slurmd, slurmctld and munged in $((SECONDS - t0)) s"
  if [ "$rc" != 0 ] || [ -n "$left" ]; then
    [ -n "$left" ] && failure="${failure:+$failure; }processes left running: $left"
    show_logs
  fi
  if [ "${DST_SLURM_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
  if [ "$rc" = 0 ] && [ -z "$left" ]; then
    echo "slurm: PASS  $summary ($((SECONDS - t_start)) s)"
  else
    echo "slurm: FAIL: ${failure:-exit status $rc} ($((SECONDS - t_start)) s)"
    [ "$rc" = 0 ] && rc=1
  fi
  exit "$rc"
}
summary=""
trap cleanup EXIT
trap 'failure="interrupted"; exit 130' INT
trap 'failure="terminated (time budget?)"; exit 143' TERM

tagged() { # COMMAND...: run tagged, in the background and waited for, so a TERM reaches the trap at once
  env "$TAG" "$@" &
  wait $!
}

wait_for() { # SECONDS WHAT COMMAND...: poll COMMAND every 0.25 s until it succeeds
  local limit=$1 what=$2 t0=$SECONDS
  shift 2
  until "$@"; do
    ((SECONDS - t0 < limit)) || fail "timed out after ${limit} s waiting for $what"
    sleep 0.25
  done
}

# --- munge -------------------------------------------------------------------------------------
head -c 1024 /dev/urandom >"$work/key/munge.key"
chmod 400 "$work/key/munge.key"
socket=$work/munge/munge.socket
env "$TAG" munged --foreground --key-file="$work/key/munge.key" --socket="$socket" \
  --pid-file="$work/run/munged.pid" --log-file="$work/log/munged.log" \
  --seed-file="$work/key/munged.seed" >"$work/log/munged.out" 2>&1 &
munge_pid=$!
munge_ok() { kill -0 "$munge_pid" 2>/dev/null || fail "munged exited"; munge -n -S "$socket" 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1; }
wait_for 20 "munged to answer on $socket" munge_ok

# --- slurm.conf --------------------------------------------------------------------------------
node_name=$(uname -n); node_name=${node_name%%.*}   # slurmd's own notion of its name (short)
cpus=$(nproc)
free_ports() { node -e '
  const net = require("node:net");
  const one = () => new Promise((ok) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; ok([s, p]); }); });
  Promise.all([one(), one()]).then((xs) => { xs.forEach(([s]) => s.close()); console.log(xs.map(([, p]) => p).join(" ")); });'; }
read -r ctld_port slurmd_port < <(free_ports)
cat >"$conf" <<EOF
# Single-node cluster of ci/slurm.sh (written afresh each run; no cgroups, no accounting:
# the job accounting, completion, MPI and switch plugins are left at their default, none).
ClusterName=dstci
SlurmctldHost=$node_name(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
SlurmdParameters=config_overrides
KillWait=5
MinJobAge=600
MailProg=/bin/true
InactiveLimit=0
NodeName=$node_name NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$node_name Default=YES MaxTime=INFINITE State=UP
EOF
say "cluster: node $node_name ($cpus CPUs), slurmctld port $ctld_port, slurmd port $slurmd_port, conf $conf"

# --- daemons -----------------------------------------------------------------------------------
env SLURM_CONF="$conf" "$TAG" slurmctld -D -c -f "$conf" >"$work/log/slurmctld.out" 2>&1 &
ctld_pid=$!
env SLURM_CONF="$conf" "$TAG" slurmd -D -f "$conf" -N "$node_name" >"$work/log/slurmd.out" 2>&1 &
slurmd_pid=$!
node_idle() {
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld exited"
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd exited"
  [ "$(slurm sinfo -h -n "$node_name" -o %t 2>/dev/null)" = idle ]
}
wait_for 60 "node $node_name to be idle in sinfo" node_idle
say "node idle after $((SECONDS - t_start)) s"

# --- the job array -----------------------------------------------------------------------------
out=$work/out
submit() { # ARRAY: submit the documented script (as docs/ci.md shows), print the array job id
  MC_GRID_FILE=$repo/$GRID MC_GRID_OUT=$out MC_GRID_SHARDS=$SHARDS slurm sbatch --parsable --array="$1" --output="$work/jobs/mc-grid-%A_%a.out" "$SBATCH_SCRIPT" | cut -d';' -f1
}
job_state() { slurm scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n1; }
job_exit() { slurm scontrol show job "$1" 2>/dev/null | sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p' | head -n1; }
queue_empty() { [ -z "$(slurm squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
cells_in() { find "$1/cells" -maxdepth 1 -name 'cell-*.json' 2>/dev/null | wc -l; }

array_id=$(submit "0-$((SHARDS - 1))")
[ -n "$array_id" ] || fail "sbatch gave no job id"
# The reference: the same grid unsharded, without Slurm, run alongside the array (it shares only the
# grid file and the code with it; running it now keeps the machine busy while a shard waits).
env "$TAG" "${MC_GRID[@]}" --grid "$GRID" --workers "$cpus" --out "$out/unsharded" --quiet >"$work/log/unsharded.out" 2>&1 &
single_pid=$!
victim_job=${array_id}_$VICTIM
victim_dir=$out/shard-$VICTIM
say "submitted job array $array_id (shards 0-$((SHARDS - 1)))"

# Cancel the victim shard once it has at least one finished cell and is still running.
mid_run() {
  local state
  state=$(job_state "$victim_job")
  case "$state" in PENDING | RUNNING | CONFIGURING | "") ;; *) fail "shard $VICTIM ended ($state) before it could be cancelled" ;; esac
  [ "$state" = RUNNING ] && [ "$(cells_in "$victim_dir")" -ge 1 ]
}
wait_for 180 "shard $VICTIM to write its first cell" mid_run
slurm scancel "$victim_job"
wait_for 60 "cancelled shard $VICTIM to leave the queue" queue_empty "$victim_job"
state=$(job_state "$victim_job")
[ "$state" = CANCELLED ] || fail "shard $VICTIM is $state after scancel, expected CANCELLED"
had=$(cells_in "$victim_dir")
((had >= 1 && had < CELLS_PER_SHARD)) || fail "shard $VICTIM had $had of $CELLS_PER_SHARD cells when cancelled: not mid-run"
[ ! -e "$victim_dir/results.json" ] || fail "cancelled shard $VICTIM has results.json: it had finished"
grep -q CANCELLED "$work"/jobs/mc-grid-"${array_id}_$VICTIM".out || fail "no CANCELLED line in shard $VICTIM's log"
snapshot() { (cd "$victim_dir/cells" && for f in cell-*.json; do echo "$f $(stat -c '%i %Y' "$f") $(sha256sum <"$f" | cut -c1-64)"; done); }
before=$(snapshot)
say "cancelled shard $VICTIM ($victim_job) with $had of $CELLS_PER_SHARD cells written"

wait_for 240 "shard 0 to finish" queue_empty "${array_id}_0"
[ "$(job_state "${array_id}_0")" = COMPLETED ] && [ "$(job_exit "${array_id}_0")" = 0:0 ] ||
  fail "shard 0 ended $(job_state "${array_id}_0") with exit code $(job_exit "${array_id}_0")"

# --- resubmit the cancelled shard: it must resume --------------------------------------------
resub_id=$(submit "$VICTIM")
[ -n "$resub_id" ] || fail "sbatch gave no job id for the resubmission"
wait_for 240 "resubmitted shard $VICTIM to finish" queue_empty "$resub_id"
[ "$(job_state "${resub_id}_$VICTIM")" = COMPLETED ] && [ "$(job_exit "${resub_id}_$VICTIM")" = 0:0 ] ||
  fail "resubmitted shard $VICTIM ended $(job_state "${resub_id}_$VICTIM") with exit code $(job_exit "${resub_id}_$VICTIM")"
log=$work/jobs/mc-grid-${resub_id}_$VICTIM.out
grep -qF "resuming: $had of $CELLS_PER_SHARD cells already in $victim_dir" "$log" ||
  fail "the resubmitted shard did not report resuming $had of $CELLS_PER_SHARD cells (see $log)"
grep -qF "$((CELLS_PER_SHARD - had)) cells computed, $had resumed" "$log" ||
  fail "the resubmitted shard did not compute exactly the $((CELLS_PER_SHARD - had)) missing cells (see $log)"
after=$(snapshot)
[ "$(head -n "$had" <<<"$after")" = "$before" ] ||
  fail "cells written before the cancel were rewritten: before [$before] after [$after]"
[ "$(cells_in "$victim_dir")" = "$CELLS_PER_SHARD" ] || fail "shard $VICTIM has $(cells_in "$victim_dir") of $CELLS_PER_SHARD cells"
skipped=$(cut -d' ' -f1 <<<"$before" | sed 's/^cell-0*\([0-9]\)/\1/; s/\.json$//' | paste -sd, -)
node -e '
  const fs = require("node:fs"), path = require("node:path");
  const [dir, want] = process.argv.slice(1);
  const runs = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  const ok = runs.some((p) => p.cellsSkipped.join(",") === want && p.cellsComputed.length > 0);
  if (!ok) { console.error("no provenance record lists cellsSkipped = [" + want + "]"); process.exit(1); }
' "$victim_dir/provenance" "$skipped" || fail "the resubmitted shard's provenance does not list cells $skipped as skipped"
say "shard $VICTIM resumed: kept cells [$skipped] untouched, computed the other $((CELLS_PER_SHARD - had))"

# --- merge, unsharded run, byte identity -------------------------------------------------------
shard_dirs=()
for ((i = 0; i < SHARDS; i++)); do shard_dirs+=("$out/shard-$i"); done
tagged "${MC_GRID[@]}" merge "${shard_dirs[@]}" --out "$out/merged" --quiet >"$work/log/merge.out" 2>&1 ||
  fail "merge failed: $(tail -n 3 "$work/log/merge.out")"
wait "$single_pid" || fail "the unsharded run failed: $(tail -n 3 "$work/log/unsharded.out")"
say "unsharded run (no Slurm, $cpus workers) done at $((SECONDS - t_start)) s"
# timing/ and provenance/ hold wall-clock times, worker counts, shard, host and command line: they
# differ between any two runs by nature. Everything else is a function of the grid and the code.
diff -r --exclude=timing --exclude=provenance "$out/merged" "$out/unsharded" >"$work/log/diff.out" 2>&1 ||
  fail "merged shards differ from the unsharded run: $(head -n 5 "$work/log/diff.out")"
for f in results.json results.csv; do cmp -s "$out/merged/$f" "$out/unsharded/$f" || fail "$f differs"; done
node -e 'const r = require(process.argv[1]); if (!r.complete || r.cellsDone !== r.cellsTotal) process.exit(1);' "$out/merged/results.json" ||
  fail "merged results.json is not complete"
n_cells=$(cells_in "$out/merged")
say "merged == unsharded: run.json, $n_cells cells/*.json, results.json (sha256 $(sha256sum <"$out/merged/results.json" | cut -c1-12)), results.csv"
summary="array of $SHARDS shards, shard $VICTIM cancelled after $had of $CELLS_PER_SHARD cells and resumed, merge byte-identical to the unsharded run ($n_cells cells)"
exit 0
}
