//! Retry-After, RateLimit and X-RateLimit parsing, against the public API.

use faultline::headers::{
    parse_http_date, parse_http_date_at, parse_retry_after, reset_value_ms, retry_after_ms,
    server_wait, ServerWait, WaitSource, MAX_WAIT_MS,
};
use proptest::prelude::*;

/// 2023-11-14T22:13:20Z.
const NOW: u64 = 1_700_000_000_000;
/// 1994-11-06T08:49:37Z, the RFC's example date.
const RFC_EXAMPLE_MS: u64 = 784_111_777_000;

#[test]
fn http_date_forms() {
    let cases: &[(&str, &str, Option<u64>)] = &[
        (
            "imf_fixdate",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "rfc850",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            Some(RFC_EXAMPLE_MS),
        ),
        ("asctime", "Sun Nov  6 08:49:37 1994", Some(RFC_EXAMPLE_MS)),
        (
            "asctime_two_digit_day",
            "Sun Nov 06 08:49:37 1994",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "lower_case_names",
            "sun, 06 nov 1994 08:49:37 gmt",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "extra_whitespace",
            "  Sun,   06  Nov 1994   08:49:37 GMT ",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "utc_for_gmt",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "long_weekday_in_imf",
            "Sunday, 06 Nov 1994 08:49:37 GMT",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "rfc850_four_digit_year",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            Some(RFC_EXAMPLE_MS),
        ),
        (
            "mismatched_weekday_is_ignored",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            Some(RFC_EXAMPLE_MS),
        ),
        ("epoch", "Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
        (
            "leap_day",
            "Thu, 29 Feb 2024 00:00:00 GMT",
            Some(1_709_164_800_000),
        ),
        (
            "leap_second_rolls_over",
            "Sat, 31 Dec 2016 23:59:60 GMT",
            Some(1_483_228_800_000),
        ),
        (
            "year_9999",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            Some(253_402_300_799_000),
        ),
        ("feb_30", "Thu, 30 Feb 2023 00:00:00 GMT", None),
        ("feb_29_not_leap", "Wed, 29 Feb 2023 00:00:00 GMT", None),
        ("feb_29_1900_rule", "Thu, 29 Feb 2100 00:00:00 GMT", None),
        ("day_zero", "Sun, 00 Nov 1994 08:49:37 GMT", None),
        ("hour_25", "Sun, 06 Nov 1994 25:49:37 GMT", None),
        ("minute_60", "Sun, 06 Nov 1994 08:60:37 GMT", None),
        ("second_61", "Sun, 06 Nov 1994 08:49:61 GMT", None),
        ("bad_weekday", "Sux, 06 Nov 1994 08:49:37 GMT", None),
        ("bad_month", "Sun, 06 Nox 1994 08:49:37 GMT", None),
        ("other_zone", "Sun, 06 Nov 1994 08:49:37 PST", None),
        ("numeric_zone", "Sun, 06 Nov 1994 08:49:37 +0000", None),
        ("missing_zone", "Sun, 06 Nov 1994 08:49:37", None),
        ("trailing_garbage", "Sun, 06 Nov 1994 08:49:37 GMT x", None),
        ("before_1970", "Wed, 31 Dec 1969 23:59:59 GMT", None),
        ("five_digit_year", "Sun, 06 Nov 19940 08:49:37 GMT", None),
        ("two_digit_year_in_imf", "Sun, 06 Nov 94 08:49:37 GMT", None),
        (
            "asctime_trailing_zone",
            "Sun Nov  6 08:49:37 1994 GMT",
            None,
        ),
        ("iso_8601", "1994-11-06T08:49:37Z", None),
        ("empty", "", None),
        ("only_comma", ",", None),
        ("negative_day", "Sun, -6 Nov 1994 08:49:37 GMT", None),
        ("signed_time", "Sun, 06 Nov 1994 +8:49:37 GMT", None),
    ];
    for (name, value, want) in cases {
        assert_eq!(parse_http_date(value), *want, "{name}: {value:?}");
    }
}

#[test]
fn rfc850_two_digit_year_by_the_fifty_year_rule() {
    let year_2026 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
    let cases: &[(&str, &str, u64, u64)] = &[
        (
            "94_is_1994_in_2026",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            year_2026,
            1994,
        ),
        (
            "30_is_2030_in_2026",
            "Wednesday, 06-Nov-30 08:49:37 GMT",
            year_2026,
            2030,
        ),
        (
            "76_is_2076_at_exactly_50_years",
            "Friday, 06-Nov-76 08:49:37 GMT",
            year_2026,
            2076,
        ),
        (
            "77_is_1977_past_50_years",
            "Sunday, 06-Nov-77 08:49:37 GMT",
            year_2026,
            1977,
        ),
        (
            "69_is_1969_rejected_in_1990",
            "Thursday, 06-Nov-69 08:49:37 GMT",
            631_152_000_000,
            0,
        ),
        (
            "30_is_1930_rejected_in_1975",
            "Thursday, 06-Nov-30 08:49:37 GMT",
            157_766_400_000,
            0,
        ),
    ];
    for (name, value, now, year) in cases {
        let got = parse_http_date_at(value, *now);
        let want_year = if *year == 0 { None } else { Some(*year) };
        assert_eq!(got.map(year_of), want_year, "{name}");
    }
    // Without a clock, POSIX %y: 69..=99 -> 19xx, 00..=68 -> 20xx.
    assert_eq!(
        parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").map(year_of),
        Some(1994)
    );
    assert_eq!(
        parse_http_date("Monday, 06-Nov-68 08:49:37 GMT").map(year_of),
        Some(2068)
    );
}

fn year_of(ms: u64) -> u64 {
    // Good enough for whole years 1970..2100 in a test: count days.
    let mut days = ms / 86_400_000;
    let mut year = 1970;
    loop {
        let len = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
            366
        } else {
            365
        };
        if days < len {
            return year;
        }
        days -= len;
        year += 1;
    }
}

