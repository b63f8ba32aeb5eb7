//! stub
/// A witness file.
pub struct WitnessFile;
/// A bad witness file.
#[derive(Debug)]
pub struct WitnessFileError;
