//! Numbers as JSON sees them, compared exactly, and decimal divisors for `multipleOf`.

use std::cmp::Ordering;
use std::fmt;

/// A JSON number: an integer, kept exact, or a float.
///
/// Comparisons between the two are exact (`i64::MAX` is not equal to `i64::MAX as f64`), so
/// bounds written as integers or as decimals work on fields of either type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// Any integer type up to `i128` (and `u128` values that fit).
    Int(i128),
    /// `f64`, or `f32` read as the decimal it prints as (`0.1f32` is `0.1`, as in JSON).
    Float(f64),
}

impl Number {
    /// Exact order of two numbers; `None` when one is NaN.
    pub fn compare(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
            (Number::Int(a), Number::Float(b)) => compare_int_float(a, b),
            (Number::Float(a), Number::Int(b)) => compare_int_float(b, a).map(Ordering::reverse),
        }
    }
}

/// `int` compared to `float`, without rounding either.
fn compare_int_float(int: i128, float: f64) -> Option<Ordering> {
    // 2^127: every finite float at or beyond it is outside i128.
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    if float.is_nan() {
        return None;
    }
    if float >= LIMIT {
        return Some(Ordering::Less);
    }
    if float < -LIMIT {
        return Some(Ordering::Greater);
    }
    let whole = float.trunc();
    // Exact: `whole` is integral and within i128.
    let whole_int = whole as i128;
    Some(match int.cmp(&whole_int) {
        Ordering::Equal => 0.0.partial_cmp(&(float - whole))?,
        unequal => unequal,
    })
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A positive decimal `mantissa × 10^-scale`, the divisor of `multipleOf`: `0.01` is
/// `Decimal::new(1, 2)`.
///
/// Kept in decimal so that `0.3` is a multiple of `0.1` (it is not in binary floating point).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    /// `mantissa × 10^-scale`.
    pub const fn new(mantissa: u128, scale: u32) -> Self {
        Decimal { mantissa, scale }
    }

    /// Whether `value` is an integer multiple of `self`, decided exactly on the decimal text of
    /// the value (the shortest text that reads back as the same float, i.e. what JSON carries).
    ///
    /// `None` when it cannot be decided: a NaN or infinite value, a zero divisor, or a divisor
    /// too large for the arithmetic.
    pub fn divides(self, value: Number) -> Option<bool> {
        if self.mantissa == 0 {
            return None;
        }
        let text = match value {
            Number::Int(n) if self.scale == 0 => {
                return Some(n.unsigned_abs() % self.mantissa == 0)
            }
            Number::Int(n) => n.unsigned_abs().to_string(),
            Number::Float(x) if !x.is_finite() => return None,
            // Rust prints floats as the shortest round-tripping decimal, never in exponent form.
            Number::Float(x) => x.abs().to_string(),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let fraction = fraction.trim_end_matches('0');
        if whole.bytes().all(|d| d == b'0') && fraction.is_empty() {
            return Some(true);
        }
        // value = digits × 10^-fraction.len(); with its last fraction digit non-zero, it can only
        // be a multiple of a divisor with at least as many decimals.
        let scale = usize::try_from(self.scale).ok()?;
        if fraction.len() > scale {
            return Some(false);
        }
        // Both scaled by 10^scale: is `digits` followed by the missing zeros divisible by the
        // mantissa? Computed digit by digit, so the value may have any number of digits.
        let padding = std::iter::repeat_n(b'0', scale - fraction.len());
        let mut remainder: u128 = 0;
        for digit in whole.bytes().chain(fraction.bytes()).chain(padding) {
            remainder = remainder
                .checked_mul(10)?
                .checked_add(u128::from(digit - b'0'))?
                % self.mantissa;
        }
        Some(remainder == 0)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            write!(f, "{whole}.{fraction}")
        } else {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    }
}