#[test]
fn retry_after_values() {
    let cases: &[(&str, &str, Option<u64>)] = &[
        ("delta_seconds", "120", Some(120_000)),
        ("zero", "0", Some(0)),
        ("leading_zeros", "007", Some(7_000)),
        ("surrounding_whitespace", "  5 ", Some(5_000)),
        (
            "date_in_future",
            "Tue, 14 Nov 2023 22:13:50 GMT",
            Some(30_000),
        ),
        ("date_now", "Tue, 14 Nov 2023 22:13:20 GMT", Some(0)),
        (
            "date_in_past_is_zero",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            Some(0),
        ),
        (
            "asctime_in_future",
            "Tue Nov 14 22:14:20 2023",
            Some(60_000),
        ),
        (
            "rfc850_in_future",
            "Tuesday, 14-Nov-23 22:14:20 GMT",
            Some(60_000),
        ),
        ("combined_deltas_take_largest", "2, 3", Some(3_000)),
        ("combined_deltas_any_order", "30,2", Some(30_000)),
        (
            "combined_dates",
            "Tue, 14 Nov 2023 22:13:30 GMT, Tue, 14 Nov 2023 22:13:40 GMT",
            Some(20_000),
        ),
        (
            "combined_date_and_delta",
            "Tue, 14 Nov 2023 22:13:30 GMT, 25",
            Some(25_000),
        ),
        ("combined_skips_invalid_member", "abc, 4", Some(4_000)),
        ("combined_all_invalid", "abc, -1", None),
        ("huge_delta_clamps", "99999999999", Some(MAX_WAIT_MS)),
        ("u64_max_clamps", "18446744073709551615", Some(MAX_WAIT_MS)),
        ("beyond_u64_is_nonsense", "18446744073709551616", None),
        (
            "far_future_date_clamps",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            Some(MAX_WAIT_MS),
        ),
        ("negative", "-1", None),
        ("plus_sign", "+5", None),
        ("fraction", "1.5", None),
        ("exponent", "1e3", None),
        ("hex", "0x10", None),
        ("nan", "NaN", None),
        ("infinity", "Infinity", None),
        ("empty", "", None),
        ("blank", "   ", None),
        ("unit_suffix", "5s", None),
        ("inner_space", "1 0", None),
        ("unicode_digits", "\u{0665}", None),
        ("fullwidth_digits", "\u{FF15}", None),
        ("nul", "\0", None),
        ("garbage", "soon", None),
        ("out_of_range_date", "Sun, 32 Nov 1994 08:49:37 GMT", None),
        ("lone_weekday", "Sun,", None),
    ];
    for (name, value, want) in cases {
        assert_eq!(parse_retry_after(value, NOW), *want, "{name}: {value:?}");
    }
}

