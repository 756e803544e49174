"""The benchmark runner (standard library only); `bench/run` starts it. See bench/README.md.

For each database and size, each side runs in its own subprocess with its own Python: fill (fresh
database), then measure (a fresh process), then drop. Results go to bench/results/<date>-<host>.json
and bench/RESULTS.md, rewritten after every step so that an interrupted run keeps what it measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENVS = BENCH / ".venvs"
DATA = BENCH / ".data"
DRIVER = BENCH / "sides" / "driver.py"

SIDES = ["gamdong", "helpdesk", "floor", "floorauth"]
# Per side: the Python it runs with and, for the ones the runner builds, its pinned requirements.
REQUIREMENTS = {"helpdesk": BENCH / "requirements-helpdesk.txt", "floor": BENCH / "requirements-floor.txt"}
# floorauth is the floor's code with startproject's middleware and a signed-in user: the floor's venv.
VENV_OF = {"floorauth": "floor"}

# The report's rows: (key, label, p95 budget in ms from the issue, the op each side measures for it).
ROWS = [
    ("inbox", "Department inbox page (staff)", 50, {"gamdong": "inbox", "helpdesk": "inbox", "floor": "list", "floorauth": "list"}),
    ("resident_list", "A resident's list", 50, {"gamdong": "resident_list", "helpdesk": "resident_list", "floor": "list", "floorauth": "list"}),
    ("file", "Filing a complaint", 30, {"gamdong": "file", "helpdesk": "file", "floor": "insert", "floorauth": "insert"}),
    ("search", "Korean word search (맨홀)", 50, {"gamdong": "search", "helpdesk": "search", "floor": "list", "floorauth": "list"}),
]  # fmt: skip


def parse_size(text: str) -> int:
    text = text.strip().lower()
    for suffix, mult in (("m", 1_000_000), ("k", 1_000)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * mult)
    return int(text)


def size_name(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def say(text: str) -> None:
    print(text, flush=True)


# --- Virtual environments -----------------------------------------------------------------


def python_for(side: str) -> Path:
    if side == "gamdong":
        return REPO / ".venv" / "bin" / "python"
    return VENVS / VENV_OF.get(side, side) / "bin" / "python"


def ensure_venv(side: str) -> None:
    """bench/.venvs/<side>, from PyPI with pip, rebuilt when its requirements file changes."""
    req = REQUIREMENTS[side]
    venv = VENVS / side
    stamp = venv / ".requirements.sha256"
    digest = hashlib.sha256(req.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and python_for(side).exists():
        return
    say(f"== creating {venv.relative_to(REPO)} from {req.name} (pip, PyPI)")
    if venv.exists():
        subprocess.run(["rm", "-rf", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(req)], check=True)
    stamp.write_text(digest)


def freeze(side: str) -> list[str]:
    out = subprocess.run(
        [str(python_for(side)), "-m", "pip", "freeze", "--disable-pip-version-check"],
        capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.split()


# --- The machine --------------------------------------------------------------------------


def machine(pg_url: str, use_pg: bool) -> dict:
    info: dict = {"hostname": platform.node(), "os": platform.platform(), "cores": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    try:
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        info["ram_gb"] = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    py = python_for("floor")
    probe = "import sqlite3, sys; print(sys.version.split()[0]); print(sqlite3.sqlite_version)"
    out = subprocess.run([str(py), "-c", probe], capture_output=True, text=True).stdout.split()
    info["python"], info["sqlite"] = (out + ["?", "?"])[:2]
    if use_pg:
        probe = (
            "import psycopg, sys; c = psycopg.connect(sys.argv[1]);"
            " print(c.execute('show server_version').fetchone()[0]);"
            " print(c.execute('show shared_buffers').fetchone()[0])"
        )
        out = subprocess.run([str(py), "-c", probe, f"{pg_url}/postgres"], capture_output=True, text=True)
        lines = out.stdout.split("\n")
        info["postgresql"] = lines[0] if out.returncode == 0 else f"unreachable: {out.stderr.strip()[-200:]}"
        if out.returncode == 0:
            info["postgresql_shared_buffers"] = lines[1]
    return info


# --- Running one side ---------------------------------------------------------------------


def ops_for(side: str, rows: str) -> str:
    """The side's operations measured for the report's rows `rows` (comma-separated keys of ROWS,
    e.g. "file"); "" for all. The helpdesk inbox's split halves go with its inbox."""
    keys = set(filter(None, rows.split(",")))
    if not keys:
        return ""
    names = {ops[side] for key, _label, _budget, ops in ROWS if key in keys}
    if side == "helpdesk" and "inbox" in keys:
        names |= {"inbox_page", "inbox_json"}
    if side == "gamdong" and "search" in keys:
        names.add("search_all")
    return ",".join(sorted(names))


