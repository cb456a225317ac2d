//! `classify`: what a status or a transport failure means, and what the caller should do.
//!
//! The rules are the ones published API guides agree on (see the README's policy table):
//! 4xx are the client's fault and never retried except 429; idempotent methods are retried
//! on 5xx; POST and PATCH only on 429 and transport failures, and a 500 or 504 on them is
//! `ambiguous` because the work may already have been done. Profiles add vendor rules.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::headers::{server_wait, ServerWait};
use crate::json::{push_opt_string, push_opt_u64, push_u64};
use crate::method::is_idempotent;
use crate::policy::RetryPolicy;
use crate::profiles::{Profile, Rule};
use crate::status::{self, Category, Permanence};

/// A failure before any response arrived, as fetch reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// A generic network failure (fetch's `TypeError: Failed to fetch` and its kin).
    Network,
    /// The host name did not resolve: the request never left.
    Dns,
    /// The connection was refused: the request never left.
    ConnectionRefused,
    /// The TLS handshake failed: the request never left.
    Tls,
    /// The connection was reset or closed while the exchange was under way.
    ConnectionReset,
    /// The attempt ran out of time.
    Timeout,
    /// The caller aborted the request.
    Aborted,
}

impl Transport {
    /// The `kind` name in a classification.
    pub const fn kind(self) -> &'static str {
        match self {
            Transport::Timeout => "timeout",
            Transport::Aborted => "aborted",
            _ => "network_error",
        }
    }

    /// True when the failure proves the request never reached the server.
    pub const fn never_sent(self) -> bool {
        matches!(
            self,
            Transport::Dns | Transport::ConnectionRefused | Transport::Tls
        )
    }

    /// Reads a runtime's error, given its `name` and `message` (and `cause.code` where
    /// undici sets one). Each runtime words the same failure differently:
    /// Chromium `Failed to fetch`, Firefox `NetworkError when attempting to fetch resource.`,
    /// Safari `Load failed`, undici `fetch failed` with `cause.code` (`ECONNREFUSED`,
    /// `ENOTFOUND`, `ECONNRESET`, `UND_ERR_*`), workerd `Network connection lost.`.
    /// Returns `None` when the error is not a transport failure (a bug in the caller's code).
    pub fn from_error(name: &str, message: &str, code: &str) -> Option<Transport> {
        if name == "AbortError" {
            return Some(Transport::Aborted);
        }
        if name == "TimeoutError" {
            return Some(Transport::Timeout);
        }
        // Each line is one `|`-separated list, searched in the code and the message; the
        // first line that matches gives the failure, in the order of `FOUND`.
        const FOUND: [Transport; 5] = [
            Transport::Dns,
            Transport::ConnectionRefused,
            Transport::Tls,
            Transport::Timeout,
            Transport::ConnectionReset,
        ];
        let (mut at, mut i) = (0, 0);
        while let Some((needles, next)) = piece(
            "ENOTFOUND|EAI_AGAIN|getaddrinfo|dns|name not resolved|could not be found|hostname\n\
             ECONNREFUSED|connection refused|refused\n\
             CERT|SSL|TLS|certificate|handshake\n\
             ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|timed out|timeout\n\
             ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|socket hang up|connection lost|reset|other side closed|terminated",
            "\n",
            at,
        ) {
            if contains_one_of(code, needles) || contains_one_of(message, needles) {
                return FOUND.get(i).copied();
            }
            at = next;
            i += 1;
        }
        if name == "TypeError"
            && contains_one_of(
                message,
                "Failed to fetch|fetch failed|NetworkError|Load failed|Network request failed|network error|Network connection lost",
            )
        {
            return Some(Transport::Network);
        }
        if name == "NetworkError" || name == "FetchError" {
            return Some(Transport::Network);
        }
        None
    }
}

/// What happened to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A response arrived with this status.
    Status(u16),
    /// No response arrived.
    Transport(Transport),
}

/// What the caller should do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    CarryOn,
    UseCache,
    FollowRedirect,
    FixRequest,
    Reauthenticate,
    CheckPermissions,
    VerifyId,
    Reconcile,
    FixFields,
    WaitAndRetry,
    RetryWithBackoff,
    VerifyBeforeRetry,
    ContactSupport,
}

