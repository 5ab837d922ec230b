;; exit3.wat: WASI preview-1 command. Writes "exiting\n" to stdout with fd_write,
;; then calls proc_exit(3). proc_exit does not return, so the code after it is
;; `unreachable`: a host that returns from proc_exit makes the program trap.
;; Expected: stdout "exiting\n", stderr empty, exit code 3.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0..8: iovec {buf, len}; 8..12: nwritten
  (data (i32.const 0) "\40\00\00\00\08\00\00\00")
  (data (i32.const 64) "exiting\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 3))
    unreachable))