#[test]
fn reset_values_told_apart_by_size() {
    let cases: &[(&str, &str, Option<u64>)] = &[
        ("delta_seconds", "30", Some(30_000)),
        ("fractional_delta", "1.234", Some(1_234)),
        ("fraction_rounds_up", "0.0001", Some(1)),
        (
            "just_below_epoch_is_delta_and_clamps",
            "999999999",
            Some(MAX_WAIT_MS),
        ),
        ("epoch_seconds", "1700000060", Some(60_000)),
        ("epoch_seconds_past", "1600000000", Some(0)),
        ("epoch_seconds_fractional", "1700000000.5", Some(500)),
        ("epoch_millis", "1700000090000", Some(90_000)),
        ("epoch_millis_past", "1600000000000", Some(0)),
        ("epoch_micros_is_nonsense", "1700000000000000", None),
        ("negative", "-30", None),
        ("trailing_dot", "30.", None),
        ("leading_dot", ".5", None),
        ("two_dots", "1.2.3", None),
        ("exponent", "3e1", None),
        ("empty", "", None),
    ];
    for (name, value, want) in cases {
        assert_eq!(reset_value_ms(value, NOW), *want, "{name}: {value:?}");
    }
}

fn wait(ms: u64, source: WaitSource) -> Option<ServerWait> {
    Some(ServerWait { ms, source })
}

/// (name, headers, expected wait).
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<ServerWait>,
);

