//! Vendor profiles: what a vendor's own documents say beyond the default policy.
//!
//! A profile is data: status rules (optionally matched against the body's messages),
//! backoff overrides, retried methods and advice. Users pass their own as an object;
//! [`Profile::from_json`] validates it and names the field that is wrong.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::classify::Action;
use crate::json::{as_str, get, is_null, Value};
use crate::policy::{
    boolean, methods, ms, number, read_members, status, strings, OptionError, RetryPolicy, FACTOR,
};
use crate::status::Permanence;

/// One override for a status, applied when `body_contains` is empty or any of its needles
/// appears (case-insensitively) in one of the body's messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rule {
    pub status: u16,
    pub body_contains: Vec<Cow<'static, str>>,
    pub kind: Option<Cow<'static, str>>,
    pub action: Option<Action>,
    pub permanence: Option<Permanence>,
    pub retryable: Option<bool>,
    pub reason: Option<String>,
    pub advice: Option<String>,
}

/// A vendor profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub name: Cow<'static, str>,
    pub rules: Vec<Rule>,
    /// First backoff delay, growth and cap, when the vendor publishes its own.
    pub base_delay_ms: Option<u64>,
    pub factor: Option<f64>,
    pub max_delay_ms: Option<u64>,
    /// Attempts in all, when the vendor's schedule has a fixed length.
    pub max_attempts: Option<u32>,
    /// The shortest wait after a 429 that sent no Retry-After.
    pub rate_limit_min_wait_ms: Option<u64>,
    /// Methods retried on 5xx, when the vendor says otherwise than RFC 9110 (comma-separated,
    /// as in [`RetryPolicy::methods`]).
    pub methods: Option<String>,
    /// Requests to this API must carry `Authorization` (read by `diagnose`).
    pub needs_auth: bool,
}

/// The default profile: the policy alone. A `const`, so taking a copy costs no clone.
const DEFAULT: Profile = Profile {
    name: Cow::Borrowed("default"),
    rules: Vec::new(),
    base_delay_ms: None,
    factor: None,
    max_delay_ms: None,
    max_attempts: None,
    rate_limit_min_wait_ms: None,
    methods: None,
    needs_auth: false,
};

/// [`DEFAULT`] in one place, for borrowing.
static DEFAULT_REF: Profile = DEFAULT;

/// The names of the built-in profiles.
pub const BUILT_IN: [&str; 3] = ["default", "jira", "jumpcloud"];

/// What a profile option must be.
const NOT_A_PROFILE: &str = "must be \"default\", \"jira\", \"jumpcloud\" or a profile object";

/// Jira Cloud and Data Center, from Atlassian's REST API and rate-limiting documents. The
/// 400 rule: Jira answers anonymous access to a restricted project as if the project did
/// not exist.
const JIRA: &str = r#"{"name":"jira","statuses":{
"400":{"bodyContains":"does not exist for the field 'project'","kind":"unauthorized","action":"reauthenticate","permanence":"permanent","retryable":false,"reason":"Jira hides a restricted project from users without access: this 400 is a permission problem.","advice":"Authenticate as a user who can see the project (Cloud: Basic auth with email and API token; Data Center: Bearer personal access token), or ask for access."},
"401":{"advice":"Re-authenticate (Cloud: Basic auth with email and API token; Data Center: Bearer personal access token). Do not retry blindly: repeated 401s trigger CAPTCHA and lockouts."},
"500":{"advice":"Jira may have partly applied the request (e.g. created an issue not yet indexed): search for it before retrying."},
"503":{"advice":"Jira nodes are busy or down: honour Retry-After before retrying."},
"504":{"advice":"The work may still complete on Jira: check whether it took effect before retrying."},
"429":{"advice":"Jira is rate limiting: wait for Retry-After (or X-RateLimit-Reset), then retry with backoff and jitter."}}}"#;

/// JumpCloud, from its API documentation: it asks clients to back off from 30 s, doubling
/// (30, 60, 120, 240 s), and a blocked IP needs its support.
const JUMPCLOUD: &str = r#"{"name":"jumpcloud","baseDelayMs":30000,"factor":2,"maxDelayMs":240000,"rateLimitMinWaitMs":60000,"statuses":{
"403":{"bodyContains":["ip has been blocked","ip address has been blocked","ip blocked"],"kind":"ip_blocked","action":"contact_support","permanence":"permanent","retryable":false,"reason":"JumpCloud has blocked this IP address; retrying only prolongs the block.","advice":"Stop requests from this IP and ask JumpCloud support to lift the block."},
"401":{"advice":"Check the API key: rotating a JumpCloud key invalidates the old one at once; update every client."},
"402":{"permanence":"permanent","retryable":false,"advice":"Your JumpCloud plan does not cover this feature: check billing with an admin."},
"429":{"advice":"JumpCloud is rate limiting: wait a minute or more before retrying."}}}"#;