impl Action {
    /// The contract's name.
    #[inline(always)] // a call would pass the name through a frame of its own
    pub fn as_str(self) -> &'static str {
        nth(ACTIONS, self as usize)
    }

    /// Every action, for parsing profile objects.
    pub const ALL: [Action; 13] = [
        Action::CarryOn,
        Action::UseCache,
        Action::FollowRedirect,
        Action::FixRequest,
        Action::Reauthenticate,
        Action::CheckPermissions,
        Action::VerifyId,
        Action::Reconcile,
        Action::FixFields,
        Action::WaitAndRetry,
        Action::RetryWithBackoff,
        Action::VerifyBeforeRetry,
        Action::ContactSupport,
    ];

    /// The action named `name`.
    pub fn parse(name: &str) -> Option<Action> {
        let i = exact_index(name, ACTIONS)?;
        Action::ALL.get(i).copied()
    }
}

/// The contract's names of the actions, in the order of [`Action::ALL`].
const ACTIONS: &str = "carry_on|use_cache|follow_redirect|fix_request|reauthenticate|check_permissions|verify_id|reconcile|fix_fields|wait_and_retry|retry_with_backoff|verify_before_retry|contact_support";

/// What `classify` is told besides the outcome. `Context::default()` is a GET under the
/// default profile and policy.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub method: &'a str,
    /// Response headers, names in any case.
    pub headers: &'a [(&'a str, &'a str)],
    /// The response body (or its bounded prefix) as text, for rules that read it.
    pub body: Option<&'a str>,
    pub profile: &'a Profile,
    pub policy: &'a RetryPolicy,
    /// The request carried an `Idempotency-Key`.
    pub idempotency_key: bool,
    /// Milliseconds since the Unix epoch, for HTTP-date arithmetic.
    pub now_ms: u64,
}

impl Default for Context<'static> {
    fn default() -> Self {
        Context {
            method: "GET",
            headers: &[],
            body: None,
            profile: Profile::default_ref(),
            policy: RetryPolicy::default_ref(),
            idempotency_key: false,
            now_ms: 0,
        }
    }
}

/// The answer: the contract's `Classification`.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    /// The status, 0 for a transport failure.
    pub status: u16,
    pub category: Category,
    pub kind: Cow<'static, str>,
    pub permanence: Permanence,
    /// True when the policy retries this outcome for this method.
    pub retryable: bool,
    pub action: Action,
    /// The wait the server asked for, from headers or body.
    pub retry_after_ms: Option<u64>,
    /// Where `retry_after_ms` came from.
    pub server_wait: Option<ServerWait>,
    pub reason: String,
    pub advice: String,
}

/// Classifies `outcome` under `ctx`. `None` when a status is outside 100..=599.
pub fn classify(outcome: Outcome, ctx: &Context) -> Option<Classification> {
    // Filled in place by the readers below: a struct this size costs code to move.
    let mut c = Classification {
        status: 0,
        category: Category::Transport,
        kind: Cow::Borrowed(""),
        permanence: Permanence::Temporary,
        retryable: false,
        action: Action::RetryWithBackoff,
        retry_after_ms: None,
        server_wait: None,
        reason: String::new(),
        advice: String::new(),
    };
    match outcome {
        Outcome::Status(code) => classify_status(&mut c, code, ctx)?,
        Outcome::Transport(t) => classify_transport(&mut c, t, ctx),
    }
    Some(c)
}