#[test]
fn server_wait_from_headers() {
    use WaitSource::{RateLimit as RL, RetryAfter as RA};
    let cases: &[Case] = &[
        ("no_headers", &[], None),
        ("unrelated_headers", &[("content-type", "text/plain")], None),
        ("retry_after", &[("Retry-After", "5")], wait(5_000, RA)),
        (
            "name_case_insensitive",
            &[("rEtRy-AfTeR", "5")],
            wait(5_000, RA),
        ),
        (
            "repeated_name_takes_largest",
            &[("retry-after", "5"), ("retry-after", "9")],
            wait(9_000, RA),
        ),
        (
            "repeated_with_one_invalid",
            &[("retry-after", "x"), ("retry-after", "9")],
            wait(9_000, RA),
        ),
        (
            "retry_after_beats_ratelimit",
            &[("RateLimit", "\"d\";r=0;t=50"), ("Retry-After", "5")],
            wait(5_000, RA),
        ),
        (
            "retry_after_counts_with_remaining",
            &[("Retry-After", "5"), ("X-RateLimit-Remaining", "10")],
            wait(5_000, RA),
        ),
        (
            "invalid_retry_after_falls_through",
            &[("Retry-After", "soon"), ("X-RateLimit-Reset", "7")],
            wait(7_000, RL),
        ),
        (
            "ietf_list_exhausted",
            &[("RateLimit", "\"default\";r=0;t=30")],
            wait(30_000, RL),
        ),
        (
            "ietf_token_key",
            &[("RateLimit", "default;r=0;t=30")],
            wait(30_000, RL),
        ),
        (
            "ietf_remaining_left_is_no_wait",
            &[("RateLimit", "\"default\";r=5;t=30")],
            None,
        ),
        (
            "ietf_largest_exhausted_member",
            &[("RateLimit", "\"burst\";r=0;t=5, \"daily\";r=0;t=600")],
            wait(600_000, RL),
        ),
        (
            "ietf_only_exhausted_members",
            &[("RateLimit", "\"burst\";r=0;t=5, \"daily\";r=100;t=600")],
            wait(5_000, RL),
        ),
        (
            "ietf_param_order_and_spaces",
            &[("RateLimit", "\"a\"; t=12 ;r=0")],
            wait(12_000, RL),
        ),
        (
            "ietf_quoted_comma_in_name",
            &[("RateLimit", "\"a,b\";r=0;t=8")],
            wait(8_000, RL),
        ),
        (
            "ietf_missing_t_uses_policy_window",
            &[
                ("RateLimit", "\"day\";r=0"),
                ("RateLimit-Policy", "\"day\";q=1000;w=86400"),
            ],
            wait(86_400_000, RL),
        ),
        (
            "ietf_missing_t_no_policy",
            &[("RateLimit", "\"day\";r=0")],
            None,
        ),
        (
            "ietf_policy_alone_is_no_wait",
            &[("RateLimit-Policy", "\"burst\";q=100;w=60")],
            None,
        ),
        ("ietf_bad_t", &[("RateLimit", "\"a\";r=0;t=-5")], None),
        (
            "ietf_draft07_dictionary",
            &[("RateLimit", "limit=10, remaining=0, reset=20")],
            wait(20_000, RL),
        ),
        (
            "ietf_draft07_remaining_left",
            &[("RateLimit", "limit=10, remaining=3, reset=20")],
            None,
        ),
        (
            "old_draft_reset",
            &[("RateLimit-Reset", "15"), ("RateLimit-Remaining", "0")],
            wait(15_000, RL),
        ),
        (
            "old_draft_reset_without_remaining",
            &[("RateLimit-Reset", "15")],
            wait(15_000, RL),
        ),
        (
            "old_draft_reset_with_remaining_left",
            &[("RateLimit-Reset", "15"), ("RateLimit-Remaining", "2")],
            None,
        ),
        (
            "ietf_field_beats_old_draft",
            &[("RateLimit-Reset", "15"), ("RateLimit", "\"d\";r=0;t=3")],
            wait(3_000, RL),
        ),
        (
            "x_reset_delta",
            &[("X-RateLimit-Reset", "42"), ("X-RateLimit-Remaining", "0")],
            wait(42_000, RL),
        ),
        (
            "x_reset_epoch_github",
            &[
                ("x-ratelimit-reset", "1700000120"),
                ("x-ratelimit-remaining", "0"),
            ],
            wait(120_000, RL),
        ),
        (
            "x_reset_epoch_millis",
            &[("x-ratelimit-reset", "1700000001500")],
            wait(1_500, RL),
        ),
        (
            "x_reset_remaining_left",
            &[
                ("X-RateLimit-Reset", "1700000120"),
                ("X-RateLimit-Remaining", "4999"),
            ],
            None,
        ),
        (
            "x_reset_garbled_remaining_counts_as_absent",
            &[
                ("X-RateLimit-Reset", "9"),
                ("X-RateLimit-Remaining", "lots"),
            ],
            wait(9_000, RL),
        ),
        (
            "x_reset_combined_remaining_takes_least",
            &[
                ("X-RateLimit-Reset", "9"),
                ("X-RateLimit-Remaining", "5, 0"),
            ],
            wait(9_000, RL),
        ),
        (
            "discord_reset_after",
            &[
                ("X-RateLimit-Reset-After", "1.234"),
                ("X-RateLimit-Remaining", "0"),
            ],
            wait(1_234, RL),
        ),
        (
            "reset_after_beats_reset",
            &[
                ("X-RateLimit-Reset", "1700000120"),
                ("X-RateLimit-Reset-After", "2.5"),
            ],
            wait(2_500, RL),
        ),
        (
            "twitter_epoch",
            &[
                ("x-rate-limit-reset", "1700000030"),
                ("x-rate-limit-remaining", "0"),
            ],
            wait(30_000, RL),
        ),
        (
            "twitter_remaining_left",
            &[
                ("x-rate-limit-reset", "1700000030"),
                ("x-rate-limit-remaining", "14"),
            ],
            None,
        ),
        (
            "x_retry_after_counts_with_remaining",
            &[
                ("X-RateLimit-Retry-After", "3"),
                ("X-RateLimit-Remaining", "9"),
            ],
            wait(3_000, RL),
        ),
        (
            "x_reset_past_epoch_is_zero",
            &[("X-RateLimit-Reset", "1600000000")],
            wait(0, RL),
        ),
        (
            "x_reset_huge_clamps",
            &[("X-RateLimit-Reset", "999999999")],
            wait(MAX_WAIT_MS, RL),
        ),
        (
            "x_reset_nonsense",
            &[("X-RateLimit-Reset", "99999999999999999999999")],
            None,
        ),
        ("x_reset_negative", &[("X-RateLimit-Reset", "-5")], None),
        ("x_reset_nan", &[("X-RateLimit-Reset", "NaN")], None),
        (
            "hostile_long_value",
            &[(
                "Retry-After",
                "9999999999999999999999999999999999999999999999",
            )],
            None,
        ),
        (
            "hostile_quotes",
            &[("RateLimit", "\"\"\"\";;;r=0;t=1,,,\"")],
            wait(1_000, RL),
        ),
        (
            "hostile_unterminated_quote",
            &[("RateLimit", "\"a;r=0;t=1")],
            wait(1_000, RL),
        ),
        ("hostile_only_separators", &[("RateLimit", ";;==,,")], None),
    ];
    for (name, headers, want) in cases {
        assert_eq!(server_wait(headers, NOW), *want, "{name}");
        assert_eq!(retry_after_ms(headers, NOW), want.map(|w| w.ms), "{name}");
    }
}