impl Profile {
    /// The default profile: the policy alone.
    pub fn default_ref() -> &'static Profile {
        &DEFAULT_REF
    }

    /// A built-in profile by name. The vendors' profiles are written in the profile object
    /// format and read by [`Profile::from_json`]; only JumpCloud's fixed number of attempts,
    /// which profile objects do not take, is set here.
    pub fn named(name: &str) -> Option<Profile> {
        let mut p = DEFAULT;
        p.read_named(name).then_some(p)
    }

    /// [`Profile::named`] into `self`, the default profile; false for an unknown name.
    fn read_named(&mut self, name: &str) -> bool {
        let (text, max_attempts) = match name {
            "default" => return true,
            "jira" => (JIRA, None),
            "jumpcloud" => (JUMPCLOUD, Some(5)),
            _ => return false,
        };
        let read = crate::json::parse(text).is_some_and(|v| self.read(&v).is_ok());
        self.max_attempts = max_attempts;
        read
    }

    /// Puts the profile's backoff and methods into `policy`; the caller's own retry
    /// options are applied after this, so they win.
    pub fn apply_to(&self, policy: &mut RetryPolicy) {
        if let Some(v) = self.base_delay_ms {
            policy.backoff.base_delay_ms = v;
        }
        if let Some(v) = self.factor {
            policy.backoff.factor = v;
        }
        if let Some(v) = self.max_delay_ms {
            policy.backoff.max_delay_ms = v;
        }
        if let Some(v) = self.max_attempts {
            policy.max_attempts = v;
        }
        if let Some(v) = self.rate_limit_min_wait_ms {
            policy.rate_limit_min_wait_ms = v;
        }
        if let Some(methods) = &self.methods {
            policy.methods = Cow::Owned(methods.clone());
        }
    }

    /// Reads the `profile` option: a built-in profile's name, or a profile object, whose
    /// `extends` names the built-in profile to start from (default `"default"`); its rules
    /// come after the user's, so the user's win.
    pub fn from_json(v: &Value) -> Result<Profile, OptionError> {
        let mut p = DEFAULT;
        p.read_option(v)?;
        Ok(p)
    }

    /// [`Profile::from_json`] into `self`, the default profile.
    pub(crate) fn read_option(&mut self, v: &Value) -> Result<(), OptionError> {
        let read = match as_str(v) {
            Some(name) if self.read_named(name) => Ok(()),
            Some(_) => Err(NOT_A_PROFILE.into()),
            None => self.read(v),
        };
        read.map_err(|e| e.under("profile"))
    }

    /// Reads a profile object into `self`, the default profile, which first becomes the
    /// one it extends. Errors name the field below `profile`. (In place: a profile is
    /// large, and moving it through `Result`s costs code.)
    fn read(&mut self, v: &Value) -> Result<(), OptionError> {
        if let Some(e) = get(v, "extends").filter(|e| !is_null(e)) {
            if !as_str(e).is_some_and(|name| self.read_named(name)) {
                return Err(OptionError::new(
                    "extends",
                    "must be \"default\", \"jira\" or \"jumpcloud\"",
                ));
            }
        }
        self.name = Cow::Borrowed("custom");
        // `statuses` rules first, then `rules`, then the base's, whatever the members' order:
        // each goes in after the rules of its kind read so far.
        let (mut keyed, mut listed) = (0, 0);
        read_members(v, PROFILE_KEYS, NOT_A_PROFILE, &mut |i, value| match i {
            8 => read_rules(value, true, &mut self.rules, &mut keyed, 0),
            9 => read_rules(value, false, &mut self.rules, &mut listed, keyed),
            _ => self.set(i, value).map_err(OptionError::from),
        })
    }

    /// Member `i` of [`PROFILE_KEYS`], not `statuses` or `rules` (`extends` has been read).
    fn set(&mut self, i: usize, v: &Value) -> Result<(), &'static str> {
        match i {
            0 => {}
            1 => self.name = Cow::Owned(String::from(as_str(v).ok_or(NOT_A_STRING)?)),
            2 => self.base_delay_ms = Some(ms(v)?),
            3 => self.max_delay_ms = Some(ms(v)?),
            4 => self.rate_limit_min_wait_ms = Some(ms(v)?),
            5 => self.factor = Some(number(v, &FACTOR)?),
            6 => self.methods = Some(methods(v)?),
            _ => self.needs_auth = boolean(v)?,
        }
        Ok(())
    }
}

/// The keys of a profile object, in the order [`Profile::set`] and [`Profile::read`] number
/// them.
const PROFILE_KEYS: &str =
    "extends|name|baseDelayMs|maxDelayMs|rateLimitMinWaitMs|factor|methods|needsAuth|statuses|rules";

