"""A/B of the creative pages: the same kept database (bench/run-creative-progress --keep), measured by
the code of two trees one after the other, so that both see the same machine and the same load.

    git archive 78246a5 | tar -x -C /tmp/base
    for t in /tmp/base "$PWD"; do
      .venv/bin/python bench/ab_creative.py "$t" sqlite:///$PWD/bench/.data/creative-creative.sqlite3 \\
          progress_mayor,progress_supervisor,progress_employee,proposal 60
    done

Prints one JSON line: wall and CPU (this process) p50/p95 in ms per operation, after 10 warm-up
requests. Alternate the trees a few times; a shared machine's load moves within minutes.
"""

import json
import os
import sys
import time

root, url, names, n = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
sys.path[:0] = [root, root + "/bench/sides", root + "/bench"]
os.environ["BENCH_DATABASE_URL"] = os.environ["DATABASE_URL"] = url
os.environ["DJANGO_SETTINGS_MODULE"] = "gamdong.settings"
os.environ.setdefault("SECRET_KEY", "bench-ab")
import django  # noqa: E402

django.setup()
import creative_side  # noqa: E402
import harness  # noqa: E402

ops = creative_side.operations(harness.Corpus(50000))
out = {}
for name in names:
    fn = ops[name].fn
    for i in range(10):
        fn(i)
    wall, cpu = [], []
    for i in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn(i)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    cpu.sort()
    out[name] = {"wall_p50": round(wall[n // 2], 1), "wall_p95": round(wall[int(n * .95) - 1], 1),
                 "cpu_p50": round(cpu[n // 2], 1), "cpu_p95": round(cpu[int(n * .95) - 1], 1)}
print(json.dumps(out))
