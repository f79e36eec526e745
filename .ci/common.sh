# Shared set-up steps for .ci/test and .ci/launch; sourced, never run on its own.
#
# Everything here is idempotent and cheap when there is nothing to do, so both commands can
# run it every time: a fresh machine gets a full set-up, a second run only checks stamps.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SOURCEMARK_VENV:-$REPO/.venv}"
VPY="$VENV/bin/python"

# Never wait for a prompt: CI has no standard input.
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

say() { printf '[sourcemark] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Seconds since the epoch with a fraction, for the timings each step prints.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

is_root() { [ "$(id -u)" = 0 ]; }

# A Python we can build a venv with: 3.11 or newer, with venv and ensurepip (Debian's own python3
# lacks ensurepip until python3-venv is installed).
python_ok() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
    local candidates=() c
    [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
    candidates+=(python3 python3.13 python3.12 python3.11)
    # A non-login shell may not have pyenv's shims on PATH; look at its versions directly,
    # newest first.
    # pyenv's global choice first, then the newest.
    local pyenv_root="${PYENV_ROOT:-${HOME:-/root}/.pyenv}" chosen
    if [ -d "$pyenv_root/versions" ]; then
        chosen="$(head -n1 "$pyenv_root/version" 2>/dev/null || true)"
        [ -n "$chosen" ] && candidates+=("$pyenv_root/versions/$chosen/bin/python3")
        while IFS= read -r c; do candidates+=("$c"); done < <(
            ls -d "$pyenv_root"/versions/3.*/bin/python3 2>/dev/null | sort -rV)
    fi
    candidates+=(/usr/bin/python3)
    for c in "${candidates[@]}"; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    # Last resort on Debian: the system Python (3.11 on Debian 12) plus its venv module.
    if is_root && command -v apt-get >/dev/null 2>&1; then
        say "no Python 3.11+ with venv found; installing Debian's python3-venv"
        apt_install python3 python3-venv
        python_ok /usr/bin/python3 && { echo /usr/bin/python3; return 0; }
    fi
    return 1
}

apt_install() {
    is_root || die "need root to install Debian packages: sudo apt-get install $*"
    apt_update
    say "apt-get install $*"
    quietly apt-get install -y -qq --no-install-recommends "$@" || die "apt-get install $* failed"
}

# Run a command, showing its output only if it fails.
quietly() {
    local log rc=0
    log="$(mktemp)"
    "$@" >"$log" 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || cat "$log" >&2
    rm -f "$log"
    return "$rc"
}

APT_UPDATED=""
apt_update() {
    [ -z "$APT_UPDATED" ] || return 0
    say "apt-get update"
    quietly apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
}

# Debian 13 renamed some libraries with a t64 suffix (64-bit time_t): take whichever name the
# archive has.
debian_name() {
    if apt-cache show --no-all-versions "$1" >/dev/null 2>&1; then
        echo "$1"
    elif apt-cache show --no-all-versions "${1}t64" >/dev/null 2>&1; then
        echo "${1}t64"
    else
        echo "$1"
    fi
}

# A virtual environment in the repository (gitignored), reused while it still runs.
ensure_venv() {
    if [ -x "$VPY" ] && "$VPY" -c 'import sys, pip; sys.exit(sys.version_info < (3, 11))' \
        >/dev/null 2>&1; then
        return 0
    fi
    local py
    py="$(find_python)" || die "Sourcemark needs Python 3.11 or newer with the venv module (Debian: apt-get install python3-venv)"
    say "creating $VENV with $py ($("$py" -V 2>&1))"
    rm -rf "$VENV"
    "$py" -m venv "$VENV" || die "could not create a virtual environment in $VENV"
}

# What a build of the package reads: the four package folders and the metadata files.
build_inputs() {
    local p
    for p in app ui db resources pyproject.toml README.md README.rst LICENSE LICENSE.txt \
        COPYING MANIFEST.in setup.cfg setup.py; do
        [ -e "$REPO/$p" ] && echo "$p"
    done
}

# Hash of everything a build reads, so an unchanged tree is not rebuilt.
source_hash() {
    local paths
    mapfile -t paths < <(build_inputs)
    (cd "$REPO" && find "${paths[@]}" -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 \
        | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# A copy of the build inputs in a temporary folder. setuptools builds in place, leaving build/
# and sourcemark.egg-info/ behind, and never removes from build/ a module deleted since the
# last build, which would then ship; a copy keeps the working tree clean and every build fresh.
# Untracked files are copied too: a developer's run tests the tree as it is.
BUILD_COPY=""
make_build_copy() {
    local paths
    mapfile -t paths < <(build_inputs)
    BUILD_COPY="$(mktemp -d "${TMPDIR:-/tmp}/sourcemark-build.XXXXXX")"
    trap 'rm -rf "$BUILD_COPY"' EXIT
    tar -C "$REPO" --exclude=__pycache__ --exclude='*.pyc' -cf - "${paths[@]}" \
        | tar -C "$BUILD_COPY" -xf -
}

# pip, without the warnings some machines' pip.conf causes about a local index folder that
# does not exist; its exit status is pip's.
pip_quiet() {
    local rc=0
    "$@" 2>&1 | grep -v "^WARNING: Location 'file:" || true
    rc="${PIPESTATUS[0]}"
    return "$rc"
}

# Install the package non-editably (as a user gets it), with its dependencies and, for
# "test", the test extra. Dependencies are resolved again only when pyproject.toml changed;
# the package itself is rebuilt whenever a source file changed.
install_package() {
    local extras="$1"   # "" or "test"
    local deps_stamp="$VENV/.sourcemark-deps" pkg_stamp="$VENV/.sourcemark-package"
    local deps_want pkg_want have_deps="" have_extras="" t0
    t0="$(now)"
    deps_want="$(sha256sum "$REPO/pyproject.toml" | cut -c1-16)"
    pkg_want="$(source_hash)"
    if [ -f "$deps_stamp" ]; then read -r have_deps have_extras <"$deps_stamp" || true; fi
    local pip=(pip_quiet "$VPY" -m pip install -q --progress-bar off)

    if [ "$have_deps" != "$deps_want" ] || { [ -n "$extras" ] && [ "$have_extras" != "$extras" ]; }; then
        say "installing Sourcemark and its dependencies${extras:+ (with [$extras])} into $VENV"
        make_build_copy
        # pip keeps an installed local project of the same version: remove it so this build
        # goes in.
        "$VPY" -m pip uninstall -y -q sourcemark >/dev/null 2>&1 || true
        "${pip[@]}" "$BUILD_COPY${extras:+[$extras]}" || die "pip install failed"
        # A run without extras keeps the stamp of a run that installed them: they stay.
        [ -z "$extras" ] && [ "$have_deps" = "$deps_want" ] && extras="$have_extras"
        echo "$deps_want $extras" >"$deps_stamp"
    elif [ ! -f "$pkg_stamp" ] || [ "$(cat "$pkg_stamp")" != "$pkg_want" ]; then
        say "reinstalling Sourcemark from the changed source tree"
        make_build_copy
        "${pip[@]}" --no-deps --force-reinstall "$BUILD_COPY" || die "pip install failed"
    else
        say "Sourcemark in $VENV is up to date with the source tree"
    fi
    echo "$pkg_want" >"$pkg_stamp"
    # Removed here, not only by the EXIT trap: .ci/launch ends in exec, which skips traps.
    [ -z "$BUILD_COPY" ] || rm -rf "$BUILD_COPY"
    say "installing took $(since "$t0") s"
}

# Shared libraries that Qt's wheels link against but do not bundle, by Debian package (read off
# with ldd and dpkg -S on Debian 12). The fresh image has all of the offscreen ones; xcb (a real
# X11 desktop) also needs libxcb-icccm4 and libxcb-keysyms1, which it lacks.
declare -A DEBIAN_PACKAGE_OF=(
    [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1 [libGLX.so.0]=libglx0 [libOpenGL.so.0]=libopengl0
    [libGLdispatch.so.0]=libglvnd0 [libX11-xcb.so.1]=libx11-xcb1 [libX11.so.6]=libx11-6
    [libXau.so.6]=libxau6 [libXdmcp.so.6]=libxdmcp6 [libbrotlicommon.so.1]=libbrotli1
    [libbrotlidec.so.1]=libbrotli1 [libbsd.so.0]=libbsd0 [libcap.so.2]=libcap2
    [libcom_err.so.2]=libcom-err2 [libdbus-1.so.3]=libdbus-1-3 [libexpat.so.1]=libexpat1
    [libfontconfig.so.1]=libfontconfig1 [libfreetype.so.6]=libfreetype6 [libgcc_s.so.1]=libgcc-s1
    [libgcrypt.so.20]=libgcrypt20 [libglib-2.0.so.0]=libglib2.0-0 [libgthread-2.0.so.0]=libglib2.0-0
    [libgpg-error.so.0]=libgpg-error0 [libgssapi_krb5.so.2]=libgssapi-krb5-2
    [libk5crypto.so.3]=libk5crypto3 [libkeyutils.so.1]=libkeyutils1 [libkrb5.so.3]=libkrb5-3
    [libkrb5support.so.0]=libkrb5support0 [liblz4.so.1]=liblz4-1 [liblzma.so.5]=liblzma5
    [libmd.so.0]=libmd0 [libpcre2-8.so.0]=libpcre2-8-0 [libpng16.so.16]=libpng16-16
    [libstdc++.so.6]=libstdc++6 [libsystemd.so.0]=libsystemd0 [libz.so.1]=zlib1g
    [libzstd.so.1]=libzstd1 [libxkbcommon.so.0]=libxkbcommon0
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libxcb.so.1]=libxcb1
    [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-glx.so.0]=libxcb-glx0
    [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-image.so.0]=libxcb-image0
    [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-randr.so.0]=libxcb-randr0
    [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-render.so.0]=libxcb-render0
    [libxcb-shape.so.0]=libxcb-shape0 [libxcb-shm.so.0]=libxcb-shm0
    [libxcb-sync.so.1]=libxcb-sync1 [libxcb-util.so.1]=libxcb-util1
    [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-xkb.so.1]=libxcb-xkb1
    [libxcb-xinerama.so.0]=libxcb-xinerama0 [libxcb-xinput.so.0]=libxcb-xinput0
)

# The Qt files Sourcemark loads, relative to the PySide6 folder, per platform plugin.
qt_files() {
    echo QtCore.abi3.so QtGui.abi3.so QtWidgets.abi3.so QtSvg.abi3.so QtTest.abi3.so \
        Qt/plugins/imageformats/libqsvg.so Qt/plugins/iconengines/libqsvgicon.so
    case "$1" in
        offscreen) echo Qt/plugins/platforms/libqoffscreen.so ;;
        xcb) echo Qt/plugins/platforms/libqxcb.so Qt/lib/libQt6XcbQpa.so.6 \
            Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so ;;
    esac
}

# Install (when root) the system libraries and fonts Qt needs for the given platform plugin,
# only those that are missing: on a machine that has them this costs one ldd per file.
ensure_qt_libs() {
    local platform="$1" pyside missing=() packages=() so f t0
    t0="$(now)"
    pyside="$("$VPY" -c 'import importlib.util as u, os; print(os.path.dirname(u.find_spec("PySide6").origin))')" \
        || die "PySide6 is not installed in $VENV"
    for f in $(qt_files "$platform"); do
        [ -e "$pyside/$f" ] || continue
        while read -r so; do missing+=("$so"); done < <(
            LD_LIBRARY_PATH="$pyside/Qt/lib" ldd "$pyside/$f" 2>/dev/null | awk '/not found/ { print $1 }')
    done
    for so in $(printf '%s\n' "${missing[@]}" | sort -u); do
        [ -n "${DEBIAN_PACKAGE_OF[$so]:-}" ] || die "Qt needs $so and this script does not know its Debian package"
        packages+=("${DEBIAN_PACKAGE_OF[$so]}")
    done
    # Without any font file Qt draws no text at all.
    if ! find /usr/share/fonts /usr/local/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) \
        2>/dev/null | grep -q .; then
        packages+=(fonts-dejavu-core)
    fi
    command -v fc-cache >/dev/null 2>&1 || packages+=(fontconfig)
    if [ "${#packages[@]}" -eq 0 ]; then
        return 0
    fi
    mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
    if ! is_root; then
        say "Qt ($platform) needs these Debian packages: sudo apt-get install ${packages[*]}"
        return 1
    fi
    command -v apt-get >/dev/null 2>&1 || die "Qt needs ${packages[*]} and there is no apt-get"
    apt_update  # apt-cache needs the package lists to tell Debian 12 names from 13's
    local named=() p
    for p in "${packages[@]}"; do named+=("$(debian_name "$p")"); done
    apt_install "${named[@]}"
    say "system libraries for Qt ($platform) took $(since "$t0") s"
}
