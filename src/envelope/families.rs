//! JSON error families, told apart by shape.
//!
//! [`detect`] looks only at which keys exist and what type their values have, from the most
//! distinctive marks to the least: `kind: "Status"` (Kubernetes), `ok: false` (Slack),
//! `success: false` + `errors[]` (Cloudflare), `__type` (AWS), then the inner keys of an
//! `error` object (Elasticsearch `root_cause`, Stripe `doc_url`, Google `status`/`details`,
//! OpenAI `param`, OData string `code`/`innerError`), then top-level keys (Jira
//! `errorMessages`, problem details `type`/`title` + `status`/`detail`/`instance`, Spring
//! `timestamp`+`path`, GitHub `documentation_url`, Twilio `more_info`, Discord nested
//! `errors`, Laravel `message`+`errors{}`, GraphQL and JSON:API `errors[]`, FastAPI `detail`,
//! Shopify `errors`, `{error}`). Each family then has a small extractor, and [`common`]
//! fills what is still missing from keys many APIs share.

use super::{Acc, Format, MAX_DEPTH, MAX_MESSAGES};
use crate::json::{as_f64, get, scalar_text, Value};
use crate::text::{after_last, before_any, exact_index, nth, piece};
use alloc::string::String;

/// Keys that carry a human-readable message, most specific first (`,`-separated: walked
/// with [`next_key`], which is smaller in wasm than an array of pointers).
const MESSAGE_KEYS: &str = "message,error_description,detail,details,msg,errorMessage,\
error_message,Message,description,reason,title,error,statusText";
/// Keys that carry a machine-readable code.
const CODE_KEYS: &str = "code,error_code,errorCode,err_code,Code,type,reason";

/// What the families look up, by its index in [`KEY_NAMES`]: one key, or a list of keys
/// read in order (a call site passes one small number instead of a pointer and a length).
#[derive(Clone, Copy)]
enum Key {
    Message,
    Error,
    Code,
    Errors,
    Detail,
    Reason,
    Type,
    Details,
    Field,
    Status,
    Title,
    UnderType,
    ErrorMessages,
    ErrorDescription,
    Extensions,
    InvalidParams,
    Links,
    Loc,
    Messages,
    Param,
    RootCause,
    AtType,
    About,
    CausedBy,
    Causes,
    Data,
    Description,
    DocumentationUrl,
    ErrorChain,
    FieldViolations,
    Href,
    Jsonapi,
    Kind,
    Location,
    LocationType,
    MoreInfo,
    Msg,
    Name,
    Nanos,
    Ok,
    Parameter,
    Pointer,
    RequestId,
    RequestLogUrl,
    ResponseMetadata,
    RetryDelay,
    Seconds,
    Source,
    Success,
    Target,
    TraceId,
    Url,
    Value,
    Violations,
    Warning,
    WarningMessages,
    InnerError,
    Codes,
    MessageReason,
    ApiVersionReason,
    StripeMarks,
    TypeTitle,
    DetailInstance,
    SpringMarks,
    DiscordMarks,
    GraphqlMarks,
    JsonapiMarks,
    LocMsg,
    FieldNames,
    AwsMessage,
    StripeCodes,
    DescriptionReason,
    InnerRequestIds,
    RetryAfterMs,
    RetryAfter,
    DefaultMessage,
    RequestIds,
    Docs,
}

/// Each [`Key`]'s names, `|`-separated in declaration order; a list's names are
/// `,`-separated.
const KEY_NAMES: &str =
    "message|error|code|errors|detail|reason|type|details|field|status|title|__type|\
errorMessages|error_description|extensions|invalid-params|links|loc|messages|param|\
root_cause|@type|about|caused_by|causes|data|description|documentation_url|error_chain|\
fieldViolations|href|jsonapi|kind|location|locationType|more_info|msg|name|nanos|ok|\
parameter|pointer|requestId|request_log_url|response_metadata|retryDelay|seconds|source|\
success|target|traceId|url|value|violations|warning|warningMessages|\
innerError,innererror|code,errorCode,error_code|message,reason|apiVersion,reason|\
doc_url,request_log_url,decline_code|type,title|detail,instance|\
timestamp,path,error,status|retry_after,global|locations,path,extensions|\
source,title,detail|loc,msg|field,param,property,propertyPath,attribute,name|\
message,Message|code,decline_code,type|description,reason|\
request-id,requestId,client-request-id|retry_after_ms,retryAfterMs|\
retry_after,retryAfter|defaultMessage|\
request_id,requestId,requestID,RequestId,RequestID,request-id,x-request-id,traceId,trace_id,\
traceID,TraceId,correlationId,correlation_id,correlation-id,CorrelationId,client-request-id|\
documentation_url,doc_url,docs_url,documentationUrl,docsUrl,help_url,helpUrl,more_info,moreInfo,\
info_url";

