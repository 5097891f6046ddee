//! Points in time: whatever a vendor sends, RFC 3339 in UTC with milliseconds comes out
//! (`2024-09-13T17:04:03.515Z`: fixed width, so the strings sort in time order, and the format of
//! JavaScript's `toISOString`).
//!
//! Accepted: ISO 8601 / RFC 3339 with `T` or a space, with or without seconds and a fraction of
//! any length (Laravel's microseconds), with `Z`, `±HH:MM`, `±HHMM` or `±HH`, or with no zone
//! (taken as UTC: every seed vendor documents UTC); a date alone (midnight UTC); Unix time as a
//! number or a string of digits, in seconds (fractions allowed: Famulor's
//! `1756812511.315143`), milliseconds or microseconds, told apart by magnitude. Digits below the
//! millisecond are cut, not rounded, so order is kept. Hand-written rather than a date crate: this
//! is all the calendar math the schema needs, and it keeps the wasm small.

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(i64);

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: what RFC 3339 can write.
const MIN_MILLIS: i64 = -62_167_219_200_000;
const MAX_MILLIS: i64 = 253_402_300_799_999;

impl Timestamp {
    fn checked(millis: i64) -> Option<Timestamp> {
        (MIN_MILLIS..=MAX_MILLIS)
            .contains(&millis)
            .then_some(Timestamp(millis))
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    pub fn seconds_until(self, later: Timestamp) -> f64 {
        // Both lie within years 0..=9999, so the difference is far below 2^53 ms: exact in f64.
        (later.0 - self.0) as f64 / 1000.0
    }

    /// The time as RFC 3339 UTC with milliseconds: `2024-09-13T17:04:03.515Z`.
    pub fn text(self) -> String {
        // Counted from 0000-01-01 (never negative), so that one 64-bit division splits off the
        // day and the rest is 32-bit: wasm divides an i64 by a constant with a real division,
        // an i32 by a multiplication.
        let since_min = self.0.abs_diff(MIN_MILLIS);
        let days = since_min / 86_400_000;
        let in_day = (since_min % 86_400_000) as u32;
        // At most 3,652,425 days from 0000-01-01 to 9999-12-31: within i32.
        let (year, month, day) = civil_from_days(days as i32 - DAYS_FROM_MIN_TO_EPOCH);
        let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
        let (second, milli) = (in_day / 1000 % 60, in_day % 1000);
        // Written digit by digit, without `fmt`: this runs once per transcript message, and
        // `write!` with padded integers cost more than the rest of the formatting together.
        // Every field is within its digits (years 0..=9999 by construction).
        let two = |value: u32| [value / 10 % 10, value % 10].map(|digit| b'0' + digit as u8);
        let ([y0, y1], [y2, y3]) = (two(year / 100), two(year));
        let ([mo0, mo1], [d0, d1]) = (two(month), two(day));
        let ([h0, h1], [mi0, mi1], [s0, s1]) = (two(hour), two(minute), two(second));
        let ([_, ms0], [ms1, ms2]) = (two(milli / 100), two(milli));
        #[rustfmt::skip]
        let text = [
            y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T',
            h0, h1, b':', mi0, mi1, b':', s0, s1, b'.', ms0, ms1, ms2, b'Z',
        ];
        // All ASCII digits and punctuation, so always UTF-8.
        std::str::from_utf8(&text)
            .map(str::to_owned)
            .unwrap_or_default()
    }
}

/// Days from 0000-01-01 to 1970-01-01.
const DAYS_FROM_MIN_TO_EPOCH: i32 = 719_528;

/// The year, month, day, hour, minute, second and millisecond of a time in the form
/// [`Timestamp::text`] writes (`2024-09-13T17:04:03.515Z`), on a real date and clock, read at
/// their fixed places; `None` for any other text, a leap second too (read as another time).
fn written_fields(text: &str) -> Option<[u32; 7]> {
    const FORM: &[u8; 24] = b"0000-00-00T00:00:00.000Z";
    let bytes: &[u8; 24] = text.as_bytes().try_into().ok()?;
    let mut fields = [0u32; 7];
    let mut field = 0;
    for (&byte, &form) in bytes.iter().zip(FORM) {
        if form == b'0' {
            let digit = byte.wrapping_sub(b'0');
            let value = fields.get_mut(field).filter(|_| digit <= 9)?;
            *value = *value * 10 + u32::from(digit);
        } else if byte == form {
            field += 1;
        } else {
            return None;
        }
    }
    let [year, month, day, hour, minute, second, _] = fields;
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year.into(), month.into())).contains(&day.into())
        && hour <= 23
        && minute <= 59
        && second <= 59;
    valid.then_some(fields)
}

