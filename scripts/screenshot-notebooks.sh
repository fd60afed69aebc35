#!/usr/bin/env bash
# Executes the notebooks, exports each to HTML and screenshots the page with headless Chromium,
# to see what a student sees without opening Jupyter.
#
#   scripts/screenshot-notebooks.sh [OUT_DIR] [NOTEBOOK ...]
#
# OUT_DIR (default /tmp/sweeplab-shots) receives NN-Title.html and NN-Title.png for every notebook
# (default: notebooks/*.ipynb), and the executed notebooks in OUT_DIR/executed. Needs Jupyter's
# command-line pieces (conda env of environment.yml; pip install nbclient nbconvert ipykernel; Debian:
# python3-nbclient python3-nbconvert python3-ipykernel jupyter-client python3-nbformat) and Chromium
# (chromium, chromium-browser or google-chrome on PATH, or CHROMIUM=/path/to/it). The Python is found
# as for the kernel (scripts/jupyter-python.js: SWEEPLAB_PYTHON, python3, python, ...); SHOT_HEIGHT fixes
# the page height in pixels (default: the rendered page's own height, so the whole notebook shows).
# Exits non-zero if a notebook fails (the screenshots are still taken, up to the failing cell) or
# a plot is missing from the HTML.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/sweeplab-shots}
shift || true
python=$(node "$root/scripts/jupyter-python.js" nbclient nbconvert nbformat jupyter_client IPython) || exit 1
export SWEEPLAB_PYTHON="$python"

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null; then chromium=$candidate; break; fi
  done
fi
[ -n "$chromium" ] || { echo "screenshot-notebooks: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$root/scripts/install-kernel.js" --local >/dev/null 2>"$work/install-kernel.log" || { cat "$work/install-kernel.log" >&2; exit 1; }

status=0
"$python" "$root/test/notebooks/run_notebooks.py" --out "$work/executed" "$@" || status=$?
[ -d "$work/executed" ] || exit "$status"

mkdir -p "$out/executed"
cp "$work"/executed/*.ipynb "$out/executed/"

# Debian's nbconvert 6.5 passes inline SVG through an HTML sanitizer that strips every element
# inside <svg>, so plots come out blank. Embed the SVG as an <img> data URI instead, as
# nbconvert >= 7.7 does itself. Once loaded, the page writes its own height into the DOM, so the
# screenshot can be exactly as tall as the notebook.
cat >"$work/svg-as-img.html.j2" <<'EOF'
{%- extends 'lab/index.html.j2' -%}
{% block footer %}
{{ super() }}
<script>
window.addEventListener("load", () => {
  document.body.setAttribute("data-page-height", String(document.documentElement.scrollHeight));
});
</script>
{% endblock footer %}
{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 }}">
</div>
{%- endblock data_svg %}
EOF

# Prints the number of plot-tagged cells of an executed notebook.
plot_cells() {
  "$python" - "$1" <<'EOF'
import sys
import nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
print(sum("plot" in cell.get("metadata", {}).get("tags", []) for cell in nb.cells))
EOF
}

# browser PAGE HEIGHT ARGS...: headless Chromium on PAGE in a 1200 px wide window.
browser() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d "$work/chromium.XXXX")" --window-size="1200,$2" "${@:3}" "file://$1" 2>/dev/null
}

for executed in "$work"/executed/*.ipynb; do
  name=$(basename "$executed" .ipynb)
  "$python" -m nbconvert --to html --template-file "$work/svg-as-img.html.j2" \
    --output-dir "$out" --output "$name" "$executed" 2>/dev/null
  plots=$(plot_cells "$executed")
  shown=$(grep -c '<div class="jp-RenderedSVG' "$out/$name.html" || true)
  if [ "$shown" -lt "$plots" ]; then
    echo "screenshot-notebooks: $name has $plots plot cell(s) but its HTML shows $shown SVG output(s)" >&2
    status=1
  fi
  height=${SHOT_HEIGHT:-$(browser "$out/$name.html" 900 --dump-dom | sed -n 's/.*data-page-height="\([0-9]*\)".*/\1/p' | head -n 1)}
  if [ -z "$height" ]; then
    echo "screenshot-notebooks: could not measure the page height of $name; set SHOT_HEIGHT" >&2
    height=16000
    status=1
  fi
  browser "$out/$name.html" "$height" --screenshot="$out/$name.png" >/dev/null
  echo "$out/$name.png  ($height px high, $shown plot(s))"
done
exit "$status"
