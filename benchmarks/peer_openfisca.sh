#!/bin/sh
# The OpenFisca peer (a simplified LMA allowance in OpenFisca-Core) in a virtualenv of its own.
#
# The peer is not a dependency of Lika and is never imported by it: it runs in its own virtualenv,
# created here from the peer's requirements.txt the first time it is needed (and again when that
# file changes), so that Lika's locked environment is left alone.
#
#   benchmarks/peer_openfisca.sh                       # make sure the venv exists; print the peer's python
#   benchmarks/peer_openfisca.sh --input F --month M   # run the peer's run_peer.py with these arguments
#
# LIKA_PEER_OPENFISCA       the peer's folder (default ../shared/peers/openfisca_lma from the repository root)
# LIKA_PEER_OPENFISCA_VENV  where its virtualenv lives (default /tmp/peer-openfisca)
# PYTHON                    the interpreter that creates the venv (default python3)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
peer=${LIKA_PEER_OPENFISCA:-$root/../shared/peers/openfisca_lma}
venv=${LIKA_PEER_OPENFISCA_VENV:-/tmp/peer-openfisca}
requirements=$peer/requirements.txt

if [ ! -f "$requirements" ] || [ ! -f "$peer/run_peer.py" ]; then
    echo "peer_openfisca.sh: no OpenFisca peer at $peer (set LIKA_PEER_OPENFISCA)" >&2
    exit 2
fi
peer=$(cd "$peer" && pwd)
requirements=$peer/requirements.txt

# The stamp records which requirements the venv was built from; a changed file rebuilds it.
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
stamp=$venv/.lika-requirements-sha256
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    echo "peer_openfisca.sh: installing $requirements into $venv ..." >&2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    echo "$wanted" >"$stamp"
fi

if [ $# -eq 0 ]; then
    echo "$venv/bin/python"
    exit 0
fi
cd "$peer"
exec "$venv/bin/python" run_peer.py "$@"
