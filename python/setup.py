"""Builds the parley Python package against an installed libparley, found with pkg-config
(PKG_CONFIG_PATH may point at a staged install). Needs only Debian's python3-setuptools:
    /usr/bin/python3 -m pip install --no-build-isolation --no-index --break-system-packages .
"""
import shlex
import subprocess

from setuptools import Extension, setup


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "parley"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit("parley: libparley not found by pkg-config (install it first: cmake --install build; "
                         f"or set PKG_CONFIG_PATH to its lib/pkgconfig): {exc}")
    return shlex.split(out)


version = pkg_config("--modversion")[0]
cflags = pkg_config("--cflags")
libs = pkg_config("--libs")
libdir = pkg_config("--variable=libdir")[0]

extension = Extension(
    "parley._parley",
    sources=["parley/_parley.c"],
    include_dirs=[f[2:] for f in cflags if f.startswith("-I")],
    extra_compile_args=[f for f in cflags if not f.startswith("-I")] + ["-std=gnu17", "-Wall", "-Wextra"],
    define_macros=[("PARLEY_VERSION", f'"{version}"')],
    library_dirs=[f[2:] for f in libs if f.startswith("-L")],
    libraries=[f[2:] for f in libs if f.startswith("-l")],
    runtime_library_dirs=[libdir],
)

setup(
    name="parley",
    version=version,
    description="parley: how wars end and how negotiations settle, from Python (pandas frames over libparley)",
    packages=["parley"],
    ext_modules=[extension],
    python_requires=">=3.9",
    install_requires=[],  # numpy and pandas come from Debian (python3-numpy, python3-pandas)
)
