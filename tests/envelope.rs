//! Every error family, recognised by shape from real-looking bodies in
//! `tests/fixtures/envelope/`, plus degenerate and hostile bodies.

use faultline::envelope::{parse_error, parse_error_value, Envelope, MAX_BODY_BYTES};

struct Row {
    file: &'static str,
    content_type: Option<&'static str>,
    format: &'static str,
    message: Option<&'static str>,
    code: Option<&'static str>,
    fields: &'static [(&'static str, &'static [&'static str])],
    request_id: Option<&'static str>,
    docs_url: Option<&'static str>,
    retry_after_ms: Option<u64>,
}

const fn row(file: &'static str, format: &'static str, message: Option<&'static str>) -> Row {
    Row {
        file,
        content_type: None,
        format,
        message,
        code: None,
        fields: &[],
        request_id: None,
        docs_url: None,
        retry_after_ms: None,
    }
}

fn rows() -> Vec<Row> {
    vec![
        row("simple.json", "simple", Some("Not Found")),
        Row {
            fields: &[
                ("email", &["is invalid", "has already been taken"]),
                ("name", &["can't be blank"]),
            ],
            ..row("simple_fields.json", "simple", Some("Validation failed"))
        },
        Row {
            code: Some("invalid_grant"),
            ..row("oauth.json", "simple", Some("The provided authorization grant is invalid or expired."))
        },
        Row {
            docs_url: Some("https://example.com/probs/out-of-credit"),
            ..row("problem.json", "problem+json", Some("Your current balance is 30, but that costs 50."))
        },
        Row {
            fields: &[("age", &["must be a positive integer"]), ("color", &["must be 'green', 'red' or 'blue'"])],
            docs_url: Some("https://example.net/validation-error"),
            ..row("problem_invalid_params.json", "problem+json", Some("Your request parameters didn't validate."))
        },
        Row {
            fields: &[
                ("age", &["must be a positive integer"]),
                ("profile.color", &["must be 'green', 'red' or 'blue'"]),
            ],
            docs_url: Some("https://example.net/validation-error"),
            ..row("problem_errors_pointer.json", "problem+json", Some("Your request is not valid."))
        },
        row("spring.json", "spring", Some("No user with id 42")),
        row("spring_no_message.json", "spring", Some("Internal Server Error")),
        Row {
            // Document order (not alphabetical).
            fields: &[
                ("Name", &["The Name field is required."]),
                ("Email", &["The Email field is not a valid e-mail address."]),
            ],
            request_id: Some("00-0aa1b2c3d4e5f60718293a4b5c6d7e8f-1a2b3c4d5e6f7a8b-00"),
            ..row("aspnet.json", "aspnet", Some("One or more validation errors occurred."))
        },
        Row {
            fields: &[
                ("project", &["Specify a valid project ID or key"]),
                ("summary", &["You must specify a summary of the issue."]),
            ],
            ..row("jira.json", "jira", Some("project: Specify a valid project ID or key"))
        },
        row("jira_messages.json", "jira", Some("Issue does not exist or you do not have permission to see it.")),
        Row { code: Some("Forbidden"), ..row("jumpcloud.json", "jumpcloud", Some("Forbidden: IP address 203.0.113.7 has been blocked")) },
        Row {
            content_type: Some("text/plain"),
            ..row("jumpcloud_v1.txt", "text", Some("Unauthorized: invalid API key"))
        },
        Row {
            code: Some("RATE_LIMIT_EXCEEDED"),
            request_id: Some("a1b2c3d4-req"),
            docs_url: Some("https://cloud.google.com/docs/quota#requesting_higher_quota"),
            retry_after_ms: Some(26_000),
            ..row("google.json", "google", Some("Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'translate.googleapis.com'."))
        },
        Row {
            code: Some("INVALID_ARGUMENT"),
            fields: &[("email_addresses[0].value", &["Invalid email address"])],
            retry_after_ms: Some(1_500),
            ..row("google_badrequest.json", "google", Some("Request contains an invalid argument."))
        },
        Row { code: Some("notFound"), ..row("google_v1.json", "google", Some("File not found: 1234.")) },
        Row {
            code: Some("InvalidAuthenticationToken"),
            request_id: Some("b5d2c1a0-1111-2222-3333-444455556666"),
            ..row("graph.json", "odata", Some("Access token has expired or is not yet valid."))
        },
        Row {
            code: Some("InvalidParameter"),
            fields: &[("location", &["Location 'mars' is not available."])],
            request_id: Some("az-req-77"),
            ..row("azure.json", "odata", Some("The value of parameter 'location' is invalid."))
        },
        Row { code: Some("005056A509B11EE1B9A8FEC11C21D78E"), ..row("odata_v2.json", "odata", Some("Resource not found for segment 'Product'")) },
        Row {
            code: Some("missing_field"),
            fields: &[("title", &["missing_field"])],
            docs_url: Some("https://docs.github.com/rest/issues/issues#create-an-issue"),
            ..row("github.json", "github", Some("Validation Failed"))
        },
        Row { docs_url: Some("https://docs.github.com/rest"), ..row("github_notfound.json", "github", Some("Not Found")) },
        Row {
            code: Some("parameter_invalid_integer"),
            fields: &[("amount", &["Invalid integer: abc"])],
            request_id: Some("req_AbC123xYz"),
            docs_url: Some("https://stripe.com/docs/error-codes/parameter-invalid-integer"),
            ..row("stripe.json", "stripe", Some("Invalid integer: abc"))
        },
        Row {
            code: Some("card_declined"),
            docs_url: Some("https://stripe.com/docs/error-codes/card-declined"),
            ..row("stripe_card.json", "stripe", Some("Your card has insufficient funds.")) },
        Row { code: Some("invalid_auth"), ..row("slack.json", "slack", Some("invalid_auth")) },
        Row { code: Some("missing_scope"), ..row("slack_scope.json", "slack", Some("missing_scope")) },
        Row {
            code: Some("20404"),
            docs_url: Some("https://www.twilio.com/docs/errors/20404"),
            ..row("twilio.json", "twilio", Some("The requested resource /2010-04-01/Accounts/ACxxx/Messages/SMxxx.json was not found"))
        },
        row("shopify_string.json", "shopify", Some("[API] Invalid API key or access token (unrecognized login or wrong password)")),
        Row {
            fields: &[("title", &["can't be blank"]), ("variants.price", &["must be greater than or equal to 0"])],
            ..row("shopify_map.json", "shopify", Some("title: can't be blank"))
        },
        row("shopify_array.json", "shopify", Some("Line items is invalid")),
        Row {
            code: Some("invalid_email"),
            fields: &[
                ("email", &["Email must contain an @ character."]),
                ("first-name", &["First name must contain at least two characters."]),
            ],
            ..row("jsonapi.json", "jsonapi", Some("Email must contain an @ character."))
        },
        Row {
            code: Some("INTERNAL_SERVER_ERROR"),
            ..row("graphql.json", "graphql", Some("Name for character with ID 1002 could not be fetched."))
        },
        Row { code: Some("UNAUTHENTICATED"), ..row("graphql_unauth.json", "graphql", Some("You must be logged in.")) },
        Row {
            code: Some("ResourceNotFoundException"),
            ..row("aws.json", "aws", Some("Requested resource not found: Table: Orders not found"))
        },
        Row {
            code: Some("ValidationException"),
            ..row("aws_upper.json", "aws", Some("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"))
        },
        Row {
            code: Some("NoSuchKey"),
            request_id: Some("4442587FB7D0A2F9"),
            ..row("s3.xml", "aws_xml", Some("The resource you requested does not exist"))
        },
        Row {
            code: Some("InvalidParameterValue"),
            request_id: Some("42d59b56-7407-4c4a-be0f-4c88daeea257"),
            ..row("aws_query.xml", "aws_xml", Some("Value \"x&y\" at 'userName' failed to satisfy constraint"))
        },
        Row {
            code: Some("soap:Server"),
            ..row("soap_fault.xml", "xml", Some("Server was unable to process request. ---> Object reference not set"))
        },
        Row { code: Some("10000"), ..row("cloudflare.json", "cloudflare", Some("Authentication error")) },
        Row {
            code: Some("50035"),
            fields: &[
                ("activities.0.platform", &["Value must be one of ('desktop', 'android', 'ios')."]),
                ("activities.0.type", &["Value must be one of (0, 1, 2, 3, 4, 5)."]),
            ],
            ..row("discord.json", "discord", Some("Invalid Form Body"))
        },
        Row { retry_after_ms: Some(64_570), ..row("discord_ratelimit.json", "discord", Some("You are being rate limited.")) },
        Row {
            code: Some("invalid_api_key"),
            ..row("openai.json", "openai", Some("Incorrect API key provided: sk-abc***. You can find your API key at https://platform.openai.com/account/api-keys."))
        },
        Row {
            code: Some("Invalid"),
            fields: &[("spec.containers[0].image", &["Required value"])],
            ..row("kubernetes.json", "kubernetes", Some("Pod \"web\" is invalid: spec.containers[0].image: Required value"))
        },
        Row {
            code: Some("index_not_found_exception"),
            ..row("elasticsearch.json", "elasticsearch", Some("no such index [missing]"))
        },
        Row {
            code: Some("missing"),
            fields: &[
                ("user.email", &["Field required"]),
                ("limit", &["Input should be a valid integer, unable to parse string as an integer"]),
            ],
            ..row("fastapi.json", "fastapi", Some("user.email: Field required"))
        },
        row("fastapi_string.json", "fastapi", Some("Item not found")),
        Row {
            fields: &[
                ("email", &["The email field is required."]),
                ("password", &["The password field must be at least 8 characters."]),
            ],
            ..row("laravel.json", "laravel", Some("The email field is required. (and 1 more error)"))
        },
        Row { ..row("nestjs.json", "simple", Some("email must be an email")) },
        Row {
            request_id: Some("corr-9f8e"),
            retry_after_ms: Some(30_000),
            ..row("unknown.json", "json", Some("Upstream quota reached for tenant"))
        },
        row("proto.json", "json", Some("__proto__ is data")),
        Row { code: Some("INVALID_SESSION_ID"), ..row("top_array.json", "json", Some("Session expired or invalid")) },
        Row { code: Some("500"), ..row("truncated.json", "invalid_json", Some("Backend \"db\" unavailable é")) },
        row("nginx_502.html", "html", Some("502 Bad Gateway")),
        row("elb_503.html", "html", Some("503 Service Temporarily Unavailable")),
        Row {
            request_id: Some("7d2f8a9b0c1e2f3a"),
            ..row("cloudflare_522.html", "html", Some("example.com | 522: Connection timed out"))
        },
        row("iis_500.html", "html", Some("500 - Internal server error.")),
        row("h1_only.html", "html", Some("Service & API <down> — try later")),
    ]
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/envelope/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_family_is_recognised_by_shape() {
    let mut failures = Vec::new();
    for r in rows() {
        let env = parse_error(&fixture(r.file), Some(400), r.content_type);
        let fields: Vec<(&str, Vec<&str>)> = env
            .field_errors
            .iter()
            .map(|(f, m)| (f.as_str(), m.iter().map(String::as_str).collect()))
            .collect();
        let want: Vec<(&str, Vec<&str>)> = r.fields.iter().map(|(f, m)| (*f, m.to_vec())).collect();
        let got = (
            env.format,
            env.message.as_deref(),
            env.code.as_deref(),
            fields,
            env.request_id.as_deref(),
            env.docs_url.as_deref(),
            env.retry_after_ms,
        );
        let expected = (
            r.format,
            r.message,
            r.code,
            want,
            r.request_id,
            r.docs_url,
            r.retry_after_ms,
        );
        if got != expected {
            failures.push(format!("{}:\n  got  {got:?}\n  want {expected:?}", r.file));
        }
        if env.format == "html" {
            assert!(env.messages.iter().all(|m| !m.contains("</")), "{}", r.file);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_file_has_a_row() {
    let dir = format!("{}/tests/fixtures/envelope", env!("CARGO_MANIFEST_DIR"));
    let names: Vec<&str> = rows().iter().map(|r| r.file).collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(names.contains(&name.as_str()), "no table row for {name}");
    }
}

#[test]
fn messages_hold_every_message_once_most_specific_first() {
    let env = parse_error(&fixture("problem.json"), None, None);
    assert_eq!(
        env.messages,
        [
            "Your current balance is 30, but that costs 50.",
            "You do not have enough credit."
        ]
    );
    let env = parse_error(&fixture("jsonapi.json"), None, None);
    assert_eq!(
        env.messages,
        [
            "Email must contain an @ character.",
            "Invalid Attribute",
            "First name must contain at least two characters."
        ]
    );
}

/// (body, content type, format, message)
type Degenerate = (
    &'static [u8],
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
);

/// Degenerate bodies.
const DEGENERATE: &[Degenerate] = &[
    (b"", None, "empty", None),
    (b" \r\n\t ", Some("application/json"), "empty", None),
    (b"\xEF\xBB\xBF{\"message\":\"bom\"}", None, "json", Some("bom")),
    (b"  upstream connect error or disconnect/reset before headers  ", None, "text", Some("upstream connect error or disconnect/reset before headers")),
    (b"{\"message\": \"cut here", None, "invalid_json", None),
    (b"{\"message\": \"ok\", ", None, "invalid_json", Some("ok")),
    (b"[1, 2", None, "invalid_json", None),
    (b"Internal Server Error", Some("application/json; charset=utf-8"), "invalid_json", Some("Internal Server Error")),
    (b"\"just a string\"", Some("application/json"), "json", Some("just a string")),
    (b"null", Some("application/json"), "json", None),
    (b"\xFF\xFE bad \xC3", None, "text", Some("\u{FFFD}\u{FFFD} bad \u{FFFD}")),
    (b"<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>ea9-1</RequestID></Response>", None, "aws_xml", Some("AWS was not able to validate the provided access credentials")),
    (b"<note><body>plain xml</body></note>", Some("application/xml"), "xml", Some("plain xml")),
    (b"<html><head><title>  Too\n  Many &amp; Requests </title></head></html>", Some("text/html"), "html", Some("Too Many & Requests")),
    (b"<p>no title <b>here</b></p><script>alert(1)</script>", Some("text/html"), "html", Some("no title here")),
];

#[test]
fn degenerate_bodies() {
    for (body, ct, format, message) in DEGENERATE {
        let env = parse_error(body, None, *ct);
        assert_eq!(
            (env.format, env.message.as_deref()),
            (*format, *message),
            "{body:?}"
        );
    }
}

#[test]
fn plain_text_is_bounded_on_a_char_boundary() {
    let body = "é".repeat(5000);
    let env = parse_error(body.as_bytes(), None, None);
    let m = env.message.unwrap();
    assert_eq!(m.chars().count(), 1001);
    assert!(m.ends_with('…'));
}

#[test]
fn hostile_bodies_are_bounded() {
    // Deep nesting is not parsed, and does not overflow the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        parse_error(deep.as_bytes(), None, None).format,
        "invalid_json"
    );
    let deep_ok = format!("{}\"x\"{}", "[".repeat(60), "]".repeat(60));
    assert_eq!(parse_error(deep_ok.as_bytes(), None, None).format, "json");
    // Only the first MAX_BODY_BYTES are read: a huge valid body is cut, so it is invalid.
    let huge = format!(
        "{{\"message\":\"big\",\"pad\":\"{}\"}}",
        "x".repeat(MAX_BODY_BYTES)
    );
    let env = parse_error(huge.as_bytes(), None, None);
    assert_eq!(
        (env.format, env.message.as_deref()),
        ("invalid_json", Some("big"))
    );
    // Many messages are capped.
    let many: Vec<String> = (0..1000)
        .map(|i| format!("{{\"message\":\"m{i}\"}}"))
        .collect();
    let body = format!("{{\"errors\":[{}],\"data\":null}}", many.join(","));
    let env = parse_error(body.as_bytes(), None, None);
    assert_eq!(env.format, "graphql");
    assert_eq!(env.messages.len(), 100);
}

#[test]
fn parse_error_value_takes_parsed_json() {
    let v = faultline::json::parse(r#"{"ok":false,"error":"channel_not_found"}"#).unwrap();
    let env = parse_error_value(&v, Some(200));
    assert_eq!(
        (env.format, env.code.as_deref()),
        ("slack", Some("channel_not_found"))
    );
}

#[test]
fn to_json_has_the_contract_shape() {
    let env = parse_error(&fixture("simple_fields.json"), None, None);
    assert_eq!(
        env.to_json(),
        r#"{"format":"simple","message":"Validation failed","messages":["Validation failed","is invalid","has already been taken","can't be blank"],"fieldErrors":{"email":["is invalid","has already been taken"],"name":["can't be blank"]},"code":null,"requestId":null,"docsUrl":null,"retryAfterMs":null}"#
    );
    let env = Envelope {
        format: "text",
        message: Some("a \"q\" \\ \n \u{1}".into()),
        retry_after_ms: Some(1500),
        ..Envelope::default()
    };
    let json = env.to_json();
    assert!(
        json.contains(r#""message":"a \"q\" \\ \n \u0001""#),
        "{json}"
    );
    assert!(json.ends_with(r#""retryAfterMs":1500}"#), "{json}");
    // The output is valid JSON and round-trips.
    let v = faultline::json::parse(&json).unwrap();
    assert!(matches!(v, faultline::json::Value::Object(_)));
}

#[test]
fn proto_keys_are_plain_data() {
    let body = br#"{"errors":{"__proto__":["bad"],"constructor":{"name":["x"]}}}"#;
    let env = parse_error(body, None, None);
    assert_eq!(env.field_errors[0].0, "__proto__");
    assert_eq!(env.field_errors[1].0, "constructor.name");
}

#[test]
fn json_pointer_escapes_are_decoded() {
    let body =
        br#"{"errors":[{"source":{"pointer":"/data/attributes/a~1b~0c~2"},"detail":"bad"}]}"#;
    let env = parse_error(body, None, None);
    assert_eq!(env.field_errors[0].0, "a/b~c~2");
}
