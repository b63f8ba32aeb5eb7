//! stub
/// On disk.
pub struct RedbStore;