impl Key {
    #[inline(always)]
    fn name(self) -> &'static str {
        nth(KEY_NAMES, self as usize)
    }
}

/// The value of the first of `key`'s names that `v` has.
fn member(v: &Value, key: Key) -> Option<&Value> {
    lookup(v, key, Want::Any)
}

/// The first string value of `key`'s names in `v` (non-strings are skipped): a thin
/// `&String` (returned in a register in wasm, where a `&str` goes through memory).
fn string(v: &Value, key: Key) -> Option<&String> {
    match lookup(v, key, Want::String) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// What [`lookup`] stops at.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Any,
    String,
    Missing,
}

/// The value of the first of `key`'s names that `v` has (as a string, for
/// `Want::String`); for `Want::Missing`, `null` at the first name `v` lacks. One walk for
/// [`member`], [`string`] and [`has_all`].
fn lookup(v: &Value, key: Key, want: Want) -> Option<&Value> {
    let (names, mut at) = (key.name(), 0);
    while let Some(k) = next_key(names, &mut at) {
        match (want, get(v, k)) {
            (Want::Missing, None) => return Some(&Value::Null),
            (Want::Any, Some(x)) | (Want::String, Some(x @ Value::String(_))) => return Some(x),
            _ => {}
        }
    }
    None
}

/// The text of `s`, blank when there is none.
fn or_blank(s: Option<&String>) -> &str {
    match s {
        Some(s) => s,
        None => "",
    }
}

/// True when `v` has one of `key`'s names.
fn has(v: &Value, key: Key) -> bool {
    member(v, key).is_some()
}

/// True when `v` has every one of `key`'s names.
fn has_all(v: &Value, key: Key) -> bool {
    lookup(v, key, Want::Missing).is_none()
}

/// True when some item of the array `list` has one of `key`'s names.
fn some_has(list: Option<&Value>, key: Key) -> bool {
    let items = arr(list);
    let mut i = 0;
    while let Some(item) = items.get(i) {
        if has(item, key) {
            return true;
        }
        i += 1;
    }
    false
}

/// The next name of a `,`-separated list: `let mut at = 0; while let Some(k) =
/// next_key(NAMES, &mut at) { … }`.
#[inline(always)]
fn next_key<'a>(keys: &'a str, at: &mut usize) -> Option<&'a str> {
    let (key, next) = piece(keys, ",", *at)?;
    *at = next;
    Some(key)
}

/// Fills `acc` from the JSON body `v`, by the family its shape tells.
pub(super) fn read(v: &Value, acc: &mut Acc) {
    // The `error` object, looked up once; `null` (where every lookup misses) when absent.
    let error = match member(v, Key::Error) {
        Some(e @ Value::Object(_)) => e,
        _ => &Value::Null,
    };
    let format = detect(v, error);
    acc.set_format(format);
    match format {
        Format::Kubernetes => kubernetes(v, acc),
        Format::Slack => slack(v, acc),
        Format::Cloudflare => cloudflare(v, acc),
        Format::Aws => aws(v, acc),
        Format::Elasticsearch => elasticsearch(error, acc),
        Format::Stripe | Format::Openai => stripe_openai(error, acc),
        Format::Google => google(error, acc),
        Format::Odata => odata(error, acc),
        Format::Jira => jira(v, acc),
        Format::Problem | Format::Aspnet => problem(v, acc),
        Format::Spring => spring(v, acc),
        Format::Github | Format::Twilio | Format::Discord | Format::Laravel => {
            message_and_errors(v, acc)
        }
        Format::Graphql | Format::Jsonapi => error_list(member(v, Key::Errors), acc),
        Format::Fastapi => fastapi(v, acc),
        Format::Simple => simple(v, acc),
        Format::Shopify => shopify(v, acc),
        _ => {}
    }
    if let Value::Array(items) = v {
        error_list(Some(v), acc);
        if let Some(first) = items.first() {
            common(first, acc);
        }
    }
    common(v, acc);
    common(error, acc);
}

fn is_obj(v: &Value) -> bool {
    matches!(v, Value::Object(_))
}

fn is_num(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Number(_)))
}