impl Default for Profile {
    /// The default profile: the policy alone.
    fn default() -> Profile {
        DEFAULT
    }
}

/// `statuses` (`keyed`: rules keyed by status code) or `rules` (an array of rules, each
/// with its `status`), into `rules` after the `*count` of that kind read so far, which
/// start at `start`.
fn read_rules(
    v: &Value,
    keyed: bool,
    rules: &mut Vec<Rule>,
    count: &mut usize,
    start: usize,
) -> Result<(), OptionError> {
    // One of the two is empty: one loop reads either, with one call site.
    let (statuses, items): (&[(String, Value)], &[Value]) = match v {
        Value::Object(statuses) if keyed => (statuses, &[]),
        Value::Array(items) if !keyed => (&[], items),
        _ if keyed => return Err("must be an object keyed by status code".into()),
        _ => return Err("must be an array of rules".into()),
    };
    let mut i = 0;
    loop {
        let (code, rule) = match (statuses.get(i), items.get(i)) {
            (Some((code, rule)), _) => (Some(code.as_str()), rule),
            (None, Some(rule)) => (None, rule),
            (None, None) => return Ok(()),
        };
        insert_rule(rules, start + *count, rule, code, i)?;
        *count += 1;
        i += 1;
    }
}

/// Reads a rule object into a new rule at `at` in `rules`, in place: a rule is large, and
/// moving it through `Result`s costs code. After an error the half-read rule is left
/// there, and dropped with the profile that fails. Errors name the field below the rule's
/// key `code`, or else its index `i`.
fn insert_rule(
    rules: &mut Vec<Rule>,
    at: usize,
    v: &Value,
    code: Option<&str>,
    i: usize,
) -> Result<(), OptionError> {
    if at <= rules.len() {
        rules.insert(at, Rule::default());
    }
    let Some(rule) = rules.get_mut(at) else {
        return Ok(());
    };
    rule.read(v, code).map_err(|e| match code {
        Some(code) => e.under(code),
        None => e.under(&index(i)),
    })
}

/// The keys a rule object may have, in the order [`Rule::set`] numbers them.
const RULE_KEYS: &str = "status|bodyContains|kind|action|permanence|retryable|reason|advice";

const NOT_A_STRING: &str = "must be a string";

impl Rule {
    /// Reads the rule object `v` into `self`, a blank rule; `code` is its key in
    /// `statuses`, which gives its status (its own `status`, if any, is then ignored).
    /// Errors name the field below the rule.
    fn read(&mut self, v: &Value, code: Option<&str>) -> Result<(), OptionError> {
        if let Some(code) = code {
            self.status = status_key(code).ok_or("is not a status code from 100 to 599")?;
        }
        let status_given = code.is_some();
        read_members(v, RULE_KEYS, "must be a rule object", &mut |i, value| {
            self.set(i, value, status_given).map_err(OptionError::from)
        })?;
        if self.status == 0 {
            return Err("needs a status".into());
        }
        Ok(())
    }

    /// Member `i` of [`RULE_KEYS`]; `null` stands for an absent member.
    fn set(&mut self, i: usize, v: &Value, status_given: bool) -> Result<(), &'static str> {
        if is_null(v) {
            return Ok(());
        }
        match i {
            0 if !status_given => self.status = status(v)?,
            0 => {}
            1 => self.body_contains = strings(v, "must be a string or an array of strings")?,
            3 => {
                let a = as_str(v).and_then(Action::parse);
                self.action = Some(a.ok_or("must be one of the actions listed in the README")?);
            }
            4 => {
                let p = as_str(v).and_then(Permanence::parse);
                self.permanence = Some(
                    p.ok_or("must be \"none\", \"permanent\", \"temporary\" or \"ambiguous\"")?,
                );
            }
            5 => self.retryable = Some(boolean(v)?),
            // kind, reason, advice: text.
            _ => {
                let text = String::from(as_str(v).ok_or(NOT_A_STRING)?);
                match i {
                    2 => self.kind = Some(Cow::Owned(text)),
                    6 => self.reason = Some(text),
                    _ => self.advice = Some(text),
                }
            }
        }
        Ok(())
    }
}

/// A `statuses` key: a status code in decimal digits.
fn status_key(code: &str) -> Option<u16> {
    let (mut n, mut at) = (0u16, 0);
    while let Some(b) = code.as_bytes().get(at) {
        if !b.is_ascii_digit() {
            return None;
        }
        // Capped: past 999 it is out of range whatever follows (leading zeros still count
        // for nothing).
        n = (n * 10 + u16::from(b - b'0')).min(1000);
        at += 1;
    }
    (100..600).contains(&n).then_some(n)
}

/// `[i]`, the name of an array's item in a field path.
fn index(i: usize) -> String {
    let mut s = String::from("[");
    crate::json::push_u64(&mut s, i as u64);
    s.push(']');
    s
}