#[test]
fn wait_source_names() {
    assert_eq!(WaitSource::RetryAfter.as_str(), "retry-after");
    assert_eq!(WaitSource::RateLimit.as_str(), "rate-limit");
}

proptest! {
    #[test]
    fn parsers_never_panic_and_stay_in_range(value in any::<String>(), now in any::<u64>()) {
        prop_assert!(parse_retry_after(&value, now).is_none_or(|ms| ms <= MAX_WAIT_MS));
        prop_assert!(reset_value_ms(&value, now).is_none_or(|ms| ms <= MAX_WAIT_MS));
        let _ = parse_http_date(&value);
        let _ = parse_http_date_at(&value, now);
    }

    #[test]
    fn server_wait_never_panics_on_arbitrary_headers(
        pairs in proptest::collection::vec(
            (prop_oneof![
                Just("Retry-After".to_string()), Just("RateLimit".to_string()), Just("RateLimit-Policy".to_string()),
                Just("RateLimit-Reset".to_string()), Just("RateLimit-Remaining".to_string()),
                Just("X-RateLimit-Reset".to_string()), Just("X-RateLimit-Remaining".to_string()),
                Just("X-RateLimit-Reset-After".to_string()), Just("X-Rate-Limit-Reset".to_string()),
                Just("X-RateLimit-Retry-After".to_string()), any::<String>(),
            ], any::<String>()),
            0..6,
        ),
        now in any::<u64>(),
    ) {
        let headers: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        prop_assert!(server_wait(&headers, now).is_none_or(|w| w.ms <= MAX_WAIT_MS));
    }

    #[test]
    fn structured_looking_values_never_panic(value in "[\"a-z0-9;=, .\\-]{0,40}", now in any::<u64>()) {
        let headers = [("RateLimit", value.as_str()), ("RateLimit-Policy", value.as_str()), ("Retry-After", value.as_str())];
        prop_assert!(server_wait(&headers, now).is_none_or(|w| w.ms <= MAX_WAIT_MS));
    }

    #[test]
    fn delta_seconds_round_trip(secs in 0u64..=2_147_483) {
        prop_assert_eq!(parse_retry_after(&secs.to_string(), NOW), Some(secs * 1000));
    }

    #[test]
    fn formatted_dates_round_trip(secs in 0u64..253_402_300_800) {
        let s = imf_fixdate(secs);
        prop_assert_eq!(parse_http_date(&s), Some(secs * 1000), "{}", s);
    }
}

/// An IMF-fixdate for `secs` since the epoch, written independently of the parser.
fn imf_fixdate(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut days = secs / 86_400;
    let weekday = DAYS[(days % 7) as usize];
    let mut year = 1970;
    loop {
        let len = if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
            366
        } else {
            365
        };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let lens = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while days >= lens[month] {
        days -= lens[month];
        month += 1;
    }
    let t = secs % 86_400;
    format!(
        "{weekday}, {:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        days + 1,
        MONTHS[month],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}
