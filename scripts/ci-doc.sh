#!/usr/bin/env bash
# Regenerates docs/ci.md: every output of `buildfix ci` on one corpus log
# (javac, tests/fixtures/corpus/java-symbols2), run for real.
#
# Usage: scripts/ci-doc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin buildfix
bf=$PWD/target/debug/buildfix
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/corpus/java-symbols2 "$work/p"
(cd "$work/p" && "$bf" ci javac.log --github --summary summary.md --sarif out.sarif --json out.json \
  --gitlab gl.json --junit junit.xml --html report.html --patch fix.patch --color never > stdout.txt || true)
python3 - "$work/p" docs/ci.md <<'EOF'
import json, re, sys
d, target = sys.argv[1], sys.argv[2]
def r(name): return open(f"{d}/{name}").read()
stdout = re.sub(r"buildfix-[0-9a-f]{16}", "buildfix-<random token>", r("stdout.txt"))
sarif = json.load(open(f"{d}/out.sarif")); run = sarif["runs"][0]; n = len(run["results"]); run["results"] = run["results"][:1]
gl = json.load(open(f"{d}/gl.json"))
js = json.load(open(f"{d}/out.json")); nd = len(js["diagnostics"]); js["diagnostics"] = js["diagnostics"][:1]
template = open(target).read().split("<!-- generated below -->")[0]
out = template + "<!-- generated below -->\n\n"
out += f"""## Standard output: the report, then the annotations (`--github`)

```text
{stdout}```

## The job summary (`--summary FILE`, or `GITHUB_STEP_SUMMARY`)

{r("summary.md")}
## SARIF 2.1.0 (`--sarif FILE`): the first of {n} results

```json
{json.dumps(sarif, indent=2)}
```

## The patch (`--patch FILE`)

```diff
{r("fix.patch")}```

## JSON (`--json FILE`): the first of {nd} diagnostics

```json
{json.dumps(js, indent=2)}
```

## GitLab Code Quality (`--gitlab FILE`): the first of {len(gl)} issues

```json
{json.dumps(gl[:1], indent=2)}
```

## JUnit XML (`--junit FILE`)

```xml
{r("junit.xml")}```

## HTML (`--html FILE`)

```html
{r("report.html")}```
"""
open(target, "w").write(out)
EOF
echo "wrote docs/ci.md"
