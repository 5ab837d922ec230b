# A .wast script replayed in three engines.
wasmdiff wast --engines wasmi,wasmtime-cranelift,wasmer-singlepass ../wasmdiff/tests/data/harness.wast