/// The first [`MAX_MESSAGES`] items of an array (none for other values): a plain slice
/// to loop over, smaller in wasm than `iter().take()`.
fn capped(v: Option<&Value>) -> &[Value] {
    let items = arr(v);
    items.get(..MAX_MESSAGES).unwrap_or(items)
}

/// `f` on each of the first [`MAX_MESSAGES`] items of an array: the loop written once,
/// each family giving only its body.
fn each(list: Option<&Value>, acc: &mut Acc, f: fn(&Value, &mut Acc)) {
    for item in capped(list) {
        f(item, acc);
    }
}

fn arr(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// The family of a JSON body, from its shape alone (`e`: its `error` object, else `null`).
fn detect(v: &Value, e: &Value) -> Format {
    let Value::Object(o) = v else {
        return Format::Json;
    };
    let errors = member(v, Key::Errors);
    let errors_arr = matches!(errors, Some(Value::Array(_)));
    let errors_obj = matches!(errors, Some(Value::Object(_)));
    let message = string(v, Key::Message);
    if string(v, Key::Kind).is_some_and(|k| k == "Status") && has(v, Key::ApiVersionReason) {
        return Format::Kubernetes;
    }
    if matches!(member(v, Key::Ok), Some(Value::Bool(false))) {
        return Format::Slack;
    }
    if matches!(member(v, Key::Success), Some(Value::Bool(false))) && errors_arr {
        return Format::Cloudflare;
    }
    if string(v, Key::UnderType).is_some() {
        return Format::Aws;
    }
    // Each test below misses when `e` is `null`.
    if has(e, Key::RootCause)
        || (string(e, Key::Type).is_some() && string(e, Key::Reason).is_some())
    {
        return Format::Elasticsearch;
    }
    if has(e, Key::StripeMarks) {
        return Format::Stripe;
    }
    let details_typed = some_has(member(e, Key::Details), Key::AtType);
    if string(e, Key::Status).is_some()
        || details_typed
        || (is_num(member(e, Key::Code)) && has(e, Key::Message))
    {
        return Format::Google;
    }
    if string(e, Key::Type).is_some() && has(e, Key::Message) {
        return if has(e, Key::Param) {
            Format::Openai
        } else {
            Format::Stripe
        };
    }
    if string(e, Key::Code).is_some()
        || has(e, Key::InnerError)
        || matches!(member(e, Key::Message), Some(Value::Object(_)))
    {
        return Format::Odata;
    }
    if matches!(member(v, Key::ErrorMessages), Some(Value::Array(_))) {
        return Format::Jira;
    }
    let problem_id = string(v, Key::TypeTitle).is_some();
    let problem_body = is_num(member(v, Key::Status)) || has(v, Key::DetailInstance);
    if (problem_id && problem_body) || has(v, Key::InvalidParams) {
        let validation =
            string(v, Key::Title).is_some_and(|t| t.starts_with("One or more validation errors"));
        return if has(v, Key::TraceId) || validation {
            Format::Aspnet
        } else {
            Format::Problem
        };
    }
    if has_all(v, Key::SpringMarks) {
        return Format::Spring;
    }
    if message.is_some() && has(v, Key::DocumentationUrl) {
        return Format::Github;
    }
    if is_num(member(v, Key::Code)) && message.is_some() && has(v, Key::MoreInfo) {
        return Format::Twilio;
    }
    if (is_num(member(v, Key::Code)) && message.is_some() && errors_obj)
        || has_all(v, Key::DiscordMarks)
    {
        return Format::Discord;
    }
    if message.is_some() && errors_obj {
        return Format::Laravel;
    }
    if errors_arr {
        if has(v, Key::Data) || some_has(errors, Key::GraphqlMarks) {
            return Format::Graphql;
        }
        if has(v, Key::Jsonapi) || some_has(errors, Key::JsonapiMarks) {
            return Format::Jsonapi;
        }
        if some_has(errors, Key::Message) && message.is_none() {
            return Format::Graphql;
        }
    }
    let detail_list = some_has(member(v, Key::Detail), Key::LocMsg);
    if detail_list || (string(v, Key::Detail).is_some() && o.len() == 1) {
        return Format::Fastapi;
    }
    if o.len() == 2 && message.is_some() && string(v, Key::Error).is_some() {
        return Format::Jumpcloud;
    }
    if string(v, Key::Error).is_some() {
        return Format::Simple;
    }
    if errors.is_some() && message.is_none() && !has(v, Key::Error) {
        return Format::Shopify;
    }
    Format::Json
}

/// `op` on the string member of `v` under each of `key`'s names. One call at each of the
/// many sites instead of a lookup, a test and a call.
fn put(acc: &mut Acc, op: fn(&mut Acc, &str), v: &Value, key: Key) {
    put_each(acc, op, v, key, false);
}

/// `op` on the member of `v` under each of `key`'s names as text, when it is a string,
/// number or boolean.
fn put_scalar(acc: &mut Acc, op: fn(&mut Acc, &str), v: &Value, key: Key) {
    put_each(acc, op, v, key, true);
}

/// [`put`], or with `scalars` [`put_scalar`]: one walk for both.
fn put_each(acc: &mut Acc, op: fn(&mut Acc, &str), v: &Value, key: Key, scalars: bool) {
    let (names, mut at) = (key.name(), 0);
    while let Some(k) = next_key(names, &mut at) {
        match get(v, k) {
            Some(Value::String(s)) => op(acc, s),
            Some(x) if scalars => {
                if let Some(s) = scalar_text(x) {
                    op(acc, &s);
                }
            }
            _ => {}
        }
    }
}

/// `v` as text, when it is a string, number or boolean.
#[inline(always)]
fn scalar_at(v: Option<&Value>) -> Option<String> {
    scalar_text(v?)
}

/// `errors` as a field map (an object) or an error list (an array); each reader ignores
/// the other shape.
fn errors(v: &Value, acc: &mut Acc) {
    if let Some(e) = member(v, Key::Errors) {
        field_map(e, "", acc, 0);
        error_list(Some(e), acc);
    }
}

/// Human text of an error object: the first present message key (or the string itself).
fn text_of(v: &Value) -> Option<&String> {
    match v {
        Value::String(s) => Some(s),
        _ => message_in(v, false, false),
    }
}

/// The string member `key` of `e`, else [`text_of`] `e`.
fn text_after(e: &Value, key: Key) -> Option<&String> {
    match string(e, key) {
        Some(s) => Some(s),
        None => text_of(e),
    }
}

/// Gives `add` every string in `v` when it is a string or an array of strings. A plain
/// `fn` rather than a generic closure: one copy in wasm instead of one per caller.
fn each_text(v: Option<&Value>, acc: &mut Acc, add: fn(&mut Acc, &str)) {
    match v {
        Some(Value::String(s)) => add(acc, s),
        Some(Value::Array(items)) => {
            // The first MAX_MESSAGES strings; other items do not count.
            let (mut i, mut n) = (0, 0);
            while let (Some(item), true) = (items.get(i), n < MAX_MESSAGES) {
                if let Value::String(s) = item {
                    add(acc, s);
                    n += 1;
                }
                i += 1;
            }
        }
        _ => {}
    }
}

/// Joins a field path: `a` + `b` → `a.b`.
fn join(prefix: &str, key: &str) -> String {
    let mut out = String::from(prefix);
    if !prefix.is_empty() && !key.is_empty() {
        out.push('.');
    }
    out.push_str(key);
    out
}

/// A JSON pointer (`/data/attributes/email`, `#/age`) as a dotted field name.
fn pointer_field(pointer: &str) -> String {
    let mut p = pointer;
    while let Some(rest) = p.strip_prefix("#") {
        p = rest;
    }
    let mut at = 0;
    while let Some(pre) = next_key("/data/attributes/,/data/relationships/", &mut at) {
        if let Some(rest) = p.strip_prefix(pre) {
            p = rest;
            break;
        }
    }
    let mut out = String::new();
    let mut at = 0;
    while let Some((seg, next)) = piece(p, "/", at) {
        at = next;
        if seg.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('.');
        }
        // RFC 6901 escapes: `~1` is `/`, `~0` is `~`; any other `~` stays.
        let mut chars = seg.chars();
        while let Some(c) = chars.next() {
            let rest = chars.as_str();
            let escaped = match rest.as_bytes().first() {
                Some(b'1') if c == '~' => '/',
                Some(b'0') if c == '~' => '~',
                _ => {
                    out.push(c);
                    continue;
                }
            };
            out.push(escaped);
            chars = rest.get(1..).unwrap_or("").chars();
        }
    }
    out
}

