# Triage of that repro: still diverging.
wasmdiff triage ../../corpus/repros/267fe73761095874 --engines wasmi,wasmtime-cranelift,wasmer-cranelift