/// Whether `text` is a time in the form [`Timestamp::text`] writes, on a real date and clock:
/// text that [`parse_text`] reads and writes back unchanged, told without the calendar
/// arithmetic (a transcript can carry one such time per message).
pub fn is_written_time(text: &str) -> bool {
    written_fields(text).is_some()
}

/// A time in the form [`Timestamp::text`] writes, read at its fixed places: what this module
/// reads most (each message's own time again, for its offset from the call's start).
fn parse_written(text: &str) -> Option<Timestamp> {
    let [year, month, day, hour, minute, second, milli] = written_fields(text)?;
    // Years 0..=9999: within i32.
    let days = days_from_civil(year as i32, month, day);
    let in_day = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    Timestamp::checked(i64::from(days) * 86_400_000 + i64::from(in_day))
}

/// Reads a time written as text; `None` when it is no time this module knows.
pub fn parse_text(text: &str) -> Option<Timestamp> {
    if let Some(written) = parse_written(text) {
        return Some(written);
    }
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return parse_number(text);
    }
    parse_iso(text).or_else(|| parse_rfc2822(text))
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// RFC 2822 (Twilio's `Timestamp`): `[Wed, ]08 Oct 2025 13:54:12 +0000` (or `GMT`/`UT`/`Z`).
fn parse_rfc2822(text: &str) -> Option<Timestamp> {
    let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
    let mut parts = text.split_ascii_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    // `Oct` or `October` (Twilio's own docs write `July`).
    let month_name = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_name.starts_with(m))? as i64 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next()?.parse().ok()?;
    let second: i64 = clock.next().map_or(Some(0), |s| s.parse().ok())?;
    let zone = parts.next().unwrap_or("GMT");
    if parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    let offset = match zone {
        "GMT" | "UT" | "UTC" | "Z" => 0,
        _ => {
            let mut c = Cursor {
                bytes: zone.as_bytes(),
                at: 0,
            };
            zone_offset_minutes(&mut c).filter(|_| c.done())?
        }
    };
    let valid = (1..=9999).contains(&year)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !valid {
        return None;
    }
    let local = date_millis(year, month, day) + ((hour * 60 + minute) * 60 + second.min(59)) * 1000;
    Timestamp::checked(local - offset * 60_000)
}

/// Reads Unix time from a number's text (a JSON number's, or text already trimmed): seconds,
/// milliseconds or microseconds by magnitude.
pub fn parse_number(text: &str) -> Option<Timestamp> {
    if let Some(read) = plain_unix_time(text) {
        return read;
    }
    let value = crate::json::float::parse(text)?;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let millis = if value < 1e11 {
        value * 1000.0
    } else if value < 1e14 {
        value
    } else if value < 1e17 {
        value / 1000.0
    } else {
        return None;
    };
    // Below 1e14 after scaling, so the value fits an i64 exactly enough; floor keeps order.
    Timestamp::checked(millis.floor() as i64)
}