/// A path given as an array (`["body", "user", 0]`) as a dotted field name, without a
/// leading location such as `body` (FastAPI's `loc`).
fn path_field(v: Option<&Value>) -> String {
    let mut out = String::new();
    for (i, seg) in arr(v).iter().take(MAX_DEPTH).enumerate() {
        let Some(seg) = scalar_text(seg) else {
            continue;
        };
        if i == 0 && exact_index(&seg, "body|query|path|header|cookie").is_some() {
            continue;
        }
        if !out.is_empty() && !seg.is_empty() {
            out.push('.');
        }
        out.push_str(&seg);
    }
    out
}

/// A field → messages map (`{"email": ["taken"], "address": {"city": "required"}}`),
/// including Discord's `_errors` leaves and nested objects, walked to [`MAX_DEPTH`].
fn field_map(v: &Value, prefix: &str, acc: &mut Acc, depth: usize) {
    let Value::Object(o) = v else { return };
    if depth > MAX_DEPTH {
        return;
    }
    for (key, val) in o.get(..MAX_MESSAGES).unwrap_or(o) {
        // Discord's `_errors` holds the messages of the field named so far.
        let name = join(prefix, if key.as_str() == "_errors" { "" } else { key });
        match val {
            Value::String(s) => acc.field(&name, s),
            Value::Array(items) => {
                for item in items.get(..MAX_MESSAGES).unwrap_or(items) {
                    if let Some(t) = text_of(item) {
                        acc.field(&name, t);
                    } else if let Some(c) = scalar_at(member(item, Key::Code)) {
                        acc.field(&name, &c);
                    }
                }
            }
            Value::Object(_) => field_map(val, &name, acc, depth + 1),
            _ => {}
        }
    }
}

