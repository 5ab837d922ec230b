#!/usr/bin/env python3
# Check that the library's top-level modules import each other without
# cycles: reads `crate::X` paths in code (comments and test modules left
# out) and prints the strongly connected components of that graph.
#
#   scripts/check-import-cycles.py [crates/wasmdiff/src]   # exit 1 on a cycle
import re, os, sys
src = sys.argv[1] if len(sys.argv) > 1 else 'crates/wasmdiff/src'
g = {}
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.rs'):
            continue
        p = os.path.join(root, f)
        top = os.path.relpath(p, src).split('/')[0].replace('.rs', '')
        if top == 'lib':
            continue
        code = open(p).read().split('#[cfg(test)]')[0]
        code = '\n'.join(l.split('//')[0] for l in code.splitlines())
        deps = set(re.findall(r'crate::([a-z_0-9]+)', code))
        g.setdefault(top, set()).update(d for d in deps if d != top)
sys.setrecursionlimit(10000)
index, low, st, on, res, n = {}, {}, [], set(), [], [0]
def sc(v):
    index[v] = low[v] = n[0]; n[0] += 1; st.append(v); on.add(v)
    for w in g.get(v, ()):
        if w not in g:
            continue
        if w not in index:
            sc(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            res.append(sorted(comp))
for v in list(g):
    if v not in index:
        sc(v)
print('import cycles:', res if res else 'none')
sys.exit(1 if res else 0)
