//! Decimal text to the nearest `f64`, as `str::parse::<f64>` and JavaScript's `JSON.parse` read
//! it, without the 10 KB table of powers of five that the standard library's parser links (the
//! table and the code reading it were 14 KB of the npm `.wasm` gzipped; this module is 4 KB).
//!
//! Three exact ways, the first that applies:
//! 1. up to 2^53 as a whole number, times or divided by a power of ten up to 10^22: one
//!    floating-point operation on exact operands, so one rounding (Clinger's fast path);
//! 2. up to 19 digits, times 10^e or divided by 10^k into 128-bit integers, rounded once;
//! 3. any other number, in big integers: the first 768 significant digits (enough to tell any
//!    two neighbouring `f64` halves apart) and a marker digit for any nonzero digit after them.

use std::cmp::Ordering;

/// Significant digits kept: more than the 767 that can decide the rounding of an `f64`. Any
/// nonzero digit cut off after them is kept as one more digit, 1.
const MAX_DIGITS: usize = 768;

/// The powers of ten that are exact `f64`s.
const EXACT_POWERS: [f64; 23] = {
    let mut powers = [1.0; 23];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10.0;
        i += 1;
    }
    powers
};

/// The number `text` names in Rust's decimal grammar (`[+-]digits[.digits][(e|E)[+-]digits]`,
/// digits on at least one side of the point), or `None` for anything else, `inf` and `NaN`
/// included. Out of range, it is an infinity or a zero, as `str::parse` gives.
pub(crate) fn parse(text: &str) -> Option<f64> {
    let decimal = Decimal::read(text.as_bytes())?;
    let magnitude = decimal.magnitude();
    Some(if decimal.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// A decimal number: its significant digits (no leading zeros) and where the point goes.
struct Decimal<'t> {
    negative: bool,
    /// The first (up to) 19 significant digits as an integer.
    leading: u64,
    /// How many significant digits there are (all of them, not only those in `leading`).
    count: usize,
    /// The value is `0.d1d2d3… × 10^point` for the significant digits d.
    point: i64,
    /// The mantissa's bytes (digits and at most one `.`), for the big-integer way.
    mantissa: &'t [u8],
}

impl<'t> Decimal<'t> {
    /// Reads the grammar [`parse`] names.
    fn read(text: &'t [u8]) -> Option<Decimal<'t>> {
        let (negative, rest) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, text),
        };
        let mantissa_len = rest
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b == b'.'))
            .unwrap_or(rest.len());
        let (mantissa, exponent_part) = rest.split_at(mantissa_len);
        let exponent = match exponent_part.split_first() {
            None => 0,
            Some((b'e' | b'E', digits)) => read_exponent(digits)?,
            Some(_) => return None,
        };
        let mut digits_seen = 0;
        let mut points = 0;
        let mut leading = 0u64;
        let mut count = 0usize;
        // Digits before the point, once the first significant one is seen.
        let mut point = 0i64;
        for &byte in mantissa {
            if byte == b'.' {
                points += 1;
                continue;
            }
            digits_seen += 1;
            let digit = byte - b'0';
            if count == 0 && digit == 0 {
                // A leading zero: after the point it moves the point left.
                if points == 1 {
                    point -= 1;
                }
                continue;
            }
            if count < 19 {
                leading = leading * 10 + u64::from(digit);
            }
            count += 1;
            if points == 0 {
                point += 1;
            }
        }
        if digits_seen == 0 || points > 1 {
            return None;
        }
        Some(Decimal {
            negative,
            leading,
            count,
            point: point.saturating_add(exponent),
            mantissa,
        })
    }

    /// The nearest `f64` to the number without its sign.
    fn magnitude(&self) -> f64 {
        if self.count == 0 || self.point < -343 {
            // Zero, or below 10^-343, far under half the least `f64` (about 2.5 × 10^-324).
            return 0.0;
        }
        if self.point > 310 {
            return f64::INFINITY;
        }
        // The value is `leading × 10^exponent` while every digit is in `leading`.
        let exponent = self.point - self.count as i64;
        if self.count <= 19 {
            if let Some(value) = clinger(self.leading, exponent) {
                return value;
            }
            if let Some(value) = within_u128(self.leading, exponent) {
                return value;
            }
        }
        self.by_big_integers()
    }

    /// The third way: the significant digits (at most [`MAX_DIGITS`], and a marker) as a big
    /// integer over or times a power of ten, divided out to 57 bits and rounded.
    #[inline(never)]
    fn by_big_integers(&self) -> f64 {
        let mut numerator = Big::default();
        let mut kept = 0usize;
        let mut beyond = false;
        for &byte in self.mantissa.iter().filter(|b| b.is_ascii_digit()) {
            let digit = u32::from(byte - b'0');
            if kept == 0 && digit == 0 {
                continue;
            }
            if kept < MAX_DIGITS {
                numerator.mul_add(10, digit);
                kept += 1;
            } else if digit != 0 {
                beyond = true;
                break;
            }
        }
        if beyond {
            numerator.mul_add(10, 1);
            kept += 1;
        }
        // The value is `numerator × 10^exponent`.
        let exponent = self.point - kept as i64;
        let mut denominator = Big::from(1);
        let ten_to = |big: &mut Big, times: i64| {
            for _ in 0..times {
                big.mul_add(10, 0);
            }
        };
        if exponent >= 0 {
            ten_to(&mut numerator, exponent);
        } else {
            ten_to(&mut denominator, -exponent);
        }
        // Scale so that the quotient has 56 or 57 bits: at least two below the 53 kept.
        let scale = 56 + denominator.bits() as i64 - numerator.bits() as i64;
        if scale >= 0 {
            numerator.shift_left(scale as usize);
        } else {
            denominator.shift_left((-scale) as usize);
        }
        let (quotient, exact) = numerator.divide_small_quotient(&denominator, 57);
        compose(u128::from(quotient), !exact, -scale)
    }
}

