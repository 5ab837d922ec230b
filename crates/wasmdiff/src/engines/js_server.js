// wasmdiff's engine server for JavaScript shells, run by a shell (node,
// jsc, ...) with the flags of one engine configuration, after the shell's
// prelude, which defines `io` (see `Shell::prelude` in js_shell.rs). It
// reads one JSON request per line and writes one JSON reply per line.
// Values cross as typed text so that no bit is lost on the JavaScript
// side: i32 as a number, i64 as a decimal string, f32/f64 as the decimal
// string of their bits, references as null or a host id.

// Whether two byte arrays of one length are equal: the shell's own
// comparison where its prelude has one (Node's memcmp), else word by word.
const equalBytes = io.equal || ((a, b) => {
  if (a.length !== b.length) return false;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, a.length / 4);
    const y = new Int32Array(b.buffer, b.byteOffset, b.length / 4);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
});

// Whether a chunk of at most 64 KiB is all zeros.
const ZEROS = new Uint8Array(65536);
const isZero = io.equal ? (a => io.equal(a, ZEROS.subarray(0, a.length))) : (a => {
  if (a.byteOffset % 4 === 0 && a.length % 4 === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, a.length / 4);
    let any = 0;
    for (let i = 0; i < x.length; i++) any |= x[i];
    return any === 0;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
});

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

// Host references: `ref.extern N` is this object, the same one every time.
const hosts = new Map();
function host(n) {
  if (!hosts.has(n)) hosts.set(n, { wasmdiffHost: n });
  return hosts.get(n);
}

function toJs(v) {
  switch (v.t) {
    case 'i32': return v.v | 0;
    case 'i64': return BigInt.asIntN(64, BigInt(v.v));
    case 'f32': u32[0] = Number(v.v); return f32[0];
    case 'f64': u64[0] = BigInt(v.v); return f64[0];
    case 'host': return host(v.v);
    case 'null': return null;
    default: throw new TypeError('cannot pass ' + v.t);
  }
}

function fromJs(t, x) {
  switch (t) {
    case 'i32': return { t, v: x | 0 };
    case 'i64': return { t, v: BigInt.asIntN(64, x).toString() };
    case 'f32': f32[0] = x; return { t, v: String(u32[0]) };
    case 'f64': f64[0] = x; return { t, v: u64[0].toString() };
    case 'funcref': return { t, v: x === null ? null : 'func' };
    case 'externref':
      if (x === null) return { t, v: null };
      if (x && typeof x === 'object' && 'wasmdiffHost' in x) return { t, v: x.wasmdiffHost };
      return { t, v: 'other' };
    default: throw new TypeError('cannot read ' + t);
  }
}

function zero(t) {
  switch (t) {
    case 'i64': return 0n;
    case 'funcref': case 'externref': return null;
    default: return 0;
  }
}

// Where an error came from: a trap, a link error, a compile error, or
// something else (a JavaScript exception, e.g. stack overflow).
function describe(e) {
  let kind = 'error';
  // JavaScriptCore appends the expression it was evaluating.
  const text = String(e && e.message !== undefined ? e.message : e)
    .replace(/ \(evaluating '[\s\S]*'\)$/, '');
  if (e instanceof WebAssembly.RuntimeError) kind = 'trap';
  else if (e instanceof WebAssembly.LinkError) kind = 'link';
  else if (e instanceof WebAssembly.CompileError) kind = 'compile';
  else if (e instanceof RangeError) kind = 'range';
  // SpiderMonkey's "too much recursion".
  else if (typeof InternalError !== 'undefined' && e instanceof InternalError) kind = 'range';
  else if (e instanceof WebAssembly.Exception) kind = 'exception';
  return { kind, message: text };
}

