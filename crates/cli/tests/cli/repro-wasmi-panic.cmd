# A saved repro of a real wasmi bug (its translator panics), checked again.
wasmdiff repro ../../corpus/repros/267fe73761095874 --engines wasmi,wasmtime-cranelift,wasmer-cranelift