/// The exponent's digits, with its sign; a huge exponent saturates (it means zero or infinity).
fn read_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0i64, |value, &digit| {
        value
            .saturating_mul(10)
            .saturating_add(i64::from(digit - b'0'))
    });
    Some(if negative { -value } else { value })
}

/// The first way: `whole × 10^exponent` in one exact operation, when `whole` and the power
/// are exact `f64`s.
fn clinger(whole: u64, exponent: i64) -> Option<f64> {
    if whole > 1 << 53 {
        return None;
    }
    let power = *EXACT_POWERS.get(usize::try_from(exponent.unsigned_abs()).ok()?)?;
    let whole = whole as f64;
    Some(if exponent < 0 {
        whole / power
    } else {
        whole * power
    })
}

/// The second way: `whole × 10^exponent` computed in 128-bit integers, when it fits.
fn within_u128(whole: u64, exponent: i64) -> Option<f64> {
    let power = 10u128.checked_pow(u32::try_from(exponent.unsigned_abs()).ok()?)?;
    if exponent >= 0 {
        return Some(compose(u128::from(whole).checked_mul(power)?, false, 0));
    }
    // `whole` shifted as far left as 128 bits allow, over the power: with the power under
    // 2^73, the quotient has at least 55 bits.
    if power >= 1 << 73 || whole == 0 {
        return None;
    }
    let shift = whole.leading_zeros() + 64;
    let numerator = u128::from(whole) << shift;
    let quotient = numerator / power;
    let exact = numerator % power == 0;
    Some(compose(quotient, !exact, -i64::from(shift)))
}

/// The `f64` nearest to `(mantissa + fraction) × 2^exponent`, where `fraction` is in [0, 1) and
/// nonzero exactly when `inexact`; rounded half to even. When `inexact`, `mantissa` has at least
/// 55 bits, so the fraction only ever breaks a tie.
#[inline(never)]
fn compose(mantissa: u128, inexact: bool, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let bits = i64::from(128 - mantissa.leading_zeros());
    // Bits to drop: down to 53, or more where the result is subnormal (its last bit 2^-1074).
    let drop = (bits - 53).max(-1074 - exponent);
    let (mut kept, mut unit) = if drop <= 0 {
        // Exact: all bits fit.
        (mantissa << drop.unsigned_abs(), exponent + drop)
    } else if drop > bits {
        // Under half the least `f64`.
        return 0.0;
    } else {
        let drop = drop as u32;
        let kept = mantissa.checked_shr(drop).unwrap_or(0);
        let dropped = mantissa & ((1u128 << (drop - 1) << 1).wrapping_sub(1));
        let half = 1u128 << (drop - 1);
        let up = match dropped.cmp(&half) {
            Ordering::Greater => true,
            Ordering::Equal => inexact || kept & 1 == 1,
            Ordering::Less => false,
        };
        (kept + u128::from(up), exponent + i64::from(drop))
    };
    if kept == 1 << 53 {
        kept >>= 1;
        unit += 1;
    }
    if kept < 1 << 52 {
        // Subnormal (`unit` is -1074): the bits are the mantissa's.
        return f64::from_bits(kept as u64);
    }
    let biased = unit + 52 + 1023;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits((biased as u64) << 52 | (kept as u64 & ((1 << 52) - 1)))
}

/// A non-negative big integer, 32-bit limbs from the least significant.
#[derive(Default, Clone)]
struct Big {
    limbs: Vec<u32>,
}

impl From<u32> for Big {
    fn from(value: u32) -> Big {
        Big { limbs: vec![value] }
    }
}

