# Shrinking a saved repro of wasmi's translator panic keeps its signature.
wasmdiff shrink ../../corpus/repros/267fe73761095874 --engines wasmi,wasmtime-cranelift --time 60 -o {tmp}/small.wasm
