(module
  (type (;0;) (func (param funcref f64) (result externref)))
  (type (;1;) (func (param i64)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 57)
  (export "P" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "c" (global 0))
  (func (;0;) (type 1) (param i64))
  (func (;1;) (type 1) (param i64))
  (func (;2;) (type 0) (param funcref f64) (result externref)
    unreachable
  )
  (func (;3;) (type 0) (param funcref f64) (result externref)
    (local i32 f64 i64 f64 f32 f64 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 3
    global.set 3
    local.get 6
    local.get 6
    f32.eq
    local.tee 2
    local.get 3
    i64.const 1
    i64.const 0
    loop (type 1) (param i64) ;; label = @1
      i32.const 0
      if ;; label = @2
        unreachable
      end
      global.get 3
      global.set 3
      f64.reinterpret_i64
      loop ;; label = @2
        i32.const 0
        if ;; label = @3
          unreachable
        end
        i32.const 0
        global.set 3
        i64.const 0
        block ;; label = @3
          local.get 1
          br 0 (;@3;)
        end
        global.get 2
        i64.xor
        global.set 2
      end
      i64.reinterpret_f64
      global.get 1
      i64.xor
      global.set 1
    end
    global.get 2
    i64.xor
    global.set 2
    i64.reinterpret_f64
    global.get 1
    i64.xor
    global.set 1
    i32.const 0
    i32.xor
    global.set 0
    ref.null extern
  )
)
