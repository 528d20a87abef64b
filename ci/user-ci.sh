#!/usr/bin/env bash
# Reproducibility check of a simulator in its own CI (GitHub Actions, GitLab CI, a Slurm job):
# runs `dst-verify conform` on the simulator, writes the JSON report (what --replay reads) and the
# JUnit report (what the CI shows), and exits with conform's status: 0 every claim passes, 1 a claim
# failed, 2 usage, 3 the simulator broke (docs/ci.md).
#
#   DST_SIM="python3 my_sim.py" ci/user-ci.sh
#
# Environment: DST_SIM (required) the simulator's command line; DST_TIER quick|full (quick);
# DST_SEED a seed, or "fresh" for one derived from the date and DST_RUN_ID (recorded in the report);
# DST_ONLY claim ids; DST_OUT output directory (dst-verify-reports); DST_VERIFY the dst-verify
# command (npx dst-verify).
set -uo pipefail
: "${DST_SIM:?set DST_SIM to the command line that starts your simulator}"
tier=${DST_TIER:-quick}
out=${DST_OUT:-dst-verify-reports}
seed=${DST_SEED:-0}
if [ "$seed" = fresh ]; then
  # A fresh seed every run (nightly): the date and the CI run id, as a decimal integer < 2^53.
  seed=$(printf '%s-%s' "$(date -u +%Y%m%d%H%M%S)" "${DST_RUN_ID:-$$}" | cksum | cut -d' ' -f1)
fi
mkdir -p "$out"
read -r -a verify <<<"${DST_VERIFY:-npx dst-verify}"
args=(conform --sim "$DST_SIM" --tier "$tier" --seed "$seed" --report "$out/conform.json" --junit "$out/conform.xml")
[ -n "${DST_ONLY:-}" ] && args+=(--only "$DST_ONLY")
echo "dst-verify conform: tier $tier, seed $seed; reports in $out/"
"${verify[@]}" "${args[@]}"
status=$?
echo "exit status $status; replay with: ${verify[*]} conform --replay $out/conform.json"
exit $status
