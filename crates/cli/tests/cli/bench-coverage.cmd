# Operator coverage of 40 seeded cases (counts, no times).
wasmdiff bench --coverage --cases 40 --jobs 1 --engines wasmi,wasmtime-cranelift