/// Fills in a status over the defaults `classify` set. `None` when `code` is outside
/// 100..=599.
fn classify_status(c: &mut Classification, code: u16, ctx: &Context) -> Option<()> {
    let body = ctx.body.map(crate::body::read);
    let body_messages: &[String] = body.as_ref().map_or(&[], |b| &b.messages);
    // GitHub and others answer some rate limits with 403 ("secondary rate limit"): such a
    // 403 is read as the 429 it stands for (same class, kind, permanence, action and
    // advice; retried as a 429 is), with a sentence of its own.
    let rate_limit = code == 403 && reveals_rate_limit(body_messages);
    let info = status::info(if rate_limit { 429 } else { code })?;
    let wait = server_wait(ctx.headers, ctx.now_ms).or(body.as_ref().and_then(|b| b.wait));
    c.status = code;
    c.category = info.category;
    c.retry_after_ms = wait.map(|w| w.ms);
    c.server_wait = wait;
    set_kind(c, info.kind);
    c.permanence = info.permanence;
    c.action = info.action;
    c.advice.push_str(info.advice);
    let idempotent = is_idempotent(ctx.method) || ctx.idempotency_key;
    // A 5xx on a request that is not idempotent may have been applied: the resource may
    // exist, or the work may still finish (RFC 9110 §9.2.2; Stripe and AWS idempotency guides).
    let may_have_applied = matches!(code, 500 | 504 | 524 | 598) && !idempotent;
    if may_have_applied {
        c.permanence = Permanence::Ambiguous;
    }
    c.retryable = ctx
        .policy
        .retries_status(info.code, ctx.method, ctx.idempotency_key)
        && c.permanence != Permanence::Permanent;
    if info.category == Category::ServerError
        && !idempotent
        && !c.retryable
        && c.permanence != Permanence::Permanent
    {
        c.action = Action::VerifyBeforeRetry;
    } else if c.retryable
        && c.action == Action::RetryWithBackoff
        && c.server_wait.is_some()
        && ctx.policy.respect_retry_after
    {
        c.action = Action::WaitAndRetry;
    }
    if rate_limit {
        c.reason.push_str("This 403 reports a rate limit, not a permission problem, so it is retried after a wait.");
    } else {
        push_status_reason(c, info.reason, ctx.method, may_have_applied);
    }
    apply_profile(c, ctx.profile, body_messages);
    Some(())
}

/// Fills in a transport failure over the defaults `classify` set (temporary, retried
/// with backoff).
fn classify_transport(c: &mut Classification, t: Transport, ctx: &Context) {
    let aborted = t == Transport::Aborted;
    set_kind(c, t.kind());
    c.retryable = !aborted && ctx.policy.retry_network_errors;
    if aborted {
        c.permanence = Permanence::Permanent;
        c.action = Action::CarryOn;
    }
    // In the order of `Transport`'s variants.
    c.reason.push_str(nth(
        "No response arrived (a network failure); |\
         The host name did not resolve, so the request never left; |\
         The connection was refused, so the request never left; |\
         The TLS handshake failed, so the request never left; |\
         The connection was lost before a complete response arrived; |\
         The attempt timed out; the server may still be working on it; |\
         The request was aborted by its signal; aborts are never retried.",
        t as usize,
    ));
    if !aborted {
        c.reason.push_str(if c.retryable {
            "transport failures are retried for every method."
        } else {
            "the policy does not retry transport failures."
        });
    }
    let advice = nth(
        "Retry with backoff; if it keeps failing, check connectivity and the server.|\
         Check the host name and network, then retry with backoff.|\
         Retry with backoff; if it keeps failing, check connectivity and the server.|\
         Check the certificate and TLS settings, then retry with backoff.|\
         Retry with backoff; if it keeps failing, check connectivity and the server.|\
         Retry with backoff; an Idempotency-Key keeps a retry from applying a non-idempotent request twice.|\
         Nothing to fix: the caller cancelled the request.",
        t as usize,
    );
    c.advice.push_str(advice);
}

/// Sets the kind over the placeholder `classify` set. The placeholder is borrowed, so
/// it is overwritten in place: an assignment would drop it, which costs code.
fn set_kind(c: &mut Classification, kind: &'static str) {
    if let Cow::Borrowed(k) = &mut c.kind {
        *k = kind;
    }
}

