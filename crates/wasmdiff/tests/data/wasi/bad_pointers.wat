;; bad_pointers.wat: WASI preview-1 command passing out-of-bounds pointers to host
;; calls. Memory is exactly 1 page (65536 bytes). Cases, in this order:
;;   1. fd_write(1, iovs=0xfffffff0, 1, nwritten)          iovec array out of bounds
;;   2. fd_write(1, iovs=0xfffffffc, 1, nwritten)          iovec array wraps past 2^32
;;   3. fd_write(1, iovs -> {buf=0x00fffff0, len=16}, ...)  buffer out of bounds
;;   4. fd_write(1, iovs -> {buf=0xfff8, len=16}, ...)      buffer straddles end of memory
;;   5. fd_write(1, iovs -> {buf=64, len=0}, 1, nwritten=0xfffffff0)
;;                                                         result pointer out of bounds
;;   6. args_sizes_get(argc=0xfffffff0, argv_buf_size=16)
;;   7. args_get(argv=0xfffffff0, argv_buf=4096)
;;   8. args_get(argv=4096, argv_buf=0xfffffff0)
;; After each call it writes "<case>: <errno in decimal>\n" to stdout (so a host that
;; traps shows which case did it), then calls proc_exit(0).
;; Expected in a careful host: 8 lines each ending in ": 21" (EFAULT), no other
;; stdout bytes, stderr empty, exit code 0:
;;   fd_write iovs=0xfffffff0: 21
;;   fd_write iovs=0xfffffffc: 21
;;   fd_write iov.buf=0x00fffff0: 21
;;   fd_write iov.buf=0xfff8 len=16: 21
;;   fd_write nwritten=0xfffffff0: 21
;;   args_sizes_get argc=0xfffffff0: 21
;;   args_get argv=0xfffffff0: 21
;;   args_get argv_buf=0xfffffff0: 21
;; Some runtimes trap on a bad guest pointer instead of returning an errno (the run
;; then stops after the last printed line with a trap / non-zero status), and some
;; return another errno: node:wasi (uvwasi) returns EOVERFLOW = 61 for every case.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; layout: 0..8 iovec for printing, 8..12 nwritten, 16..24 scratch results,
  ;; 32..48 decimal scratch, 64.. newline and ": ", 256.. test iovecs,
  ;; 512.. labels (each a length byte followed by the text), 4096.. argv area
  (data (i32.const 64) "\n: ")
  (data (i32.const 256)
    "\f0\ff\ff\00\10\00\00\00"     ;; 256: {buf=0x00fffff0, len=16}
    "\f8\ff\00\00\10\00\00\00"     ;; 264: {buf=0x0000fff8, len=16}
    "\40\00\00\00\00\00\00\00")    ;; 272: {buf=64, len=0}
  (data (i32.const 512) "\18fd_write iovs=0xfffffff0")
  (data (i32.const 544) "\18fd_write iovs=0xfffffffc")
  (data (i32.const 576) "\1bfd_write iov.buf=0x00fffff0")
  (data (i32.const 608) "\1efd_write iov.buf=0xfff8 len=16")
  (data (i32.const 640) "\1cfd_write nwritten=0xfffffff0")
  (data (i32.const 672) "\1eargs_sizes_get argc=0xfffffff0")
  (data (i32.const 704) "\18args_get argv=0xfffffff0")
  (data (i32.const 736) "\1cargs_get argv_buf=0xfffffff0")

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

  (func $out (param $ptr i32) (param $len i32)
    (if (call $write_all (i32.const 1) (local.get $ptr) (local.get $len))
      (then unreachable)))

  ;; "<label>: <errno>\n" on stdout; $label points at a length-prefixed string
  (func $report (param $label i32) (param $errno i32)
    (local $p i32)
    (call $out (i32.add (local.get $label) (i32.const 1)) (i32.load8_u (local.get $label)))
    (call $out (i32.const 65) (i32.const 2))
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $errno) (i32.const 10))))
      (br_if $digit (local.tee $errno (i32.div_u (local.get $errno) (i32.const 10)))))
    (call $out (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $out (i32.const 64) (i32.const 1)))

  (func (export "_start")
    (call $report (i32.const 512)
      (call $fd_write (i32.const 1) (i32.const 0xfffffff0) (i32.const 1) (i32.const 16)))
    (call $report (i32.const 544)
      (call $fd_write (i32.const 1) (i32.const 0xfffffffc) (i32.const 1) (i32.const 16)))
    (call $report (i32.const 576)
      (call $fd_write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 16)))
    (call $report (i32.const 608)
      (call $fd_write (i32.const 1) (i32.const 264) (i32.const 1) (i32.const 16)))
    (call $report (i32.const 640)
      (call $fd_write (i32.const 1) (i32.const 272) (i32.const 1) (i32.const 0xfffffff0)))
    (call $report (i32.const 672)
      (call $args_sizes_get (i32.const 0xfffffff0) (i32.const 16)))
    (call $report (i32.const 704)
      (call $args_get (i32.const 0xfffffff0) (i32.const 4096)))
    (call $report (i32.const 736)
      (call $args_get (i32.const 4096) (i32.const 0xfffffff0)))
    (call $proc_exit (i32.const 0))
    unreachable))
