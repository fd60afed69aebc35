#!/usr/bin/env bash
# Executes the notebooks, exports each to HTML and screenshots the page with headless Chromium,
# to see what a student sees without opening Jupyter.
#
#   scripts/screenshot-notebooks.sh [OUT_DIR] [NOTEBOOK ...]
#
# OUT_DIR (default /tmp/sweeplab-shots) receives NN-Title.html and NN-Title.png for every notebook
# (default: notebooks/*.ipynb). Needs Jupyter (Debian: python3-nbclient python3-nbconvert
# python3-ipykernel jupyter-client python3-nbformat) and chromium; SWEEPLAB_PYTHON picks the
# Python (default /usr/bin/python3), SHOT_HEIGHT fixes the page height in pixels (default: an
# estimate from the notebook's content). Exits non-zero if a notebook fails (the screenshots are
# still taken, up to the failing cell) or a plot is missing from the HTML.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/sweeplab-shots}
shift || true
python=${SWEEPLAB_PYTHON:-/usr/bin/python3}

command -v chromium >/dev/null || { echo "screenshot-notebooks: chromium is missing (apt-get install chromium)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$root/scripts/install-kernel.js" >/dev/null 2>"$work/install-kernel.log" || { cat "$work/install-kernel.log" >&2; exit 1; }

status=0
"$python" "$root/test/notebooks/run_notebooks.py" --out "$work/executed" "$@" || status=$?
[ -d "$work/executed" ] || exit "$status"

# Debian's nbconvert 6.5 passes inline SVG through an HTML sanitizer that strips every element
# inside <svg>, so plots come out blank. Embed the SVG as an <img> data URI instead, as
# nbconvert >= 7.7 does itself.
cat >"$work/svg-as-img.html.j2" <<'EOF'
{%- extends 'lab/index.html.j2' -%}
{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 }}">
</div>
{%- endblock data_svg %}
EOF

# Prints "<page height estimate> <number of plot-tagged cells>" for an executed notebook.
measure() {
  "$python" - "$1" <<'EOF'
import re, sys
import nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
height, plots = 120, 0
for cell in nb.cells:
    height += 40 + 20 * (cell.source.count("\n") + 1)
    if "plot" in cell.get("metadata", {}).get("tags", []):
        plots += 1
    for out in cell.get("outputs", []):
        svg = out.get("data", {}).get("image/svg+xml")
        if svg:
            found = re.search(r'<svg[^>]*\sheight="([\d.]+)', svg)
            height += 20 + (float(found.group(1)) if found else 400)
        else:
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            height += 20 + 17 * str(text).count("\n")
print(min(int(height), 16000), plots)
EOF
}

for executed in "$work"/executed/*.ipynb; do
  name=$(basename "$executed" .ipynb)
  "$python" -m nbconvert --to html --template-file "$work/svg-as-img.html.j2" \
    --output-dir "$out" --output "$name" "$executed" 2>/dev/null
  read -r height plots < <(measure "$executed")
  shown=$(grep -c '<div class="jp-RenderedSVG' "$out/$name.html" || true)
  if [ "$shown" -lt "$plots" ]; then
    echo "screenshot-notebooks: $name has $plots plot cell(s) but its HTML shows $shown SVG output(s)" >&2
    status=1
  fi
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d "$work/chromium.XXXX")" \
    --window-size="1200,${SHOT_HEIGHT:-$height}" --screenshot="$out/$name.png" \
    "file://$out/$name.html" >/dev/null 2>&1
  echo "$out/$name.png  (${SHOT_HEIGHT:-$height} px high, $shown plot(s))"
done
exit "$status"