/// An `errors` array of strings or objects (GraphQL, JSON:API, GitHub, Cloudflare, …):
/// each object gives a message, maybe a field and a code.
fn error_list(errors: Option<&Value>, acc: &mut Acc) {
    each(errors, acc, error_item);
}

/// One item of an error list.
fn error_item(e: &Value, acc: &mut Acc) {
    // JSON:API: detail is more specific than title (`text_of` reads a plain string).
    let text = text_after(e, Key::Detail);
    let code = scalar_at(
        member(e, Key::Extensions)
            .and_then(|x| member(x, Key::Code))
            .or_else(|| member(e, Key::Codes)),
    );
    let field = error_field(e);
    if let (Some(t), false) = (text, acc.has_primary()) {
        // With no top-level message, the first error's text is the best one.
        acc.primary(t);
    }
    // A blank field name makes `field` a plain message.
    let name = field.as_deref().unwrap_or("");
    if let Some(t) = text {
        acc.field(name, t);
    } else if let (Some(_), Some(c)) = (&field, &code) {
        acc.field(name, c);
    }
    if has(e, Key::Detail) {
        put(acc, Acc::msg, e, Key::Title);
    }
    if let Some(c) = code {
        acc.code(&c);
    }
    // Cloudflare nests the cause in error_chain (followed 4 levels deep).
    if acc.chain < 4 {
        acc.chain += 1;
        error_list(member(e, Key::ErrorChain), acc);
        acc.chain -= 1;
    }
}

/// The field an error object names, by the keys the families use.
fn error_field(e: &Value) -> Option<String> {
    let src = member(e, Key::Source);
    let path = if let Some(p) = string(src.unwrap_or(e), Key::Pointer) {
        pointer_field(p)
    } else if let Some(src) = src {
        return string(src, Key::Parameter).map(String::from);
    } else if let Some(loc) = member(e, Key::Loc) {
        path_field(Some(loc))
    } else {
        let named = member(e, Key::Extensions).and_then(|x| string(x, Key::Field));
        return named
            .or_else(|| string(e, Key::FieldNames))
            .map(String::from);
    };
    Some(path).filter(|f| !f.is_empty())
}

fn kubernetes(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::Message);
    put(acc, Acc::code, v, Key::Reason);
    let causes = member(v, Key::Details).and_then(|d| member(d, Key::Causes));
    each(causes, acc, |item, acc| {
        acc.field(
            or_blank(string(item, Key::Field)),
            or_blank(string(item, Key::MessageReason)),
        );
    });
}

fn slack(v: &Value, acc: &mut Acc) {
    put(acc, Acc::code, v, Key::Error);
    put(acc, Acc::msg, v, Key::Error);
    let meta = member(v, Key::ResponseMetadata);
    each_text(meta.and_then(|m| member(m, Key::Messages)), acc, Acc::msg);
    put(acc, Acc::msg, v, Key::Warning);
}

fn cloudflare(v: &Value, acc: &mut Acc) {
    error_list(member(v, Key::Errors), acc);
    each(member(v, Key::Messages), acc, |m, acc| {
        acc.msg(or_blank(text_of(m)));
    });
}

