//! Smoke tests of the compiled contracts on revm: see tests/.
