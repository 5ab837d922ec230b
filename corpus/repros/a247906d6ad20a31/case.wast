;; wasmdiff repro a247906d6ad20a31: validate|error=sm-baseline+sm-ion|ok=wasmtime-cranelift+v8-liftoff
;; Expected outcomes are the majority's; each engine's own is in a comment.
(module binary "\00\61\73\6d\01\00\00\00\01\09\02\60\00\01\7e\60\00\01\7e\03\03\02\01\00\05\04\01\03\00\00\07\08\02\01\00\00\00\00\00\01\0a\09\02\03\00\00\0b\03\00\00\0b")
;; The engines diverged at validate: wasmtime-cranelift, v8-liftoff: ok; sm-baseline, sm-ion: error: WebAssembly.validate: false