fn aws(v: &Value, acc: &mut Acc) {
    if let Some(t) = string(v, Key::UnderType) {
        // "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" or "X:http://…".
        let t = after_last(t, b'#');
        acc.code(before_any(t, b":"));
    }
    if let Some(m) = string(v, Key::AwsMessage) {
        acc.primary(m);
    }
}

/// From the `error` object `e`.
fn elasticsearch(e: &Value, acc: &mut Acc) {
    // The reason of the top error is the most specific; root causes follow.
    put(acc, Acc::primary, e, Key::Reason);
    put(acc, Acc::code, e, Key::Type);
    each(member(e, Key::RootCause), acc, |c, acc| {
        put(acc, Acc::msg, c, Key::Reason);
        put(acc, Acc::code, c, Key::Type);
    });
    if let Some(c) = member(e, Key::CausedBy) {
        put(acc, Acc::msg, c, Key::Reason);
    }
}

/// From the `error` object `e`.
fn stripe_openai(e: &Value, acc: &mut Acc) {
    if let Some(m) = string(e, Key::Message) {
        acc.primary(m);
        // Without a `param`, `field` adds `m` as a plain message: it is there already.
        acc.field(or_blank(string(e, Key::Param)), m);
    }
    put_scalar(acc, Acc::code, e, Key::StripeCodes);
    if let Some(url) = string(e, Key::RequestLogUrl) {
        // https://dashboard.stripe.com/test/logs/req_xxx: the id is the last segment.
        let id = after_last(url, b'/');
        if id.starts_with("req_") {
            acc.request_id(before_any(id, b"?"));
        }
    }
}

/// What the delay readers give for no delay: a plain `u64` rather than an `Option` through
/// memory. Real delays stay below it (and are clamped far lower in `Acc::retry_after_ms`).
pub(super) const NO_MS: u64 = u64::MAX;

/// `"26s"`, `"1.5s"` (protobuf Duration in JSON) or `{seconds, nanos}` → milliseconds
/// ([`NO_MS`] for none).
fn duration_ms(v: &Value) -> u64 {
    match v {
        Value::String(s) => match s.trim().strip_suffix("s") {
            Some(n) => seconds_text_ms(n),
            None => NO_MS,
        },
        Value::Object(_) => {
            let mut secs = number_ms_from_secs(member(v, Key::Seconds));
            if secs == NO_MS {
                secs = 0;
            }
            let nanos = member(v, Key::Nanos).and_then(as_f64).unwrap_or(0.0);
            let nanos_ms = if nanos.is_finite() && nanos > 0.0 {
                (nanos / 1e6) as u64
            } else {
                0
            };
            secs.saturating_add(nanos_ms).min(NO_MS - 1)
        }
        _ => NO_MS,
    }
}

/// Decimal seconds as text → milliseconds ([`NO_MS`] when it is not), without float
/// parsing surprises: digits with at most one `.`, and at least one digit. Whole seconds
/// count up to 10^15 only: every delay is clamped far below that (`MAX_DELAY_MS`), and
/// plain arithmetic then cannot overflow (no 128-bit overflow checks in wasm).
fn seconds_text_ms(s: &str) -> u64 {
    let (mut secs, mut frac, mut scale, mut dot) = (0u64, 0u64, 1000u64, false);
    for b in s.bytes() {
        if b == b'.' && !dot {
            dot = true;
            continue;
        }
        let d = u64::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return NO_MS;
        }
        if dot {
            // Digits past milliseconds are checked, and count for nothing.
            scale /= 10;
            frac += d * scale;
        } else {
            secs = (secs * 10 + d).min(1_000_000_000_000_000);
        }
    }
    // No digit at all (`""` or `"."`) is no number.
    if s.len() == usize::from(dot) {
        return NO_MS;
    }
    secs * 1000 + frac
}

/// A number of seconds (number or numeric string) → milliseconds ([`NO_MS`] for none).
fn number_ms_from_secs(v: Option<&Value>) -> u64 {
    match v {
        // `as` saturates; + 0.5 rounds (core has no `f64::round`).
        Some(Value::Number(f)) if f.is_finite() && *f >= 0.0 => {
            ((f * 1000.0 + 0.5) as u64).min(NO_MS - 1)
        }
        Some(Value::String(s)) => seconds_text_ms(s.trim()),
        _ => NO_MS,
    }
}

/// The `google.rpc.` detail types read, `|`-separated.
const GOOGLE_DETAILS: &str =
    "ErrorInfo|RetryInfo|BadRequest|RequestInfo|Help|LocalizedMessage|PreconditionFailure|QuotaFailure";

