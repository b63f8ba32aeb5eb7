//! Unsigned LEB128 for `u32`: seven bits a byte, least significant group first, the high bit
//! set on every byte but the last.
//!
//! Only the minimal encoding of a number is accepted: at most 5 bytes, no bits above bit 31,
//! and no final `0x00` byte after the first (`0x80 0x00` is a second, longer, spelling of 0).
//! So every number has exactly one encoding.

/// The most bytes a `u32` takes.
pub const MAX_LEN: usize = 5;

/// Appends the encoding of `value` to `out`.
pub fn write(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The number of bytes the encoding of `value` takes.
pub fn len(value: u32) -> usize {
    let bits = 32 - value.leading_zeros() as usize;
    bits.div_ceil(7).max(1)
}

/// Why bytes are not the encoding of a `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The input ends before the last byte (one without the high bit).
    Truncated,
    /// The number does not fit in 32 bits.
    Overflow,
    /// A shorter encoding of the same number exists.
    NotMinimal,
}

/// Decodes a number from the start of `bytes`: the number and the bytes it took.
pub fn read(bytes: &[u8]) -> Result<(u32, usize), Error> {
    let mut value: u32 = 0;
    for i in 0..MAX_LEN {
        let Some(&byte) = bytes.get(i) else {
            return Err(Error::Truncated);
        };
        let group = u32::from(byte & 0x7f);
        if i == MAX_LEN - 1 && byte > 0x0f {
            // The fifth byte holds bits 28..=31: more bits, or a sixth byte, overflow.
            return Err(Error::Overflow);
        }
        value |= group << (7 * i);
        if byte & 0x80 == 0 {
            if i > 0 && byte == 0 {
                return Err(Error::NotMinimal);
            }
            return Ok((value, i + 1));
        }
    }
    unreachable!("the fifth byte either ends the number or overflows")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: u32) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, value);
        out
    }

    #[test]
    fn known_encodings() {
        assert_eq!(encoded(0), [0x00]);
        assert_eq!(encoded(1), [0x01]);
        assert_eq!(encoded(127), [0x7f]);
        assert_eq!(encoded(128), [0x80, 0x01]);
        assert_eq!(encoded(300), [0xac, 0x02]);
        assert_eq!(encoded(16_383), [0xff, 0x7f]);
        assert_eq!(encoded(16_384), [0x80, 0x80, 0x01]);
        assert_eq!(encoded(u32::MAX), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn round_trip_and_length() {
        let samples = [
            0, 1, 63, 64, 127, 128, 255, 256, 16_383, 16_384, 2_097_151, 2_097_152,
        ];
        let more = [268_435_455, 268_435_456, u32::MAX - 1, u32::MAX];
        for value in samples.into_iter().chain(more) {
            let bytes = encoded(value);
            assert_eq!(bytes.len(), len(value), "{value}");
            assert_eq!(read(&bytes), Ok((value, bytes.len())), "{value}");
            let mut longer = bytes.clone();
            longer.push(0x55);
            assert_eq!(read(&longer), Ok((value, bytes.len())), "{value}");
        }
    }

    #[test]
    fn rejects_truncated() {
        assert_eq!(read(&[]), Err(Error::Truncated));
        assert_eq!(read(&[0x80]), Err(Error::Truncated));
        assert_eq!(read(&[0xff, 0xff, 0xff, 0xff]), Err(Error::Truncated));
    }

    #[test]
    fn rejects_overflow() {
        assert_eq!(read(&[0xff, 0xff, 0xff, 0xff, 0x10]), Err(Error::Overflow));
        assert_eq!(read(&[0xff, 0xff, 0xff, 0xff, 0x8f, 0x00]), Err(Error::Overflow));
        assert_eq!(read(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), Err(Error::Overflow));
    }

    #[test]
    fn rejects_non_minimal() {
        assert_eq!(read(&[0x80, 0x00]), Err(Error::NotMinimal));
        assert_eq!(read(&[0x81, 0x80, 0x00]), Err(Error::NotMinimal));
        assert_eq!(read(&[0x80, 0x80, 0x80, 0x80, 0x00]), Err(Error::NotMinimal));
    }

    #[test]
    fn every_two_byte_prefix_is_decided_once() {
        // Exhaustively: every input of up to two bytes decodes to at most one number, and
        // encoding that number gives the bytes read.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                if let Ok((value, used)) = read(&[a, b]) {
                    assert_eq!(encoded(value), [a, b][..used]);
                }
            }
        }
    }
}
