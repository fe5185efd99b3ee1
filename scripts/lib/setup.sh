# Shared by scripts/*: installs what the project needs, each step idempotent and quiet
# when there is nothing to do.

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

step() {
  printf '\n==> %s\n' "$*"
}

ensure_rust_components() {
  local have
  have=$(rustup component list --installed 2>/dev/null || true)
  for c in rustfmt clippy; do
    if ! grep -q "^$c" <<<"$have"; then
      rustup component add "$c"
    fi
  done
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
}

# Installs Debian packages that are missing (apt-get update runs once, only when needed).
ensure_debian_packages() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
}

# Adds up cargo test's "test result:" lines into one closing line.
summarise_cargo_test() {
  awk '/^test result:/ {
         for (i = 1; i <= NF; i++) {
           if ($(i) ~ /^passed/) p += $(i - 1)
           if ($(i) ~ /^failed/) f += $(i - 1)
           if ($(i) ~ /^ignored/) s += $(i - 1)
         }
       }
       /^error: could not compile/ { b += 1 }
       END {
         printf "\n%d passed, %d failed, %d skipped\n", p, f, s
         if (b > 0) printf "%d test build(s) failed: see the errors above\n", b
       }' "$1"
}

# The S3-compatible server the end-to-end tests start on loopback (s3s-fs checks the
# credentials of every request). Installed into target/tools, pinned.
S3S_FS_VERSION=0.14.1
ensure_s3_server() {
  local bin=target/tools/bin/s3s-fs
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q " $S3S_FS_VERSION\$"; then
    return
  fi
  # A debug build: it serves a few test files, and builds in half the time.
  cargo install s3s-fs --version "$S3S_FS_VERSION" --features binary --locked --debug \
    --root target/tools
}

# wasm-bindgen's command line, at exactly the version of the wasm-bindgen crate in
# Cargo.lock (the two must match), installed into target/tools.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}
ensure_wasm_bindgen() {
  local version bin=target/tools/bin/wasm-bindgen
  version=$(wasm_bindgen_version)
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q " $version\$"; then
    return
  fi
  # Not --locked: its lock file pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$version" --root target/tools
}

# Debian's Chromium and its WebDriver, for the browser tests.
ensure_chromium() {
  ensure_debian_packages chromium chromium-driver
}

# playwright-core (no browser download: it drives Debian's Chromium), pinned in
# tests/browser/package.json.
ensure_browser_test_packages() {
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    (cd tests/browser && npm install --no-audit --no-fund --no-package-lock --silent)
  fi
}