/// From the `error` object `e`.
fn google(e: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, e, Key::Message);
    each(member(e, Key::Details), acc, |d, acc| {
        let ty = after_last(or_blank(string(d, Key::AtType)), b'/');
        // The detail's kind, by its index in GOOGLE_DETAILS.
        let kind = match ty.strip_prefix("google.rpc.") {
            Some(t) => exact_index(t, GOOGLE_DETAILS).unwrap_or(usize::MAX),
            None => usize::MAX,
        };
        match kind {
            0 => {
                put(acc, Acc::code, d, Key::Reason);
            }
            1 => {
                if let Some(delay) = member(d, Key::RetryDelay) {
                    acc.retry_after_ms(duration_ms(delay));
                }
            }
            2 => {
                let violations = member(d, Key::FieldViolations);
                each(violations, acc, |item, acc| {
                    acc.field(
                        or_blank(string(item, Key::Field)),
                        or_blank(string(item, Key::DescriptionReason)),
                    );
                });
            }
            3 => {
                put(acc, Acc::request_id, d, Key::RequestId);
            }
            4 => {
                for l in arr(member(d, Key::Links)) {
                    if let Some(url) = string(l, Key::Url) {
                        acc.docs_url(url);
                        break;
                    }
                }
            }
            5 => {
                put(acc, Acc::msg, d, Key::Message);
            }
            6 | 7 => {
                each(member(d, Key::Violations), acc, |f, acc| {
                    put(acc, Acc::msg, f, Key::Description);
                });
            }
            _ => {}
        }
    });
    // Older APIs: errors[{domain, reason, message, location}].
    each(member(e, Key::Errors), acc, |x, acc| {
        // Only a parameter's location names a field; a blank name makes a plain message.
        let param = string(x, Key::LocationType).is_some_and(|t| t == "parameter");
        let field = if param {
            string(x, Key::Location)
        } else {
            None
        };
        acc.field(or_blank(field), or_blank(string(x, Key::Message)));
        put(acc, Acc::code, x, Key::Reason);
    });
    put(acc, Acc::code, e, Key::Status);
}

/// From the `error` object `e`.
fn odata(e: &Value, acc: &mut Acc) {
    if let Some(m) = text_of(e) {
        acc.primary(m);
    }
    put_scalar(acc, Acc::code, e, Key::Code);
    each(member(e, Key::Details), acc, |d, acc| {
        // A blank name makes `field` a plain message.
        acc.field(or_blank(string(d, Key::Target)), or_blank(text_of(d)));
    });
    // innerError / innererror nest, each maybe with request ids and a finer message.
    let mut inner = member(e, Key::InnerError);
    let mut depth = 0;
    while let Some(i) = inner {
        put(acc, Acc::request_id, i, Key::InnerRequestIds);
        put(acc, Acc::msg, i, Key::Message);
        depth += 1;
        if depth > MAX_DEPTH {
            break;
        }
        inner = member(i, Key::InnerError);
    }
}

fn jira(v: &Value, acc: &mut Acc) {
    each_text(member(v, Key::ErrorMessages), acc, Acc::msg);
    if let Some(errors) = member(v, Key::Errors) {
        field_map(errors, "", acc, 0);
    }
    each_text(member(v, Key::WarningMessages), acc, Acc::msg);
}

fn problem(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::Detail);
    put(acc, Acc::primary, v, Key::Title);
    if let Some(t) = string(v, Key::Type) {
        if t.starts_with("http") && !t.starts_with("https://tools.ietf.org/html/rfc") {
            acc.docs_url(t);
        }
    }
    errors(v, acc);
    each(member(v, Key::InvalidParams), acc, |item, acc| {
        acc.field(
            or_blank(string(item, Key::Name)),
            or_blank(string(item, Key::Reason)),
        );
    });
}

fn spring(v: &Value, acc: &mut Acc) {
    match string(v, Key::Message).map(String::as_str) {
        Some("No message available") | None => {}
        Some(m) => acc.primary(m),
    }
    // Validation failures with `server.error.include-binding-errors`.
    each(member(v, Key::Errors), acc, |item, acc| {
        acc.field(
            or_blank(string(item, Key::Field)),
            or_blank(string(item, Key::DefaultMessage)),
        );
    });
    put(acc, Acc::msg, v, Key::Error);
}

