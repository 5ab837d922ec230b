(module
  (type (;0;) (func))
  (memory (;0;) 0 0)
  (memory (;1;) 4 4)
  (export "" (func 0))
  (func (;0;) (type 0)
    (local f64 v128 f64 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    block ;; label = @1
      i64.const 0
      i32.const 1
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      v128.store64_lane 1 offset=91849 align=1 0
      local.get 0
      i32.const 0
      br 0 (;@1;)
    end
  )
)