/// Unix time written as plain digits with an optional fraction (`1756812511.315143`, the usual
/// form), read exactly, digit by digit: the digits below the millisecond are cut, where
/// scaling an `f64` could land just under one (`1.005` seconds is 1004.99… ms in floating
/// point). `None` for any other form (an exponent, a sign), read through `f64`.
fn plain_unix_time(text: &str) -> Option<Option<Timestamp>> {
    let whole_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if whole_digits == 0 || whole_digits > 17 {
        return None;
    }
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let whole = cursor.digits(whole_digits)?;
    // `1756812511.` has a point and no fraction: no milliseconds.
    let fraction = match cursor.eat(b'.') {
        true => cursor.fraction_millis().unwrap_or(0),
        false => 0,
    };
    if !cursor.done() {
        return None;
    }
    let millis = if whole < 100_000_000_000 {
        whole * 1000 + fraction
    } else if whole < 100_000_000_000_000 {
        whole
    } else {
        whole / 1000
    };
    Some(Timestamp::checked(millis))
}

/// A small cursor over the ASCII of an ISO 8601 time.
struct Cursor<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn digits(&mut self, count: usize) -> Option<i64> {
        let mut value = 0i64;
        for _ in 0..count {
            let digit = self.peek().filter(u8::is_ascii_digit)?;
            value = value * 10 + i64::from(digit - b'0');
            self.at += 1;
        }
        Some(value)
    }

    /// Milliseconds of a fraction of any length (cut after three digits).
    fn fraction_millis(&mut self) -> Option<i64> {
        let start = self.at;
        let mut millis = 0i64;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start < 3 {
                millis = millis * 10 + i64::from(digit - b'0');
            }
            self.at += 1;
        }
        let length = self.at - start;
        match length {
            0 => None,
            1 => Some(millis * 100),
            2 => Some(millis * 10),
            _ => Some(millis),
        }
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

fn parse_iso(text: &str) -> Option<Timestamp> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let year = c.digits(4)?;
    c.eat(b'-').then_some(())?;
    let month = c.digits(2)?;
    c.eat(b'-').then_some(())?;
    let day = c.digits(2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date_millis = date_millis(year, month, day);
    if c.done() {
        return Timestamp::checked(date_millis);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    c.eat(b':').then_some(())?;
    let minute = c.digits(2)?;
    let mut second = 0;
    let mut millis = 0;
    if c.eat(b':') {
        second = c.digits(2)?;
        if c.eat(b'.') || c.eat(b',') {
            millis = c.fraction_millis()?;
        }
    }
    // A leap second (:60) is read as the last millisecond of its minute.
    if second == 60 {
        second = 59;
        millis = 999;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset_minutes = zone_offset_minutes(&mut c)?;
    if !c.done() {
        return None;
    }
    let local = date_millis + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    Timestamp::checked(local - offset_minutes * 60_000)
}

/// The zone designator: `Z`, `±HH:MM`, `±HHMM`, `±HH`, or none (UTC).
fn zone_offset_minutes(c: &mut Cursor<'_>) -> Option<i64> {
    if c.done() {
        return Some(0);
    }
    if c.eat(b'Z') || c.eat(b'z') {
        return Some(0);
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return None;
    };
    let hours = c.digits(2)?;
    let minutes = if c.done() {
        0
    } else {
        c.eat(b':');
        c.digits(2)?
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), in 32-bit
/// arithmetic (wasm divides an i32 by a constant with a multiplication, an i64 with a division).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400).unsigned_abs();
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // A day of an era is below 146,097.
    era * 146_097 + day_of_era as i32 - 719_468
}

/// Milliseconds from 1970-01-01 to the start of a date read as numbers: a year of 0..=9999, and
/// a month and day its callers checked, so that the casts keep every value.
fn date_millis(year: i64, month: i64, day: i64) -> i64 {
    i64::from(days_from_civil(year as i32, month as u32, day as u32)) * 86_400_000
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]), of a year from 0.
fn civil_from_days(days: i32) -> (u32, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097).unsigned_abs();
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    // A year from 0 (the era of 0000-01-01 is -1 with a year of era 399, its month 1).
    let year = era * 400 + year_of_era as i32 + i32::from(month <= 2);
    (year.unsigned_abs(), month, day)
}

