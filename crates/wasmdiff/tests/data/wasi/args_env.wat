;; args_env.wat: WASI preview-1 command. Gets the arguments with args_sizes_get +
;; args_get and the environment with environ_sizes_get + environ_get, then writes
;; each argument (argv[0] included) on its own line, followed by each environment
;; entry ("K=V") on its own line, all to stdout, in the order the host gives them.
;; Memory is grown if the vectors do not fit in the first page.
;; Expected, run with argv ["args_env.wasm", "a", "b c"] and environment
;; FOO=bar, X=1 (only):
;;   stdout "args_env.wasm\na\nb c\nFOO=bar\nX=1\n", stderr empty, exit code 0.
;; With no extra args and an empty environment: stdout "args_env.wasm\n".
;; Like wasi-libc, args_get / environ_get are skipped when the count is 0 (node:wasi
;; returns EINVAL=28 from environ_get with an empty environment, because it passes
;; the NULL data() of an empty vector to uvwasi).
;; If a call fails, "error: <call> errno=<n>\n" goes to stderr and the exit code is 1.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; layout: 0..8 iovec, 8..12 nwritten, 16 argc, 20 argv_buf_size,
  ;; 24 envc, 28 environ_buf_size, 32..48 decimal scratch,
  ;; 64.. strings, 4096.. argv, argv_buf, envp, env_buf
  (data (i32.const 64) "\n")
  (data (i32.const 72) "error: ")                  ;; 7
  (data (i32.const 80) " errno=")                  ;; 7
  (data (i32.const 96) "args_sizes_get")           ;; 14
  (data (i32.const 112) "args_get")                ;; 8
  (data (i32.const 128) "environ_sizes_get")       ;; 17
  (data (i32.const 152) "environ_get")             ;; 11

  (func $write_all (param $fd i32) (param $ptr i32) (param $len i32) (result i32)
    (local $err i32) (local $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (local.set $err
          (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
        (if (local.get $err) (then (return (local.get $err))))
        (local.set $n (i32.load (i32.const 8)))
        (if (i32.or (i32.eqz (local.get $n)) (i32.gt_u (local.get $n) (local.get $len)))
          (then (return (i32.const 29))))
        (local.set $ptr (i32.add (local.get $ptr) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (br $again)))
    (i32.const 0))

  ;; writes or traps
  (func $out (param $fd i32) (param $ptr i32) (param $len i32)
    (if (call $write_all (local.get $fd) (local.get $ptr) (local.get $len))
      (then unreachable)))

  (func $print_u32 (param $fd i32) (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (br_if $digit (local.tee $v (i32.div_u (local.get $v) (i32.const 10)))))
    (call $out (local.get $fd) (local.get $p) (i32.sub (i32.const 48) (local.get $p))))

  ;; if $err != 0: "error: <name> errno=<err>\n" to stderr, proc_exit(1)
  (func $check (param $err i32) (param $name i32) (param $len i32)
    (if (i32.eqz (local.get $err)) (then (return)))
    (call $out (i32.const 2) (i32.const 72) (i32.const 7))
    (call $out (i32.const 2) (local.get $name) (local.get $len))
    (call $out (i32.const 2) (i32.const 80) (i32.const 7))
    (call $print_u32 (i32.const 2) (local.get $err))
    (call $out (i32.const 2) (i32.const 64) (i32.const 1))
    (call $proc_exit (i32.const 1))
    unreachable)

  (func $strlen (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $end
      (loop $scan
        (br_if $end (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $scan)))
    (i32.sub (local.get $q) (local.get $p)))

  ;; print the $n NUL-terminated strings pointed to by the vector at $vec, one a line
  (func $print_lines (param $vec i32) (param $n i32)
    (local $i i32) (local $s i32)
    (block $end
      (loop $each
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s
          (i32.load (i32.add (local.get $vec) (i32.shl (local.get $i) (i32.const 2)))))
        (call $out (i32.const 1) (local.get $s) (call $strlen (local.get $s)))
        (call $out (i32.const 1) (i32.const 64) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))

  (func (export "_start")
    (local $argv i32) (local $argv_buf i32) (local $envp i32) (local $env_buf i32)
    (local $end i32) (local $have i32)
    (call $check (call $args_sizes_get (i32.const 16) (i32.const 20)) (i32.const 96) (i32.const 14))
    (call $check (call $environ_sizes_get (i32.const 24) (i32.const 28)) (i32.const 128) (i32.const 17))
    (local.set $argv (i32.const 4096))
    (local.set $argv_buf
      (i32.add (local.get $argv) (i32.shl (i32.load (i32.const 16)) (i32.const 2))))
    ;; envp = align4(argv_buf + argv_buf_size)
    (local.set $envp
      (i32.and (i32.add (i32.add (local.get $argv_buf) (i32.load (i32.const 20))) (i32.const 3))
               (i32.const -4)))
    (local.set $env_buf
      (i32.add (local.get $envp) (i32.shl (i32.load (i32.const 24)) (i32.const 2))))
    (local.set $end (i32.add (local.get $env_buf) (i32.load (i32.const 28))))
    ;; grow memory so that [0, end) is in bounds
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq (i32.const -1)
              (memory.grow
                (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                           (i32.const 16))))
          (then unreachable))))
    (if (i32.load (i32.const 16))
      (then (call $check (call $args_get (local.get $argv) (local.get $argv_buf))
                         (i32.const 112) (i32.const 8))))
    (if (i32.load (i32.const 24))
      (then (call $check (call $environ_get (local.get $envp) (local.get $env_buf))
                         (i32.const 152) (i32.const 11))))
    (call $print_lines (local.get $argv) (i32.load (i32.const 16)))
    (call $print_lines (local.get $envp) (i32.load (i32.const 24)))))
