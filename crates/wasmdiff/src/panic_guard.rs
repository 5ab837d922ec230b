//! Catching panics inside engines, quietly.
//!
//! An engine must never panic on a valid module; when one does, that is a
//! finding, so the panic is caught and reported as an outcome rather than
//! taking the tool down. The default panic hook would still print a message
//! and backtrace to stderr for every caught panic; while an engine runs on
//! this thread, the hook stays silent and keeps the message instead.
//!
//! Some engines compile on helper threads of their own (wasmer runs its
//! compiler on a rayon pool thread and re-raises a panic in the caller), so
//! while any engine call is in progress, panics on unnamed threads (those
//! helpers) are silent too. Named threads (main, test and worker threads)
//! outside an engine call keep the default hook's message.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// Engine calls in progress on any thread.
static IN_ENGINE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static QUIET: Cell<u32> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The last message from an engine helper thread (whose own thread-local
/// slot the caller cannot read).
static LAST_HELPER: Mutex<Option<String>> = Mutex::new(None);

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let helper_thread =
                std::thread::current().name().is_none() && IN_ENGINE.load(Ordering::SeqCst) > 0;
            if QUIET.with(Cell::get) > 0 || helper_thread {
                // First line, then where, then the rest (assertion values).
                let msg = payload_message(info.payload());
                let (first, rest) = msg.split_once('\n').unwrap_or((&msg, ""));
                let location = info
                    .location()
                    .map(|l| format!(" (at {}:{})", short_path(l.file()), l.line()))
                    .unwrap_or_default();
                let full = if rest.is_empty() {
                    format!("{first}{location}")
                } else {
                    format!("{first}{location}\n{rest}")
                };
                if helper_thread {
                    *LAST_HELPER.lock().unwrap_or_else(|e| e.into_inner()) = Some(full);
                } else {
                    LAST.with(|l| *l.borrow_mut() = Some(full));
                }
            } else {
                default(info);
            }
        }));
    });
}

/// A source path without the machine-specific cargo registry prefix:
/// `wasmer-compiler-singlepass-7.4.2/src/machine_x64.rs`.
fn short_path(file: &str) -> &str {
    match file.find("/registry/src/") {
        Some(i) => {
            let rest = &file[i + "/registry/src/".len()..];
            rest.split_once('/')
                .map_or(rest, |(_, crate_path)| crate_path)
        }
        None => file,
    }
}

fn payload_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

/// Run `f`, turning a panic into `Err(message)` (with its source location).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    QUIET.with(|q| q.set(q.get() + 1));
    IN_ENGINE.fetch_add(1, Ordering::SeqCst);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_ENGINE.fetch_sub(1, Ordering::SeqCst);
    QUIET.with(|q| q.set(q.get() - 1));
    result.map_err(|payload| {
        let helper = || LAST_HELPER.lock().unwrap_or_else(|e| e.into_inner()).take();
        LAST.with(|l| l.borrow_mut().take())
            .or_else(helper)
            .unwrap_or_else(|| payload_message(&*payload))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message() {
        let r: Result<(), String> = super::catch(|| panic!("engine exploded: {}", 42));
        let msg = r.unwrap_err();
        assert!(msg.starts_with("engine exploded: 42 (at "), "{msg}");
        assert!(msg.contains("panic_guard.rs:"), "{msg}");
        assert_eq!(super::catch(|| 7), Ok(7));
    }

    #[test]
    fn registry_paths_are_shortened() {
        let p = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wasmer-7.4.2/src/a.rs";
        assert_eq!(super::short_path(p), "wasmer-7.4.2/src/a.rs");
        assert_eq!(super::short_path("src/lib.rs"), "src/lib.rs");
    }

    #[test]
    fn a_panic_on_an_engine_helper_thread_is_caught_in_the_caller() {
        // As wasmer does: the work panics on an unnamed pool thread and the
        // panic is re-raised in the calling thread.
        let r: Result<(), String> = super::catch(|| {
            let h = std::thread::spawn(|| panic!("compiler bug"));
            std::panic::resume_unwind(h.join().unwrap_err());
        });
        let msg = r.unwrap_err();
        assert!(msg.starts_with("compiler bug (at "), "{msg}");
    }
}