#[cfg(test)]
mod tests {

    #[test]
    fn rfc_2822_times() {
        let read = |text: &str| parse_text(text).map(|t| t.text());
        assert_eq!(
            read("Wed, 08 Oct 2025 13:54:12 +0000").as_deref(),
            Some("2025-10-08T13:54:12.000Z")
        );
        assert_eq!(
            read("Tue, 2 Jan 1989 23:02:43 -0500").as_deref(),
            Some("1989-01-03T04:02:43.000Z")
        );
        assert_eq!(
            read("8 Oct 2025 13:54 GMT").as_deref(),
            Some("2025-10-08T13:54:00.000Z")
        );
        for bad in [
            "Wed, 31 Feb 2025 10:00:00 +0000",
            "08 Oct 2025",
            "08 Foo 2025 10:00:00",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
    use super::*;

    fn text(input: &str) -> Option<String> {
        parse_text(input).map(|t| t.text())
    }

    #[test]
    fn iso_forms_vendors_send() {
        let cases = [
            ("2024-09-13T17:04:03.515Z", "2024-09-13T17:04:03.515Z"),
            ("2025-01-15T10:30:00.000000Z", "2025-01-15T10:30:00.000Z"),
            ("2025-01-15T10:30:00.123999Z", "2025-01-15T10:30:00.123Z"),
            ("2026-02-21T18:30:00Z", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21T20:30:00+02:00", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21T13:00:00-0530", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21T19:30:00+01", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21 18:30:00", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21T18:30", "2026-02-21T18:30:00.000Z"),
            ("2026-02-21T18:30:00.5Z", "2026-02-21T18:30:00.500Z"),
            ("2026-02-21", "2026-02-21T00:00:00.000Z"),
            ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"),
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z"),
            ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"),
            ("  2026-02-21T18:30:00Z ", "2026-02-21T18:30:00.000Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(input).as_deref(), Some(expected), "{input}");
        }
        // A JSON number with an exponent is read through f64.
        let exponent = parse_number("1.7568125113e9").map(Timestamp::text);
        assert_eq!(exponent.as_deref(), Some("2025-09-02T11:28:31.300Z"));
        assert_eq!(parse_number("100000000000000000"), None);
    }

    #[test]
    fn unix_times_by_magnitude() {
        let cases = [
            ("1756812511.315143", "2025-09-02T11:28:31.315Z"),
            ("1756812511", "2025-09-02T11:28:31.000Z"),
            ("1756812511315", "2025-09-02T11:28:31.315Z"),
            ("1756812511315143", "2025-09-02T11:28:31.315Z"),
            ("0", "1970-01-01T00:00:00.000Z"),
            // Cut below the millisecond, exactly (in f64, 1.005 * 1000 is 1004.99…).
            ("1.005", "1970-01-01T00:00:01.005Z"),
            ("1756812511.9999999", "2025-09-02T11:28:31.999Z"),
            ("1756812511.3", "2025-09-02T11:28:31.300Z"),
            ("1756812511.", "2025-09-02T11:28:31.000Z"),
            ("1756812511315.9", "2025-09-02T11:28:31.315Z"),
            ("1756812511315143.9", "2025-09-02T11:28:31.315Z"),
            ("99999999999.9999999", "5138-11-16T09:46:39.999Z"),
            (".5", "1970-01-01T00:00:00.500Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_number(input).map(|t| t.text()).as_deref(),
                Some(expected),
                "{input}"
            );
            assert_eq!(text(input).as_deref(), Some(expected), "{input}");
        }
    }

    #[test]
    fn not_times() {
        for input in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-09-31T00:00:00Z",
            "2024-09-13T24:00:00Z",
            "2024-09-13T17:60:00Z",
            "2024-09-13T17:04:03.Z",
            "2024-09-13T17:04:03Zjunk",
            "2024-09-13T17:04:03+25:00",
            "2024-9-13",
            "13/09/2024",
            "1e400",
            "-5",
            "1.2.3",
            "99999999999999999999",
        ] {
            assert_eq!(text(input), None, "{input}");
        }
        assert_eq!(parse_number("-1"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn text_in_the_written_form_reads_back_as_itself() {
        let mut millis = MIN_MILLIS;
        while millis <= MAX_MILLIS {
            let text = Timestamp(millis).text();
            assert!(written_fields(&text).is_some(), "{text}");
            // Its fixed places read as the general reader reads it.
            assert_eq!(parse_written(&text), parse_iso(&text), "{text}");
            assert_eq!(parse_text(&text).map(|t| t.text()), Some(text));
            millis += 7_777_777_777_777;
        }
        for text in [
            "2024-09-13T17:04:03.515Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
        ] {
            assert!(written_fields(text).is_some());
            assert_eq!(parse_text(text).map(|t| t.text()).as_deref(), Some(text));
        }
        // Read as another text, or not in the form at all.
        for text in [
            "2016-12-31T23:59:60.000Z",
            "2024-09-13T17:04:03.515z",
            "2024-09-13t17:04:03.515Z",
            "2024-09-13T17:04:03.5150Z",
            "2024-09-13T17:04:03.515+00:00",
            "2024-09-13 17:04:03.515Z",
            " 2024-09-13T17:04:03.515Z",
            "2024-09-13T17:04:03,515Z",
        ] {
            assert!(written_fields(text).is_none(), "{text}");
        }
    }

    #[test]
    fn written_times_are_told_as_reading_them_would() {
        for text in [
            "2024-09-13T17:04:03.515Z",
            "2024-02-29T00:00:00.000Z",
            "2023-02-29T00:00:00.000Z",
            "2000-02-29T12:00:00.000Z",
            "1900-02-29T12:00:00.000Z",
            "2024-04-31T00:00:00.000Z",
            "2024-04-30T23:59:59.999Z",
            "2024-00-10T00:00:00.000Z",
            "2024-13-10T00:00:00.000Z",
            "2024-01-00T00:00:00.000Z",
            "2024-01-32T00:00:00.000Z",
            "2024-01-01T24:00:00.000Z",
            "2024-01-01T23:60:00.000Z",
            "2024-01-01T23:59:60.000Z",
            "2024-01-01T23:59:61.000Z",
            "0000-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2024-09-13T17:04:03Z",
            "2024-09-13",
        ] {
            let reads_back = parse_text(text).map(|t| t.text()).as_deref() == Some(text);
            assert_eq!(is_written_time(text), reads_back, "{text}");
        }
    }

    #[test]
    fn calendar_round_trips_over_every_year_rfc3339_can_write() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(0, 1, 1), -DAYS_FROM_MIN_TO_EPOCH);
        assert_eq!(civil_from_days(-DAYS_FROM_MIN_TO_EPOCH), (0, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        let mut days = days_from_civil(0, 1, 1);
        let end = days_from_civil(9999, 12, 31);
        while days <= end {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y as i32, m, d), days);
            days += 1;
        }
    }

    #[test]
    fn the_edges_of_what_rfc3339_can_write() {
        assert_eq!(
            text("9999-12-31T23:59:59.999Z").as_deref(),
            Some("9999-12-31T23:59:59.999Z")
        );
        assert_eq!(
            text("0000-01-01T00:00:00Z").as_deref(),
            Some("0000-01-01T00:00:00.000Z")
        );
        assert_eq!(text("9999-12-31T23:59:59-01:00"), None);
        assert_eq!(text("0000-01-01T00:00:00+01:00"), None);
    }

    #[test]
    fn seconds_between() {
        let a = parse_text("2026-05-08T07:51:58.813Z").unwrap();
        let b = parse_text("2026-05-08T07:52:48.164Z").unwrap();
        assert_eq!(a.seconds_until(b), 49.351);
        assert!(a < b);
    }
}
