//! Reading the JSON the JavaScript side sends: options, header pairs, methods, clocks.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{as_array, as_bool, as_f64, as_str, is_null, Value};
use crate::method::is_token;
use crate::policy::{number, OptionError, RetryPolicy, MS, STATUS};
use crate::profiles::Profile;
use crate::text::exact_index;

/// JSON text for the caller, or the message of the `TypeError` to throw.
pub type Reply = Result<String, Fault>;

/// A call that wrote its JSON into the caller's `String`, or the message of the `TypeError`
/// to throw: one pointer, returned in a register (a [`Reply`] goes through memory).
pub type Done = Result<(), Fault>;

/// The message of the `TypeError` a call throws. Boxed: every `?` between a reader and the
/// call moves one pointer instead of a `String`'s three words, which costs less wasm.
#[derive(Debug, PartialEq, Eq)]
#[allow(clippy::box_collection)] // the box is the point: a thin pointer to move
pub struct Fault(Box<String>);

impl From<String> for Fault {
    fn from(message: String) -> Fault {
        Fault(Box::new(message))
    }
}

impl From<&str> for Fault {
    fn from(message: &str) -> Fault {
        Fault::from(String::from(message))
    }
}

impl Fault {
    /// The message itself.
    pub fn into_message(self) -> String {
        *self.0
    }
}

impl core::ops::Deref for Fault {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl core::fmt::Display for Fault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The message "faultline: `field` `problem`".
pub fn bad(field: &str, problem: &'static str) -> Fault {
    Fault::from(OptionError::new(field, problem).message())
}

/// The call's input; the JavaScript side always sends an array of its arguments.
pub fn parse(text: &str) -> Result<Value, Fault> {
    Ok(crate::json::parse(text).ok_or(UNREADABLE)?)
}

/// Input that is not JSON: never from the package's JavaScript half.
pub const UNREADABLE: &str = "faultline: internal: unreadable input";

/// Item `i` of the array `v` (a call's arguments, or a group of them), treating `null` as
/// absent: the JavaScript side sends each argument at its place, `null` for one not given.
pub fn at(v: &Value, i: usize) -> Option<&Value> {
    as_array(v)?.get(i).filter(|x| !is_null(x))
}

/// True when `v[i]` is `true` (a flag the JavaScript side sets).
pub fn yes(v: &Value, i: usize) -> bool {
    matches!(at(v, i), Some(Value::Bool(true)))
}

/// The text at `v[i]`, or `""` when it is absent or not a string.
pub fn text_of(v: &Value, i: usize) -> &str {
    at(v, i).and_then(as_str).unwrap_or("")
}

/// Rejects an options object whose own keys (sent as the call's second argument) include
/// one not in `known` (names separated by `|`: one string, no table of pointers). A
/// non-object in place of the options arrives as `0`, with `what` itself reported.
pub fn check_keys(v: &Value, what: &str, known: &str) -> Result<(), Fault> {
    if let Some(k) = at(v, 1) {
        for key in as_array(k)
            .ok_or_else(|| bad(what, "must be an object"))?
            .iter()
            .filter_map(as_str)
        {
            if exact_index(key, known).is_none() {
                return Err(Fault::from(OptionError::unknown(what, key).message()));
            }
        }
    }
    Ok(())
}

/// A boolean option, `v[i]`, into `out` (left as it is when absent).
pub fn flag(v: &Value, i: usize, what: &str, out: &mut bool) -> Done {
    if let Some(x) = at(v, i) {
        *out = as_bool(x).ok_or_else(|| bad(what, "must be a boolean"))?;
    }
    Ok(())
}

/// The request method at `v[i]`, upper-cased into `out`; `GET` when absent.
pub fn method(v: &Value, i: usize, out: &mut String) -> Done {
    let m = match at(v, i) {
        None => "GET",
        Some(m) => as_str(m)
            .filter(|m| is_token(m))
            .ok_or_else(|| bad("method", "must be an HTTP method name such as \"GET\""))?,
    };
    out.push_str(m);
    out.make_ascii_uppercase();
    Ok(())
}

/// Header pairs, sent as `[[name, value], …]` (the JavaScript side flattens `Headers`,
/// arrays and plain objects, numbers written as JS writes them), borrowed from the input.
/// Names are checked the way `Headers` checks them.
pub fn header_pairs<'a>(v: Option<&'a Value>, what: &str, out: &mut Pairs<'a>) -> Done {
    let Some(v) = v else {
        return Ok(());
    };
    let problem = 'bad: {
        let Some(entries) = as_array(v) else {
            break 'bad "must be a Headers object, an array of [name, value] pairs or a plain object";
        };
        for entry in entries {
            let (Some(name), Some(value)) =
                (at(entry, 0).and_then(as_str), at(entry, 1).and_then(as_str))
            else {
                break 'bad "must map header names to string values";
            };
            if !is_token(name) {
                break 'bad "has a header name that is not a valid HTTP token";
            }
            out.push((name, value));
        }
        return Ok(());
    };
    Err(bad(what, problem))
}

/// Header pairs as the core takes them.
pub type Pairs<'a> = Vec<(&'a str, &'a str)>;

/// A clock in ms since the epoch (the JavaScript side sends `Date.now()` when absent and
/// turns a `Date` into its time).
pub fn clock(v: Option<&Value>, what: &str, out: &mut u64) -> Done {
    match v.map(|v| number(v, &MS)) {
        Some(Ok(n)) => {
            *out = n as u64;
            Ok(())
        }
        _ => Err(bad(
            what,
            "must be a time in ms since the epoch (or a Date)",
        )),
    }
}

/// The number at `v[i]` the JavaScript side computed itself, never the caller's: a seed it
/// drew (a safe integer, for jitter when the policy fixes none) or the time (`Date.now()`).
#[inline(never)]
pub fn own(v: &Value, i: usize) -> u64 {
    at(v, i).and_then(as_f64).map_or(0, |s| s as u64)
}

/// A status from 100 to 599.
pub fn status(v: Option<&Value>) -> Option<u16> {
    Some(number(v?, &STATUS).ok()? as u16)
}

/// `profile` (a name or an object) and `retry` (a policy object; absent or `false` for the
/// defaults) into a profile and the policy it shapes: defaults, the profile's, the caller's.
/// Boxed: both are large, and moving them through `Result`s costs code.
pub fn setup(profile: Option<&Value>, retry: Option<&Value>, out: &mut Setup) -> Done {
    read_setup(profile, retry, out).map_err(|e| Fault::from(e.message()))
}

/// The defaults, before [`setup`] reads into them.
#[inline(never)]
pub fn fresh() -> Box<Setup> {
    Box::new((Profile::default(), RetryPolicy::default()))
}

/// A profile and the policy it shapes.
pub type Setup = (Profile, RetryPolicy);

/// [`setup`] in place: both are large, and moving them through `Result`s costs code.
fn read_setup(
    profile: Option<&Value>,
    retry: Option<&Value>,
    (p, policy): &mut (Profile, RetryPolicy),
) -> Result<(), OptionError> {
    if let Some(v) = profile {
        p.read_option(v)?;
    }
    p.apply_to(policy);
    if let Some(r) = retry.filter(|r| as_bool(r) != Some(false)) {
        policy.merge_json(r)?;
    }
    Ok(())
}