// Write one reply line, in ASCII: some shells write their output as
// Latin-1.
function send(reply) {
  io.write(JSON.stringify(reply).replace(/[\u007f-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

// WASI: the host is wasmdiff's, on the other end of the pipe. A WASI
// import sends {host, args} and then serves wasmdiff's reads and writes of
// the instance's memory until wasmdiff sends the function's results (or
// says the program exited, which unwinds the wasm stack as an exception).
let wasiMemory = null;
function WasiExit() {}
function hostcall(name, params, args) {
  send({ host: name, args: params.map((t, i) => fromJs(t, args[i])) });
  for (;;) {
    const line = io.read();
    if (line === null) throw new Error('wasmdiff closed the pipe during a WASI call');
    const m = JSON.parse(line);
    const bytes = wasiMemory === null ? null : new Uint8Array(wasiMemory.buffer);
    const inside = (at, len) => bytes !== null && at + len <= bytes.length;
    if (m.op === 'mem_read') {
      send({ ok: inside(m.at, m.len) ? io.toBase64(bytes.subarray(m.at, m.at + m.len)) : null });
    } else if (m.op === 'mem_write') {
      const data = io.fromBase64(m.data);
      const ok = inside(m.at, data.length);
      if (ok) bytes.set(data, m.at);
      send({ ok });
    } else if (m.op === 'host_return') {
      if (m.exit) throw new WasiExit();
      return m.results.length === 0 ? undefined : toJs(m.results[0]);
    } else {
      send({ error: { kind: 'protocol', message: 'unexpected op during a WASI call: ' + m.op } });
    }
  }
}

// Host stubs for the imports of a module (fuzzing mode): functions return
// zeros of their result types; memories, tables and globals of their types.
// WASI functions call wasmdiff's host where asked (`im.wasi`).
function stubs(imports) {
  const obj = {};
  for (const im of imports) {
    let v;
    if (im.kind === 'func' && im.wasi) {
      const { name, params } = im;
      v = (...args) => hostcall(name, params, args);
    } else if (im.kind === 'func') {
      const results = im.results.map(zero);
      v = results.length === 0 ? () => undefined
        : results.length === 1 ? () => results[0] : () => results;
    } else if (im.kind === 'memory') {
      const d = { initial: im.min, shared: im.shared };
      if (im.max !== null) d.maximum = im.max;
      v = new WebAssembly.Memory(d);
    } else if (im.kind === 'table') {
      const d = { element: im.element === 'externref' ? 'externref' : 'anyfunc', initial: im.min };
      if (im.max !== null) d.maximum = im.max;
      v = new WebAssembly.Table(d);
    } else if (im.kind === 'global') {
      v = new WebAssembly.Global({ value: im.type === 'funcref' ? 'anyfunc' : im.type, mutable: im.mutable }, zero(im.type));
    } else {
      throw new TypeError('cannot stub an import of ' + im.kind);
    }
    (obj[im.module] = obj[im.module] || {})[im.name] = v;
  }
  return obj;
}

function spectest(shared) {
  const print = () => undefined;
  const s = {
    print, print_i32: print, print_i64: print, print_f32: print, print_f64: print,
    print_i32_f32: print, print_f64_f64: print,
    global_i32: new WebAssembly.Global({ value: 'i32' }, 666),
    global_i64: new WebAssembly.Global({ value: 'i64' }, 666n),
    global_f32: new WebAssembly.Global({ value: 'f32' }, 666.6),
    global_f64: new WebAssembly.Global({ value: 'f64' }, 666.6),
    table: new WebAssembly.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }),
  };
  if (shared) s.shared_memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
  // Where the JavaScript API has 64-bit tables.
  try {
    s.table64 = new WebAssembly.Table({ element: 'anyfunc', initial: 10n, maximum: 20n, address: 'i64' });
  } catch (e) {
    // Without it, a script that imports it fails in this engine.
  }
  return s;
}

const instances = [];
// The shell's own WASI object for the current instance (`--wasi native`,
// where the shell's prelude has one).
let nativeWasi = null;
let registered = null;
// The memory bytes last sent for 'memory_delta', by "instance/name": later
// requests send only the 64 KiB chunks that changed.
const sent = new Map();

function handle(req) {
  switch (req.op) {
    case 'version':
      return { ok: io.version };
    case 'validate':
      return { ok: WebAssembly.validate(io.fromBase64(req.wasm)) };
    case 'session':
      instances.length = 0;
      sent.clear();
      registered = { spectest: spectest(req.shared) };
      return { ok: true };
    case 'instantiate': {
      let module;
      try {
        module = new WebAssembly.Module(io.fromBase64(req.wasm));
      } catch (e) {
        return { stage: 'compile', error: describe(e) };
      }
      try {
        const imports = req.imports === null ? registered : stubs(req.imports);
        nativeWasi = null;
        if (req.native_wasi) {
          if (!io.nativeWasi) throw new Error('this shell has no WASI of its own');
          nativeWasi = io.nativeWasi(req.native_wasi);
          imports.wasi_snapshot_preview1 = nativeWasi.wasiImport;
        }
        wasiMemory = null;
        const instance = new WebAssembly.Instance(module, imports);
        if (req.imports !== null) {
          instances.length = 0;
          sent.clear();
          const m = instance.exports.memory;
          wasiMemory = m instanceof WebAssembly.Memory ? m : null;
        }
        instances.push(instance);
        return { ok: instances.length - 1 };
      } catch (e) {
        return { stage: 'instantiate', error: describe(e) };
      }
    }
    case 'register':
      registered[req.name] = instances[req.instance].exports;
      return { ok: true };
    case 'call': {
      if (req.wasi_start || req.wasi_initialize) {
        // The shell's own WASI runs the program: `start` returns its exit
        // code (0 also when `_start` returns).
        try {
          const inst = instances[req.instance];
          const code = req.wasi_start ? nativeWasi.start(inst) : (nativeWasi.initialize(inst), 0);
          return { ok: [], exit: code === undefined ? 0 : code };
        } catch (e) {
          return { error: describe(e) };
        }
      }
      const f = instances[req.instance].exports[req.name];
      if (typeof f !== 'function') return { error: { kind: 'missing', message: 'no exported function ' + req.name } };
      let out;
      try {
        out = f(...req.args.map(toJs));
      } catch (e) {
        return { error: describe(e) };
      }
      const vals = req.results.length === 1 ? [out] : req.results.length === 0 ? [] : Array.from(out);
      // A shell that cannot cap memories itself: a memory grown beyond
      // wasmdiff's cap, which other engines would have refused.
      if (req.cap !== null && req.cap !== undefined) {
        for (const [name, m] of Object.entries(instances[req.instance].exports)) {
          if (m instanceof WebAssembly.Memory && m.buffer.byteLength > req.cap) {
            return { error: { kind: 'resource', message: 'memory ' + name + ' grew beyond wasmdiff\'s cap' } };
          }
        }
      }
      return { ok: req.results.map((t, i) => fromJs(t, vals[i])) };
    }
    case 'global': {
      const g = instances[req.instance].exports[req.name];
      if (!(g instanceof WebAssembly.Global)) return { error: { kind: 'missing', message: 'no exported global ' + req.name } };
      try {
        return { ok: fromJs(req.type, g.value) };
      } catch (e) {
        return { error: describe(e) };
      }
    }
    case 'memory': {
      const m = instances[req.instance].exports[req.name];
      if (!(m instanceof WebAssembly.Memory)) return { ok: null };
      return { ok: io.toBase64(new Uint8Array(m.buffer)) };
    }
    case 'memory_delta': {
      // The chunks of a memory that changed since the copy last sent (all
      // of them when `full`, or the first time), in pages of at most
      // `max` bytes from `from` (a huge memory does not fit one string).
      const m = instances[req.instance].exports[req.name];
      if (!(m instanceof WebAssembly.Memory)) return { ok: null };
      const now = new Uint8Array(m.buffer);
      const key = req.instance + '/' + req.name;
      let prev = sent.get(key);
      const from = req.from;
      const full = req.full || prev === undefined || prev.length !== now.length;
      if (full && from === 0) {
        // Zeros to start with, as the receiver's copy: the pages of a
        // huge memory that the program never touched are never copied.
        prev = new Uint8Array(now.length);
        sent.set(key, prev);
      }
      const chunks = [];
      const size = 65536;
      let bytes = 0;
      let at = from;
      for (; at < now.length && bytes < req.max; at += size) {
        const end = Math.min(at + size, now.length);
        const chunk = now.subarray(at, end);
        // The receiver starts from zeros after `full`: only the chunks
        // that are not zero go; later, only those that changed.
        if (full ? isZero(chunk) : equalBytes(chunk, prev.subarray(at, end))) continue;
        prev.set(chunk, at);
        const zero = !full && isZero(chunk);
        chunks.push([at, zero ? null : io.toBase64(chunk)]);
        bytes += end - at;
      }
      return { ok: { len: now.length, full, chunks, next: at < now.length ? at : null } };
    }
    case 'table': {
      const t = instances[req.instance].exports[req.name];
      if (!(t instanceof WebAssembly.Table)) return { ok: null };
      // A 64-bit table counts and indexes with BigInts.
      const wide = typeof t.length === 'bigint';
      const nulls = [];
      for (let i = 0; i < Number(t.length); i++) {
        let v = null;
        try { v = t.get(wide ? BigInt(i) : i); } catch (e) { v = 'unreadable'; }
        nulls.push(v === null);
      }
      return { ok: nulls };
    }
    default:
      return { error: { kind: 'protocol', message: 'unknown op ' + req.op } };
  }
}

for (;;) {
  const line = io.read();
  if (line === null) break;
  let reply;
  try {
    reply = handle(JSON.parse(line));
  } catch (e) {
    reply = { error: describe(e) };
  }
  send(reply);
}
io.exit();
