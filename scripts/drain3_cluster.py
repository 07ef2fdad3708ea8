#!/usr/bin/env python3
"""Clusters a labelled set (label, tool, code, message per line) with Drain3,
the reference log-template miner, and prints count, seconds, grouping
accuracy and cluster count. Drain3 sees the tool and code too."""
import sys
import time
from collections import defaultdict

from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig

rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        label, tool, code, message = line.rstrip("\n").split("\t", 3)
        rows.append((int(label), f"{tool} {code} {message}"))

config = TemplateMinerConfig()
config.profiling_enabled = False
miner = TemplateMiner(config=config)
start = time.perf_counter()
assigned = [miner.add_log_message(text)["cluster_id"] for _, text in rows]
secs = time.perf_counter() - start

by_label, by_cluster = defaultdict(list), defaultdict(list)
for i, ((label, _), cluster) in enumerate(zip(rows, assigned)):
    by_label[label].append(i)
    by_cluster[cluster].append(i)
right = sum(1 for i, ((label, _), c) in enumerate(zip(rows, assigned)) if by_label[label] == by_cluster[c])
print(f"drain3 {len(rows)} {secs:.3f} {right / len(rows):.4f} {len(miner.drain.clusters)}")
