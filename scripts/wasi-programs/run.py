#!/usr/bin/env python3
"""Run the real WASI programs of manifest.json through `wasmdiff run` and
check that every engine agrees and prints what Node's WASI printed when the
runs were recorded (expected.json: exit code and stdout's sha256).

    scripts/wasi-programs/fetch.sh            # once: the modules
    scripts/wasi-programs/run.py [--wasmdiff PATH] [--native] [--fuel N] [RUN-ID|MODULE ...]

Exit status 0 when every selected run agrees (and, with wasmdiff's
deterministic host, matches node's stdout and exit code), 1 otherwise.
"""
import argparse, base64, hashlib, json, os, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('--wasmdiff', default=os.path.expanduser(
    os.environ.get('CARGO_TARGET_DIR', '~/.cache/wasmdiff/target') + '/release/wasmdiff'))
ap.add_argument('--dir', default=os.path.join(
    os.environ.get('WASMDIFF_CACHE', os.path.expanduser('~/.cache/wasmdiff')), 'wasi-programs'))
ap.add_argument('--native', action='store_true', help='the engines\' own WASI (run --wasi native)')
ap.add_argument('--fuel', help='engine fuel per call (long programs need more than the default)')
ap.add_argument('--engines')
ap.add_argument('only', nargs='*')
a = ap.parse_args()

manifest = json.load(open(os.path.join(here, 'manifest.json')))
expected = json.load(open(os.path.join(here, 'expected.json')))
failed = 0
for mod in manifest['modules']:
    for r in mod['runs']:
        if a.only and r['id'] not in a.only and mod['name'] not in a.only:
            continue
        d = os.path.join(a.dir, mod['name'])
        wasm = os.path.join(d, mod['wasm'])
        if not os.path.exists(wasm):
            print(f"{r['id']}: {wasm} missing (run scripts/wasi-programs/fetch.sh)")
            failed += 1
            continue
        cmd = [a.wasmdiff, 'run', wasm, '--json']
        if a.fuel: cmd += ['--fuel', a.fuel]
        if a.native: cmd += ['--wasi', 'native']
        if a.engines: cmd += ['--engines', a.engines]
        if 'stdin' in r: cmd += ['--stdin', os.path.join(d, r['stdin'])]
        for k, v in r.get('env', {}).items(): cmd += ['--env', f'{k}={v}']
        scratch = tempfile.mkdtemp(prefix='wasi-programs-')
        for guest, rel in r.get('preopens', {}).items():
            src, dst = os.path.join(d, rel), os.path.join(scratch, rel)
            if os.path.isdir(src): shutil.copytree(src, dst)
            else: os.makedirs(dst)
            for m in r.get('mkdirs', []): os.makedirs(os.path.join(dst, m), exist_ok=True)
            cmd += ['--dir', f'{dst}::{guest}']
        cmd += ['--'] + r['argv'][1:]
        start = time.time()
        p = subprocess.run(cmd, capture_output=True, text=True)
        took = time.time() - start
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            doc = json.loads(p.stdout)
        except ValueError:
            print(f"{r['id']}: wasmdiff exited {p.returncode}: {p.stderr.strip()[-300:]}")
            failed += 1
            continue
        run = doc['result']['runs'][0]
        verdict = doc['result']['verdict']
        e = expected[r['id']]
        wrong = []
        for engine, out in run.get('wasi', []):
            s = out['stdout']
            raw = s.encode() if isinstance(s, str) else base64.b64decode(s['base64'])
            code = out['exit'] or 0
            if hashlib.sha256(raw).hexdigest() != e['stdout_sha256'] or code != e['exit']:
                wrong.append(f'{engine} (exit {code}, {len(raw)} bytes)')
        ran = len(run.get('wasi', []))
        unsupported = [u[0] for u in run['unsupported']]
        line = (f"{r['id']:<22} {verdict['verdict']:<12} {ran:>2} of {len(run['engines'])} engines ran it"
                f"{' (unsupported: ' + ', '.join(unsupported) + ')' if unsupported else ''}  {took:.1f} s")
        if verdict['verdict'] != 'agree':
            line += f"\n    {json.dumps(verdict)[:400]}"
            failed += 1
        if wrong and not a.native:
            line += f"\n    differs from node:wasi's recorded run: {', '.join(wrong)}"
            failed += 1
        print(line, flush=True)
sys.exit(1 if failed else 0)
