#!/usr/bin/python3
"""Runs ../shared/peers/pandas_vectorized.py in this process and prints its peak RSS.

usage: bench-peer.py PEER_SCRIPT DATA_DIR OUT_DIR
A single line `PEER {"seconds": …, "maxRssMb": …}` goes to stderr, like bench-run.mjs does
for Higia, so both are measured the same way (wall clock of the whole run, ru_maxrss).
"""
import json
import resource
import runpy
import sys
import time

peer, data, out = sys.argv[1:4]
sys.argv = [peer, data, out, '--no-xlsx']
started = time.perf_counter()
runpy.run_path(peer, run_name='__main__')
seconds = time.perf_counter() - started
max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sys.stderr.write('PEER ' + json.dumps({'seconds': seconds, 'maxRssMb': max_rss_mb}) + '\n')
