;; wasmdiff repro d6b8a9bd9a6f72e9: state[0]:global|state:global=sm-baseline+sm-ion|state:global=wasmtime-cranelift+wasmi+v8-liftoff
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\06\01\60\00\02\7e\7d\03\02\01\00\06\06\01\7e\01\42\00\0b\07\08\02\00\00\00\01\77\03\00\0a\41\01\3f\08\01\7d\01\7c\01\70\01\7e\01\7b\01\7d\01\7c\01\7b\41\01\04\40\05\00\0b\20\07\fd\0c\00\00\00\00\00\00\00\80\00\00\00\00\00\00\00\80\fd\f5\01\fd\1d\00\42\00\85\24\00\42\00\43\00\ea\3e\57\0b")
;; wasmtime-cranelift, wasmi, v8-liftoff, sm-baseline, sm-ion: i64:0, f32:209912231624704.0
(assert_return (invoke "") (i64.const 0) (f32.const 209912230000000.0))
;; The engines diverged at state[0]: global `w`: i64:0 vs i64:-9223372036854775808