def drive(side: str, phase: str, *, db_url: str = "", size: int = 0, args=None) -> dict:
    cmd = [str(python_for(side)), str(DRIVER), "--side", side, "--phase", phase]
    if db_url:
        cmd += ["--db-url", db_url, "--size", str(size)]
    if args is not None and phase == "measure":
        cmd += ["--requests", str(args.requests), "--budget", str(args.budget), "--warmup", str(args.warmup)]
        if getattr(args, "rows", ""):  # bench/run's --rows; bench/run-creative-progress has none
            cmd += ["--ops", ops_for(side, args.rows)]
    proc = subprocess.run(cmd, cwd=str(BENCH), stdout=subprocess.PIPE, stderr=None, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"{side} {phase} failed (exit {proc.returncode}); see the output above"}
    return json.loads(lines[-1])


def db_url_for(side: str, db: str, pg_url: str, n: int, prefix: str = "bench") -> str:
    """One database per side and size (<prefix>_<side>_<size> on PostgreSQL, bench_ unless
    --pg-prefix says otherwise), so that a filled one can be kept and measured again (--reuse)."""
    if db == "sqlite":
        return f"sqlite:///{DATA / f'{side}-{size_name(n)}.sqlite3'}"
    return f"{pg_url}/{prefix}_{side}_{size_name(n)}"


def fill_marker(side: str, db: str, n: int, prefix: str = "bench") -> Path:
    """Written after a successful fill: the fill's figures, reported again when --reuse keeps it."""
    tag = db if prefix == "bench" or db == "sqlite" else f"{db}-{prefix}"
    return DATA / f"{side}-{tag}-{size_name(n)}.fill.json"


# --- The report ---------------------------------------------------------------------------


def fmt(v) -> str:
    if v is None:
        return ""
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def ratio(a, b) -> str:
    if a is None or b is None or b == 0:
        return ""
    return f"{a / b:.2f}×"


def op_result(results: dict, db: str, size: str, side: str, op: str) -> dict | None:
    run = results["runs"].get(db, {}).get(size, {}).get(side, {})
    return run.get("measure", {}).get("ops", {}).get(op)


