;; reactor.wat: WASI preview-1 reactor (no _start). Exports memory, _initialize and
;; add(i32, i32) -> i32.
;; _initialize sets the global $initialized to 1, increments the i32 counter at
;; memory address 256 (0 -> 1 on the first call) and writes "init\n" to stdout.
;; add returns the wrapping i32 sum of its arguments (no WASI calls).
;; Expected, calling _initialize once then add(2, 3): stdout "init\n", stderr empty,
;; add returns 5; no exit code (a reactor has no _start, so nothing calls proc_exit).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $initialized (mut i32) (i32.const 0))
  ;; layout: 0..8 iovec, 8..12 nwritten, 256..260 init counter, 64.. strings
  (data (i32.const 0) "\40\00\00\00\05\00\00\00")
  (data (i32.const 64) "init\n")
  (func (export "_initialize")
    (global.set $initialized (i32.const 1))
    (i32.store (i32.const 256) (i32.add (i32.load (i32.const 256)) (i32.const 1)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 5))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
      (then unreachable)))
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))
