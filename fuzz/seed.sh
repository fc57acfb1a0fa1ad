#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the repository's own inputs (fixtures/, examples/) and the
# regression corpus (fixtures/fuzz/). Run from fuzz/; needs python3 with PyYAML for YAML seeds.
set -eu
root=..
seed() { # target files...
    target=$1; shift
    mkdir -p "corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(wc -c < "$f")" -le 65536 ] || continue
        cp "$f" "corpus/$target/$(echo "$f" | sed 's#^\.\./##; s#/#_#g')"
    done
    if [ -d "$root/fixtures/fuzz/$target" ]; then
        cp "$root/fixtures/fuzz/$target"/* "corpus/$target/" 2>/dev/null || true
    fi
}
seed plan_toml $(find $root/fixtures $root/examples -name '*.toml' ! -name 'okrlint.toml' ! -name 'EXPECTED.toml' ! -path '*/fuzz/*')
seed plan_markdown $(find $root/fixtures -name '*.md' ! -path '*/fuzz/*')
seed config $(find $root/fixtures $root/examples -name 'okrlint.toml' ! -path '*/fuzz/*') seeds/config/*
seed rules_file seeds/rules_file/*
seed nrr_csv $(find $root/fixtures/nrr $root/examples -name '*.csv')
seed dora_csv $(find $root/fixtures/dora -name 'deployments*.csv')
# YAML: the TOML plans converted (the YAML reader parses into the same tree).
mkdir -p corpus/plan_yaml
python3 - "$root" <<'PY'
import pathlib, sys, tomllib, yaml
root = pathlib.Path(sys.argv[1])
for path in list(root.glob("examples/*.toml")) + list(root.glob("fixtures/rules/*/*.toml")):
    if path.name == "okrlint.toml":
        continue
    try:
        data = tomllib.loads(path.read_text())
    except Exception:
        continue
    out = pathlib.Path("corpus/plan_yaml") / (str(path.relative_to(root)).replace("/", "_") + ".yaml")
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
PY
if [ -d "$root/fixtures/fuzz/plan_yaml" ]; then cp "$root/fixtures/fuzz/plan_yaml"/* corpus/plan_yaml/; fi
# render_human takes structured input (arbitrary): plan texts make a fine start.
seed render_human $root/examples/*.toml
