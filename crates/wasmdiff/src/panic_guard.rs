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
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Engine calls in progress on any thread.
static IN_ENGINE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static QUIET: Cell<u32> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let helper_thread =
                std::thread::current().name().is_none() && IN_ENGINE.load(Ordering::SeqCst) > 0;
            if QUIET.with(Cell::get) > 0 || helper_thread {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let msg = payload_message(info.payload());
                LAST.with(|l| *l.borrow_mut() = Some(format!("{msg}{location}")));
            } else {
                default(info);
            }
        }));
    });
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
        LAST.with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| payload_message(&*payload))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message() {
        let r: Result<(), String> = super::catch(|| panic!("engine exploded: {}", 42));
        let msg = r.unwrap_err();
        assert!(msg.starts_with("engine exploded: 42 at "), "{msg}");
        assert_eq!(super::catch(|| 7), Ok(7));
    }

    #[test]
    fn a_panic_on_an_engine_helper_thread_is_caught_in_the_caller() {
        // As wasmer does: the work panics on an unnamed pool thread and the
        // panic is re-raised in the calling thread.
        let r: Result<(), String> = super::catch(|| {
            let h = std::thread::spawn(|| panic!("compiler bug"));
            std::panic::resume_unwind(h.join().unwrap_err());
        });
        assert_eq!(r.unwrap_err(), "compiler bug");
    }
}