/// Appends "`code` `phrase` …": what the status means for this method and policy.
fn push_status_reason(c: &mut Classification, phrase: &str, method: &str, may_have_applied: bool) {
    let r = &mut c.reason;
    push_u64(r, u64::from(c.status));
    r.push(' ');
    r.push_str(phrase);
    let tail = match c.category {
        Category::Informational | Category::Success | Category::Redirection => " is not a failure; nothing to retry.",
        _ if c.retryable && c.status == 429 => " asks the client to slow down; it is retried for every method after a wait.",
        _ if c.retryable => " is temporary and the request is safe to repeat, so it is retried with backoff.",
        _ if may_have_applied => " may have taken effect on this non-idempotent request; it is not resent without an Idempotency-Key.",
        Category::ServerError if c.permanence == Permanence::Permanent => " is permanent: the server will answer the same way again.",
        Category::ServerError => {
            // Only a method that is not idempotent gets here: name it.
            r.push_str(" is not retried for ");
            r.push_str(method);
            ", which is not idempotent, without an Idempotency-Key."
        }
        _ if c.status == 401 => " means the credentials were refused; retrying blindly looks like brute force.",
        _ if c.permanence == Permanence::Temporary => " may pass, but this policy does not retry it.",
        _ => " is the client's fault: the same request will fail again.",
    };
    r.push_str(tail);
}

/// True when a 403 body talks about a rate limit rather than a permission.
fn reveals_rate_limit(messages: &[String]) -> bool {
    for m in messages {
        if contains_one_of(m, "rate limit|rate-limit") {
            return true;
        }
    }
    false
}

/// Applies the profile's status and body rules, in order; the first body rule that matches wins.
fn apply_profile(c: &mut Classification, profile: &Profile, messages: &[String]) {
    for rule in &profile.rules {
        if rule.status != c.status {
            continue;
        }
        if rule.body_contains.is_empty() {
            apply_rule(c, rule);
        } else if mentions_any(messages, &rule.body_contains) {
            apply_rule(c, rule);
            return;
        }
    }
}

/// True when one of `messages` contains one of `needles`, ASCII case-insensitively.
fn mentions_any(messages: &[String], needles: &[Cow<'static, str>]) -> bool {
    for needle in needles {
        for m in messages {
            if contains_ignore_case(m, needle) {
                return true;
            }
        }
    }
    false
}

fn apply_rule(c: &mut Classification, rule: &Rule) {
    if let Some(kind) = &rule.kind {
        c.kind = kind.clone();
    }
    if let Some(reason) = &rule.reason {
        c.reason.clone_from(reason);
    }
    if let Some(action) = rule.action {
        c.action = action;
    }
    if let Some(permanence) = rule.permanence {
        c.permanence = permanence;
    }
    if let Some(retryable) = rule.retryable {
        c.retryable = retryable;
    }
    if let Some(advice) = &rule.advice {
        c.advice.clone_from(advice);
    }
}

pub use crate::text::contains_ignore_case;
use crate::text::{contains_one_of, exact_index, nth, piece};

impl Classification {
    /// The contract's JSON shape (camelCase keys, `null` where absent).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"status\":");
        push_u64(&mut out, u64::from(self.status));
        member_text(&mut out, ",\"category\":", Some(self.category.as_str()));
        member_text(&mut out, ",\"kind\":", Some(&self.kind));
        member_text(&mut out, ",\"permanence\":", Some(self.permanence.as_str()));
        out.push_str(if self.retryable {
            ",\"retryable\":true"
        } else {
            ",\"retryable\":false"
        });
        member_text(&mut out, ",\"action\":", Some(self.action.as_str()));
        member_u64(&mut out, ",\"retryAfterMs\":", self.retry_after_ms);
        member_text(&mut out, ",\"reason\":", Some(&self.reason));
        member_text(&mut out, ",\"advice\":", Some(&self.advice));
        out.push('}');
        out
    }
}

/// Appends `key` (`,"name":`, separator included) and a JSON string or `null`: one call a
/// member of the JSON objects written here and in the session and bindings.
pub(crate) fn member_text(out: &mut String, key: &str, value: Option<&str>) {
    out.push_str(key);
    push_opt_string(out, value);
}

/// Appends `key` (`,"name":`, separator included) and a JSON number or `null`.
pub(crate) fn member_u64(out: &mut String, key: &str, value: Option<u64>) {
    out.push_str(key);
    push_opt_u64(out, value);
}
