//! stub
/// In memory.
pub struct MemoryStore;
