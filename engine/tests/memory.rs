//! Peak memory of a `ForAll` over a NUMBER domain does not grow with the domain: elements are
//! streamed, one at a time, and the decision tree keeps one example element, not one node per
//! element. Measured with a counting allocator (this test binary has only this test, so no
//! other thread allocates while it runs).

use alloy_primitives::{Bytes, U256, hex};
use ovm_abi::{Deployment, Property, input};
use ovm_engine::store::MemoryStore;
use ovm_engine::{Engine, Limits, Outcome};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// `∀ n ∈ NUMBER(0..len): IsLessThan(n, len)`.
fn claim(deployment: &Deployment, len: u64) -> Property {
    let upper = input::uint_word(U256::from(len));
    let hint = format!(
        "range,NUMBER,{}-{}",
        hex::encode_prefixed(input::uint_word(U256::ZERO)),
        hex::encode_prefixed(&upper)
    );
    let body = Property::new(
        deployment.atomic("IsLessThan").unwrap(),
        vec![input::placeholder("n").unwrap(), upper],
    );
    Property::new(
        deployment.connectives.for_all_such_that,
        vec![
            Bytes::from(hint.into_bytes()),
            Bytes::from_static(b"n"),
            body.encode().into(),
        ],
    )
}

/// The extra memory a decision needs at its peak, over what was allocated before it.
fn peak_during(engine: &Engine<MemoryStore>, claim: &Property) -> usize {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let decision = engine.decide(claim).unwrap();
    assert_eq!(decision.outcome, Outcome::True);
    drop(decision);
    PEAK.load(Ordering::Relaxed) - before
}

#[test]
fn number_domains_are_streamed_in_constant_memory() {
    let deployment = Deployment::local();
    let limits = Limits {
        domain: 2_000_000,
        ..Limits::default()
    };
    let engine = Engine::new(deployment.clone(), MemoryStore::default()).with_limits(limits);
    let small = peak_during(&engine, &claim(&deployment, 1_000));
    let large = peak_during(&engine, &claim(&deployment, 1_000_000));
    eprintln!("peak extra memory: 1,000 elements {small} bytes, 1,000,000 elements {large} bytes");
    assert!(small < 64 * 1024, "1,000 elements peaked at {small} bytes");
    assert!(
        large <= small + 1024,
        "1,000,000 elements peaked at {large} bytes, 1,000 at {small}"
    );
}
