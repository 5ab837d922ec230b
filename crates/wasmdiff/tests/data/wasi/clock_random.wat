;; clock_random.wat: WASI preview-1 command. Calls, in this order,
;;   clock_time_get(0 = realtime, precision 1), clock_time_get(1 = monotonic, 1),
;;   clock_time_get(0, 1), clock_time_get(1, 1), random_get(8 bytes), random_get(8 bytes)
;; and writes one line per call to stdout:
;;   "realtime <16 hex digits>\n"   (the u64 timestamp in ns, most significant digit first)
;;   "monotonic <16 hex digits>\n"
;;   "random <16 hex digits>\n"     (the 8 bytes in memory order, 2 lowercase hex digits each)
;; or "<label> errno=<decimal>\n" if the call returned an error.
;; Expected: 6 lines, stderr empty, exit code 0. The values depend on the host: in a
;; deterministic host (like wasmdiff's) they are fixed; in node:wasi they are the real
;; clocks and OS randomness (the second monotonic >= the first).
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; layout: 0..8 iovec, 8..12 nwritten, 16..24 timestamp, 24..32 random bytes,
  ;; 32..48 decimal scratch, 64.. strings, 128..145 hex line buffer
  (data (i32.const 64) "\n")
  (data (i32.const 72) "realtime ")       ;; 9
  (data (i32.const 88) "monotonic ")      ;; 10
  (data (i32.const 104) "random ")        ;; 7
  (data (i32.const 112) "errno=")         ;; 6

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

  ;; ASCII hex digit for a nibble 0..15
  (func $hexdigit (param $n i32) (result i32)
    (select
      (i32.add (i32.const 48) (local.get $n))          ;; '0'..'9'
      (i32.add (i32.const 87) (local.get $n))          ;; 'a'..'f'
      (i32.lt_u (local.get $n) (i32.const 10))))

  ;; writes the 16 hex digits of $v (most significant first) at $dst
  (func $hex64 (param $v i64) (param $dst i32)
    (local $i i32)
    (local.set $i (i32.const 16))
    (loop $nibble
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (local.get $dst) (local.get $i))
        (call $hexdigit (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $nibble (local.get $i))))

  ;; writes 2*$n hex digits for the $n bytes at $src (memory order) at $dst
  (func $hexbytes (param $src i32) (param $n i32) (param $dst i32)
    (local $b i32)
    (block $end
      (loop $byte
        (br_if $end (i32.eqz (local.get $n)))
        (local.set $b (i32.load8_u (local.get $src)))
        (i32.store8 (local.get $dst) (call $hexdigit (i32.shr_u (local.get $b) (i32.const 4))))
        (i32.store8 offset=1 (local.get $dst) (call $hexdigit (i32.and (local.get $b) (i32.const 15))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $byte))))

  (func $print_errno (param $v i32)
    (local $p i32)
    (call $out (i32.const 112) (i32.const 6))
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (br_if $digit (local.tee $v (i32.div_u (local.get $v) (i32.const 10)))))
    (call $out (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $out (i32.const 64) (i32.const 1)))

  ;; prints the 16 hex digits at 128 and a newline
  (func $print_line_buf
    (i32.store8 (i32.const 144) (i32.const 10))
    (call $out (i32.const 128) (i32.const 17)))

  (func $clock (param $id i32) (param $label i32) (param $llen i32)
    (local $err i32)
    (i64.store (i32.const 16) (i64.const 0))
    (local.set $err (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 16)))
    (call $out (local.get $label) (local.get $llen))
    (if (local.get $err)
      (then (call $print_errno (local.get $err)))
      (else
        (call $hex64 (i64.load (i32.const 16)) (i32.const 128))
        (call $print_line_buf))))

  (func $random
    (local $err i32)
    (i64.store (i32.const 24) (i64.const 0))
    (local.set $err (call $random_get (i32.const 24) (i32.const 8)))
    (call $out (i32.const 104) (i32.const 7))
    (if (local.get $err)
      (then (call $print_errno (local.get $err)))
      (else
        (call $hexbytes (i32.const 24) (i32.const 8) (i32.const 128))
        (call $print_line_buf))))

  (func (export "_start")
    (call $clock (i32.const 0) (i32.const 72) (i32.const 9))
    (call $clock (i32.const 1) (i32.const 88) (i32.const 10))
    (call $clock (i32.const 0) (i32.const 72) (i32.const 9))
    (call $clock (i32.const 1) (i32.const 88) (i32.const 10))
    (call $random)
    (call $random)))
