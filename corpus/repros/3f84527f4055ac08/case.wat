(module
  (type (;0;) (func (result i32 i64 i64 f64 i64 i64 i64 f32 i32 i32 f64 i64 i64)))
  (export "" (func 0))
  (export "1" (func 1))
  (func (;0;) (type 0) (result i32 i64 i64 f64 i64 i64 i64 f32 i32 i32 f64 i64 i64)
    unreachable
  )
  (func (;1;) (type 0) (result i32 i64 i64 f64 i64 i64 i64 f32 i32 i32 f64 i64 i64)
    unreachable
  )
)
