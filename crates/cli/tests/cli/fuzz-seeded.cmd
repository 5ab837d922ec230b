# A seeded campaign of 12 cases in one worker: the same counts every time.
wasmdiff fuzz --seed 3 --cases 12 --jobs 1 --engines wasmi,wasmtime-cranelift,wasmer-singlepass --corpus {tmp}/corpus