def write_markdown(results: dict, path: Path) -> None:
    m = results["machine"]
    out = [
        "# Benchmark results",
        "",
        "Written by `bench/run`; see bench/README.md for what is measured and why. "
        "In-process (Django test Client, full middleware stack), after warm-up; times in ms.",
        "",
        f"- Run: {results['started']} to {results.get('finished', '(running)')}",
        f"- Command: `{results['command']}`",
        f"- Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM; {m.get('os')}",
        f"- Python {m.get('python')}, SQLite {m.get('sqlite')}, PostgreSQL {m.get('postgresql', '(not used)')}"
        + (f" (shared_buffers {m['postgresql_shared_buffers']})" if m.get("postgresql_shared_buffers") else ""),
    ]
    for side in SIDES:
        s = results["sides"].get(side, {})
        if s.get("available"):
            pk = ", ".join(f"{k} {v}" for k, v in s.get("packages", {}).items())
            out.append(f"- {side}: {pk}")
        else:
            out.append(f"- {side}: not available yet ({s.get('reason', '')})")
    out += [
        "",
        "Reference for each row: the peer (django-helpdesk) does the same thing its own way; the floor is",
        "bare Django listing 25 rows of an indexed table (for reads) or inserting one row (for filing), with no",
        "middleware; floor+auth is the same two views with the middleware `startproject` writes and a signed-in",
        "user (bench/floor/settings_auth.py): the framework's own cost of a signed-in request.",
        "Ratios are of p95: above 1 means gamdong is slower than the reference.",
    ]
    for db, by_size in results["runs"].items():
        out += ["", f"## {db}", ""]
        out.append(
            "| size | operation | budget p95 | gamdong p50 | gamdong p95 | helpdesk p50 | helpdesk p95 "
            "| floor p50 | floor p95 | floor+auth p95 | gamdong/helpdesk | gamdong/floor | gamdong/floor+auth | helpdesk/floor |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for size in by_size:
            for _key, label, budget, ops in ROWS:
                g, h, f, fa = (op_result(results, db, size, side, ops[side]) for side in SIDES)
                g95, h95, f95, fa95 = (x["p95_ms"] if x else None for x in (g, h, f, fa))
                cells = [
                    size, label, f"{budget}",
                    fmt(g and g["p50_ms"]), fmt(g95), fmt(h and h["p50_ms"]), fmt(h95),
                    fmt(f and f["p50_ms"]), fmt(f95), fmt(fa95),
                    ratio(g95, h95), ratio(g95, f95), ratio(g95, fa95), ratio(h95, f95),
                ]  # fmt: skip
                out.append("| " + " | ".join(cells) + " |")
        out += ["", f"CPU time of the measuring process ({db}; p50 / p95 ms; ratios of p95). Less sensitive than wall time",
                "to other work on the machine; on PostgreSQL it leaves out the server's own time.", ""]
        out.append("| size | operation | gamdong CPU | helpdesk CPU | floor CPU | floor+auth CPU "
                   "| gamdong/helpdesk | gamdong/floor | gamdong/floor+auth |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for size in by_size:
            for _key, label, _budget, ops in ROWS:
                g, h, f, fa = (op_result(results, db, size, side, ops[side]) for side in SIDES)
                cells = [size, label]
                for x in (g, h, f, fa):
                    cells.append(f"{fmt(x.get('cpu_p50_ms'))} / {fmt(x.get('cpu_p95_ms'))}" if x and "cpu_p95_ms" in x else "")
                g95, h95, f95, fa95 = (x.get("cpu_p95_ms") if x else None for x in (g, h, f, fa))
                cells += [ratio(g95, h95), ratio(g95, f95), ratio(g95, fa95)]
                out.append("| " + " | ".join(cells) + " |")
    out += ["", "## Every measured operation", ""]
    out.append("Load average: the machine's 1-minute load before and after measuring that side (2 cores here:")
    out.append("anything well above the core count means other work shared the CPU and the figures are pessimistic).")
    out.append("")
    out.append("| db | size | side | operation | n | p50 | p95 | max | CPU p50 / p95 | peak RSS MB (measuring process) | load before/after |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for db, by_size in results["runs"].items():
        for size, by_side in by_size.items():
            for side, run in by_side.items():
                meas = run.get("measure", {})
                if "error" in meas:
                    out.append(f"| {db} | {size} | {side} | {meas['error']} | | | | | | | |")
                for name, r in meas.get("ops", {}).items():
                    out.append(
                        f"| {db} | {size} | {side} | `{name}`: {r['label']} | {r['n']} | {fmt(r['p50_ms'])} "
                        f"| {fmt(r['p95_ms'])} | {fmt(r['max_ms'])} | {fmt(r.get('cpu_p50_ms'))} / {fmt(r.get('cpu_p95_ms'))} "
                        f"| {meas.get('peak_rss_mb', '')} "
                        f"| {'/'.join(str(x) for x in meas.get('loadavg_1m', []))} |"
                    )
    out += ["", "## Filling", ""]
    out.append("| db | size | side | rows | migrate s | fill s | analyze s | peak RSS MB (filling process) |")
    out.append("|---|---|---|---|---|---|---|---|")
    for db, by_size in results["runs"].items():
        for size, by_side in by_size.items():
            for side, run in by_side.items():
                fill = run.get("fill", {})
                if "error" in fill:
                    out.append(f"| {db} | {size} | {side} | {fill['error']} | | | | |")
                    continue
                rows = ", ".join(f"{k} {v:,}" for k, v in fill.get("rows", {}).items())
                if fill.get("reused"):
                    rows += f" (filled {fill.get('filled_at')} by an earlier run, reused)"
                out.append(
                    f"| {db} | {size} | {side} | {rows} | {fill.get('migrate_s')} | {fill.get('fill_s')} "
                    f"| {fill.get('analyze_s')} | {fill.get('peak_rss_mb')} |"
                )
    path.write_text("\n".join(out) + "\n")


# --- Main ---------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/run", description="gamdong vs django-helpdesk vs bare Django")
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma-separated, e.g. 10k,100k (default 10k,100k,1m)")
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--sides", default=",".join(SIDES), help="comma-separated subset of gamdong,helpdesk,floor,floorauth")
    ap.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    ap.add_argument("--pg-prefix", default=os.environ.get("BENCH_PG_PREFIX", "bench"),
                    help="PostgreSQL databases are named <prefix>_<side>_<size> (default bench)")
    ap.add_argument("--requests", type=int, default=200, help="timed requests per operation (at most)")
    ap.add_argument("--budget", type=float, default=15.0, help="seconds per operation before stopping early")
    ap.add_argument("--warmup", type=int, default=10, help="untimed requests per operation first")
    ap.add_argument("--rows", default="",
                    help="comma-separated rows of the report to measure (inbox,resident_list,file,search); default all")
    ap.add_argument("--keep", action="store_true", help="keep the databases after measuring")
    ap.add_argument("--reuse", action="store_true",
                    help="measure a database an earlier --keep/--fill-only run filled (its fill figures are "
                         "reported again, marked reused); fill the others. Implies --keep")
    ap.add_argument("--fill-only", action="store_true", help="fill (and keep) the databases, measure nothing")
    ap.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    args = ap.parse_args()

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    sides = [s for s in args.sides.split(",") if s]
    if args.reuse or args.fill_only:
        args.keep = True
    unknown = set(sides) - set(SIDES)
    if unknown:
        ap.error(f"unknown sides: {', '.join(sorted(unknown))}")
    unknown = set(filter(None, args.rows.split(","))) - {key for key, *_ in ROWS}
    if unknown:
        ap.error(f"unknown rows: {', '.join(sorted(unknown))}")
    VENVS.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    (BENCH / "results").mkdir(exist_ok=True)

    began = time.perf_counter()
    for side in sides:
        if VENV_OF.get(side, side) in REQUIREMENTS:
            ensure_venv(VENV_OF.get(side, side))
    if "floor" not in sides:
        ensure_venv("floor")  # the machine probe uses its Python
    command = "bench/run " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    results: dict = {
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": command.strip(),
        "machine": machine(args.pg_url, "postgresql" in dbs),
        "settings": {"requests": args.requests, "budget_s": args.budget, "warmup": args.warmup},
        "sides": {},
        "runs": {},
    }
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M")
    json_path = BENCH / "results" / f"{stamp}-{platform.node() or 'machine'}.json"

    def save() -> None:
        json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
        write_markdown(results, Path(args.out))

    for side in SIDES:
        if side not in sides:
            results["sides"][side] = {"available": False, "reason": "not selected (--sides)"}
            continue
        if not python_for(side).exists():
            results["sides"][side] = {"available": False, "reason": f"no {python_for(side)}"}
            continue
        check = drive(side, "check")
        if "error" in check:
            check = {"available": False, "reason": check["error"]}
        if check.get("available") and side in REQUIREMENTS:
            check["pip_freeze"] = freeze(side)
        results["sides"][side] = check
        say(f"== {side}: " + ("available" if check.get("available") else f"not available yet: {check.get('reason')}"))
    active = [s for s in SIDES if results["sides"][s].get("available")]
    save()

    for db in dbs:
        for n in sizes:
            for side in active:
                url = db_url_for(side, db, args.pg_url, n, args.pg_prefix)
                marker = fill_marker(side, db, n, args.pg_prefix)
                run = results["runs"].setdefault(db, {}).setdefault(size_name(n), {}).setdefault(side, {})
                if args.reuse and marker.exists():
                    run["fill"] = {**json.loads(marker.read_text()), "reused": True}
                    say(f"== {db} {size_name(n)} {side}: reusing the database filled {run['fill'].get('filled_at')}")
                else:
                    say(f"== {db} {size_name(n)} {side}: filling")
                    marker.unlink(missing_ok=True)
                    t0 = time.perf_counter()
                    run["fill"] = drive(side, "fill", db_url=url, size=n)
                    run["fill"]["wall_s"] = round(time.perf_counter() - t0, 1)
                    run["fill"]["filled_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
                    if "error" not in run["fill"]:
                        marker.write_text(json.dumps(run["fill"], ensure_ascii=False) + "\n")
                save()
                if args.fill_only:
                    continue
                if "error" not in run["fill"]:
                    say(f"== {db} {size_name(n)} {side}: filled in {run['fill']['wall_s']} s; measuring")
                    load_before = os.getloadavg()[0]
                    run["measure"] = drive(side, "measure", db_url=url, size=n, args=args)
                    run["measure"]["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
                    save()
                if not args.keep:
                    drive(side, "drop", db_url=url, size=n)
                    marker.unlink(missing_ok=True)
    results["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    results["total_s"] = round(time.perf_counter() - began, 1)
    save()
    say(f"== done in {results['total_s']} s: {args.out} and {json_path}")


if __name__ == "__main__":
    main()