/// GitHub, Twilio, Discord, Laravel: a top `message` plus field errors in `errors`.
fn message_and_errors(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::Message);
    errors(v, acc);
    put_scalar(acc, Acc::code, v, Key::Code);
}

fn fastapi(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::Detail);
    each(member(v, Key::Detail), acc, |e, acc| {
        let text = or_blank(text_after(e, Key::Msg));
        acc.field(&path_field(member(e, Key::Loc)), text);
        put(acc, Acc::code, e, Key::Type);
    });
}

fn simple(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::ErrorDescription);
    // NestJS and others: `message` (a string or a list) is more specific than `error`.
    each_text(member(v, Key::Message), acc, Acc::primary);
    put(acc, Acc::primary, v, Key::Error);
    shopify(v, acc);
}

fn shopify(v: &Value, acc: &mut Acc) {
    put(acc, Acc::primary, v, Key::Errors);
    errors(v, acc);
}

/// Fills what is still missing from the keys many APIs share.
fn common(v: &Value, acc: &mut Acc) {
    if !is_obj(v) {
        if let Value::String(s) = v {
            acc.primary(s);
        }
        return;
    }
    if !acc.has_primary() {
        // `error` often holds a code (`invalid_grant`); a fuller sentence wins.
        let described = string(v, Key::ErrorDescription);
        if let Some(m) = message_in(v, described.is_some(), true) {
            acc.primary(m);
        }
        if let Some(m @ Value::Array(_)) = member(v, Key::Message) {
            each_text(Some(m), acc, Acc::msg);
        }
    }
    if !acc.has_code() {
        common_code(v, acc);
    }
    put_scalar(acc, Acc::request_id, v, Key::RequestIds);
    put(acc, Acc::docs_url, v, Key::Docs);
    if let Some(l) = member(v, Key::Links).and_then(|l| member(l, Key::About)) {
        match l {
            Value::String(url) => acc.docs_url(url),
            _ => put(acc, Acc::docs_url, l, Key::Href),
        }
    }
    let ms = number_ms_from_secs(member(v, Key::RetryAfterMs));
    acc.retry_after_ms(if ms == NO_MS { ms } else { ms / 1000 });
    acc.retry_after_ms(number_ms_from_secs(member(v, Key::RetryAfter)));
    if matches!(acc.format(), Format::Json)
        && (acc.has_primary() || acc.has_code())
        && has(v, Key::Error)
    {
        acc.set_format(Format::Simple);
    }
}

/// The first message under [`MESSAGE_KEYS`] in the object `v` (one walk for [`text_of`]
/// and [`common`]): a non-blank string; with `lists` the first string of a list there,
/// else OData v2's `"message": {"lang": "en-US", "value": "…"}`. `error` (the 12th key)
/// is skipped when `described`, as it then holds a code.
fn message_in(v: &Value, described: bool, lists: bool) -> Option<&String> {
    let mut at = 0;
    let mut index = 0;
    while let Some(k) = next_key(MESSAGE_KEYS, &mut at) {
        index += 1;
        match get(v, k) {
            Some(Value::String(s)) if !(s.trim().is_empty() || described && index == 12) => {
                return Some(s)
            }
            Some(Value::Array(items)) if lists => {
                let mut i = 0;
                while let Some(item) = items.get(i) {
                    if let Value::String(s) = item {
                        return Some(s);
                    }
                    i += 1;
                }
            }
            Some(m @ Value::Object(_)) if !lists => {
                if let Some(s) = string(m, Key::Value) {
                    return Some(s);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first code under [`CODE_KEYS`]; `type` and `reason` (the last two) count only when
/// they look like a code (not a URI or a sentence). Else `{"error": "invalid_grant"}`: a
/// token without spaces is a code.
fn common_code(v: &Value, acc: &mut Acc) {
    let mut at = 0;
    let mut index = 0;
    while let Some(k) = next_key(CODE_KEYS, &mut at) {
        index += 1;
        match get(v, k) {
            Some(Value::String(s)) if index > 5 && !is_code_like(s) => {}
            Some(x) => {
                if let Some(c) = scalar_text(x) {
                    return acc.code(&c);
                }
            }
            None => {}
        }
    }
    if let Some(e) = string(v, Key::Error) {
        if !e.is_empty() && e.len() <= 64 && before_any(e, b" ").len() == e.len() {
            acc.code(e);
        }
    }
}

/// True when `s` has no whitespace, `:` or `/`.
fn is_code_like(s: &str) -> bool {
    for c in s.chars() {
        if c.is_whitespace() || c == ':' || c == '/' {
            return false;
        }
    }
    true
}