impl Big {
    /// `self × factor + addend`.
    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
    }

    /// The number of significant bits.
    fn bits(&self) -> usize {
        let top = self.limbs.iter().rposition(|&limb| limb != 0);
        top.map_or(0, |top| {
            top * 32 + 32
                - self
                    .limbs
                    .get(top)
                    .map_or(32, |l| l.leading_zeros() as usize)
        })
    }

    /// `self × 2^shift`.
    fn shift_left(&mut self, shift: usize) {
        let (whole, part) = (shift / 32, (shift % 32) as u32);
        if part != 0 {
            let mut carry = 0;
            for limb in &mut self.limbs {
                let next = *limb >> (32 - part);
                *limb = *limb << part | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        let mut shifted = vec![0; whole];
        shifted.append(&mut self.limbs);
        self.limbs = shifted;
    }

    /// `self − other`, for `other` ≤ `self`.
    fn subtract(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (index, limb) in self.limbs.iter_mut().enumerate() {
            let take = i64::from(other.limbs.get(index).copied().unwrap_or(0)) + borrow;
            let difference = i64::from(*limb) - take;
            *limb = difference as u32;
            borrow = i64::from(difference < 0);
        }
    }

    fn compare(&self, other: &Big) -> Ordering {
        let len = self.limbs.len().max(other.limbs.len());
        (0..len)
            .rev()
            .map(|index| {
                let limb = |big: &Big| big.limbs.get(index).copied().unwrap_or(0);
                limb(self).cmp(&limb(other))
            })
            .find(|order| order.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// `self / divisor`, known to be under 2^`bits`, and whether it divides exactly; by
    /// long division, a bit at a time (this way is for rare numbers).
    fn divide_small_quotient(mut self, divisor: &Big, bits: u32) -> (u64, bool) {
        let mut quotient = 0u64;
        let mut shifted = divisor.clone();
        shifted.shift_left(bits as usize - 1);
        for bit in (0..bits).rev() {
            if self.compare(&shifted).is_ge() {
                self.subtract(&shifted);
                quotient |= 1 << bit;
            }
            shifted.shift_right_one();
        }
        (quotient, self.bits() == 0)
    }

    /// `self / 2`, rounded down.
    fn shift_right_one(&mut self) {
        let mut carry = 0;
        for limb in self.limbs.iter_mut().rev() {
            let next = *limb & 1;
            *limb = *limb >> 1 | carry << 31;
            carry = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the standard library reads, for the texts both accept as finite or zero.
    fn agrees(text: &str) {
        let ours = parse(text);
        let std = text.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) if b.is_nan() => panic!("{text}: ours {a}, std NaN"),
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{text}: {a} vs {b}"),
            (None, Some(b)) => assert!(!b.is_finite(), "{text}: ours None, std {b}"),
            (Some(a), None) => panic!("{text}: ours {a}, std rejects"),
            (None, None) => {}
        }
    }

    #[test]
    fn hard_cases_round_as_the_standard_library_does() {
        for text in [
            "0",
            "-0",
            "0.0",
            "1",
            "-1",
            "1.5",
            "125",
            "125.0",
            "1e5",
            "1E-5",
            "+1.5",
            ".5",
            "5.",
            "1756812511.315143",
            "0.1",
            "0.30000000000000004",
            "9007199254740992",
            "9007199254740993",
            "9007199254740995",
            "9007199254740993.0000000000000000001",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e308",
            "1e309",
            "1e400",
            "123456789012345678901234567890",
            "1e22",
            "1e23",
            "8.98846567431158e307",
            "0.000012345678901234567",
            "12345678901234567e-30",
            "7.2057594037927933e16",
            "1e-7",
            "6.02214076e23",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "--1",
            "inf",
            "NaN",
            "infinity",
            "1_000",
            " 1",
            "0x10",
            "00012",
            "0.00000",
        ] {
            agrees(text);
        }
        let halfway = format!("9007199254740993{}", "0".repeat(800));
        agrees(&halfway);
        agrees(&format!("{halfway}1"));
        agrees(&format!("0.{}1", "0".repeat(1000)));
        // 2^-1075 exactly, half the least `f64`: a tie, to even (zero); and a hair above it.
        let half_least = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
        agrees(half_least);
        agrees(&half_least.replace("e-324", "1e-324"));
    }

    // proptest is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_kind_of_text_reads_as_the_standard_library_reads_it() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "0",
            "1",
            "5",
            "9",
            "00",
            "17",
            "999999999",
            "4503599627370497",
            ".",
            "e",
            "E",
            "-",
            "+",
            "e-3",
            "e+22",
            "e308",
            "e-320",
            "5e-324",
            "x",
        ]);
        let text = prop::collection::vec(piece, 1..10).prop_map(|pieces| pieces.concat());
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            proptest::test_runner::Config::with_cases(50_000),
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        );
        runner
            .run(&text, |text| {
                agrees(&text);
                Ok(())
            })
            .unwrap_or_else(|failure| panic!("{failure}"));
    }

    /// Every `f64` written the shortest way, with 17 digits and with a digit changed back
    /// reads as the standard library reads it.
    #[test]
    fn written_doubles_read_back() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if !value.is_finite() {
                continue;
            }
            let shortest = format!("{value:e}");
            agrees(&shortest);
            agrees(&format!("{value:.16e}"));
            agrees(&format!("{value}"));
            // A halfway-ish neighbour: the 17-digit text with its last digit moved.
            let long = format!("{value:.18e}");
            agrees(&long.replacen("e", "5e", 1));
        }
    }
}
