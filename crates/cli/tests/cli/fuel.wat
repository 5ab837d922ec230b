;; An infinite loop: every engine runs out of its own fuel (inconclusive).
(module (func (export "spin") (loop $l (br $l))))
